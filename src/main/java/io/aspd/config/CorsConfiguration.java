package io.aspd.config;

import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Browser access to the API from the origins in {@code aspd.cors.allowed-origins} ("*" for any). Without origins nothing
 * is registered: no CORS headers are sent and browsers keep to the same origin. Runs first, so that preflight requests are answered
 * before the API key is checked.
 */
@Configuration(proxyBeanMethods = false)
public class CorsConfiguration {
    private static final Duration PREFLIGHT_CACHE = Duration.ofHours(1);

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1) // after the request id (so that rejections carry one), before the key
    CorsWebFilter corsWebFilter(AspdProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (properties.cors().allowedOrigins().isEmpty()) {
            return new CorsWebFilter(source);
        }
        org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
        cors.setAllowedOriginPatterns(properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("*"));
        cors.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, "x-request-id"));
        cors.setMaxAge(PREFLIGHT_CACHE);
        source.registerCorsConfiguration("/v1/**", cors);
        source.registerCorsConfiguration("/tokenize", cors);
        source.registerCorsConfiguration("/detokenize", cors);
        return new CorsWebFilter(source);
    }
}

package io.aspd.api;

import io.aspd.config.AspdProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deadlines for clients that hold a connection without finishing their request, so that a few slow or stalled clients
 * cannot keep connections (and the memory of half-read bodies) for ever. A connection waiting for a request, or stuck
 * in its request head, is closed by {@code server.netty.idle-timeout}; a request body that pauses longer than
 * {@code aspd.api.body-read-timeout}, or takes longer than {@code aspd.api.body-timeout} in all, is closed here.
 * Generating the answer is not limited here: that is {@code aspd.admission.request-timeout}.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionTimeouts {
    @Bean
    NettyServerCustomizer requestBodyTimeouts(AspdProperties properties) {
        AspdProperties.Api api = properties.api();
        return server -> server.readTimeout(api.bodyReadTimeout()).requestTimeout(api.bodyTimeout());
    }
}

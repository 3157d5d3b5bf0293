package io.aspd.config;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the serving side: the {@code aspd.*} properties and the Resilience4j bulkhead registry with its metrics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AspdProperties.class)
public class ServingConfiguration {

    /**
     * The registry the admission bulkhead lives in; its metrics
     * ({@code resilience4j_bulkhead_available_concurrent_calls}, ...) go to the Prometheus endpoint.
     */
    @Bean
    BulkheadRegistry bulkheadRegistry(MeterRegistry meters) {
        BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
        TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
        return registry;
    }
}

package io.aspd.metrics;

import io.aspd.serving.Admission;
import io.aspd.serving.ModelService;
import io.aspd.serving.ServedModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * How loaded the server is right now. {@code aspd_num_requests_waiting} is what the Helm chart's autoscaler watches: it
 * counts requests waiting for an admission permit plus admitted generations the engine has not yet put in its batch.
 */
@Component
public class LoadGauges {
    public LoadGauges(MeterRegistry registry, ModelService models, Admission admission) {
        Gauge.builder("aspd.num_requests_running", models,
                        m -> m.ready().map(ServedModel::engine).map(e -> e.runningCount()).orElse(0))
                .description("Generations in the engine's running batch")
                .register(registry);
        Gauge.builder("aspd.num_requests_waiting", models,
                        m -> admission.queued() + m.ready().map(ServedModel::engine).map(e -> e.waitingCount()).orElse(0))
                .description("Requests waiting for admission plus generations waiting for a place in the batch")
                .register(registry);
        // vLLM's name and meaning: the share of the KV cache pool's slots reserved by running generations, 0 to 1
        Gauge.builder("aspd.kv_cache_usage_perc", models,
                        m -> m.ready().map(ServedModel::engine).map(e -> e.kvCacheUsage().reservedFraction()).orElse(0.0))
                .description("Share of the KV cache pool reserved by running generations (1 = full)")
                .register(registry);
    }
}

package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ObservabilityTest extends PlainModelServerTest {
    private static final Path REPORT = Path.of(BENCHMARK_REPORT);

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void removeReport() throws IOException {
        Files.deleteIfExists(REPORT);
    }

    private String get(String uri) {
        return client.get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void livenessAndReadinessAreUpOnceTheModelServes() {
        assertThat(Wire.json(get("/actuator/health/liveness")).get("status").asString()).isEqualTo("UP");
        assertThat(Wire.json(get("/actuator/health/readiness")).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusExposesTheServingMetricsAndTheyCountWhatWasServed() {
        double promptBefore = counter("aspd.prompt_tokens");
        double generatedBefore = counter("aspd.generation_tokens");
        double forwardsBefore = counter("aspd.forward_passes");
        JsonNode response = ok("/v1/chat/completions", Wire.chat("max_tokens", 6, "seed", 1));

        assertThat(counter("aspd.prompt_tokens") - promptBefore)
                .isEqualTo(response.get("usage").get("prompt_tokens").asDouble());
        assertThat(counter("aspd.generation_tokens") - generatedBefore)
                .isEqualTo(response.get("usage").get("completion_tokens").asDouble());
        assertThat(counter("aspd.forward_passes") - forwardsBefore)
                .isEqualTo(response.get("aspd").get("forward_passes").asDouble());

        String scrape = get("/actuator/prometheus");
        for (String name : List.of("aspd_time_to_first_token_seconds_bucket", "aspd_inter_token_latency_seconds_bucket",
                "aspd_e2e_request_latency_seconds_bucket", "aspd_request_queue_time_seconds_bucket",
                "aspd_engine_step_seconds_bucket", "aspd_num_requests_running", "aspd_num_requests_waiting",
                "aspd_kv_cache_usage_perc", "aspd_prefix_cache_queries_tokens_total",
                "aspd_prefix_cache_hits_tokens_total",
                "aspd_prompt_tokens_total", "aspd_generation_tokens_total", "aspd_forward_passes_total",
                "aspd_blocks_total", "aspd_branches_total", "aspd_request_success_total", "aspd_parallel_share_count",
                "aspd_step_ratio_count", "aspd_branches_per_block_count",
                "resilience4j_bulkhead_available_concurrent_calls")) {
            assertThat(scrape).as(name).containsPattern("(?m)^" + name + "[{ ]");
        }
        assertThat(scrape).contains("stage=\"admission\"", "stage=\"engine\"", "finished_reason=\"length\"");
    }

    /** The counters and the response's usage.prompt_tokens_details.cached_tokens tell the same story. */
    @Test
    void aRepeatedPromptCountsItsCachedBlocksAsPrefixCacheHits() {
        List<Map<String, String>> messages = List.of(
                Map.of("role", "system", "content", "Observability check: you answer questions about parcels, "
                        + "returns and invoices of a small web shop, briefly and politely, in English."),
                Map.of("role", "user", "content", "Where is my parcel?"));
        String request = Wire.chat("messages", messages, "max_tokens", 4, "seed", 1);
        double queriesBefore = counter("aspd.prefix_cache_queries");
        double hitsBefore = counter("aspd.prefix_cache_hits");
        JsonNode firstUsage = ok("/v1/chat/completions", request).get("usage");
        int promptTokens = firstUsage.get("prompt_tokens").asInt();
        double firstHits = counter("aspd.prefix_cache_hits") - hitsBefore;
        JsonNode secondUsage = ok("/v1/chat/completions", request).get("usage");

        assertThat(counter("aspd.prefix_cache_queries") - queriesBefore).isEqualTo(2.0 * promptTokens);
        int cacheable = (promptTokens - 1) / 16 * 16; // whole 16-token blocks, the last prompt token always computed
        assertThat(cacheable).isPositive();
        assertThat(firstHits).isLessThan(cacheable);
        assertThat(counter("aspd.prefix_cache_hits") - hitsBefore - firstHits).isEqualTo(cacheable);
        assertThat(firstUsage.get("prompt_tokens_details").get("cached_tokens").asInt()).isEqualTo((int) firstHits);
        assertThat(secondUsage.get("prompt_tokens_details").get("cached_tokens").asInt()).isEqualTo(cacheable);
        assertThat(secondUsage.get("prompt_tokens").asInt()).isEqualTo(promptTokens);
    }

    @Test
    void theAspdEndpointSummarisesLiveSpeedupAndTheBenchmarkWhenItHasRun() throws IOException {
        ok("/v1/chat/completions", Wire.chat("max_tokens", 4, "seed", 2));
        JsonNode summary = Wire.json(get("/actuator/aspd"));

        assertThat(summary.get("model").asString()).isEqualTo(MODEL);
        assertThat(summary.get("state").asString()).isEqualTo("ready");
        JsonNode live = summary.get("live");
        assertThat(live.get("generations").asLong()).isPositive();
        assertThat(live.get("step_ratio").asDouble())
                .isEqualTo(live.get("visible_tokens").asDouble() / live.get("forward_passes").asDouble());
        assertThat(live.get("parallel_share").asDouble()).isZero();
        assertThat(summary.get("benchmark").get("status").asString()).startsWith("not run");

        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, """
                {"speedup_parallel_vs_sequential": 1.62, "speedup_parallel_vs_off": 1.41,
                 "measured_at": "2026-11-26T12:00:00Z",
                 "by_category": {"writing": {"speedup_parallel_vs_sequential": 2.1}}}
                """);
        JsonNode benchmark = Wire.json(get("/actuator/aspd")).get("benchmark");
        assertThat(benchmark.get("speedup_parallel_vs_sequential").asDouble()).isEqualTo(1.62);
        assertThat(benchmark.get("speedup_parallel_vs_off").asDouble()).isEqualTo(1.41);
        assertThat(benchmark.get("measured_at").asString()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(benchmark.get("by_category").get("writing").get("speedup_parallel_vs_sequential").asDouble())
                .isEqualTo(2.1);

        Files.writeString(REPORT, "not json");
        assertThat(Wire.json(get("/actuator/aspd")).get("benchmark").get("status").asString())
                .startsWith("unreadable");
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }
}

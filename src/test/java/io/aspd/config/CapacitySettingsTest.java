package io.aspd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

/**
 * The one concurrency setting, {@code aspd.engine.max-sequences}, bound as the server binds it: the defaults let the
 * engine batch 16 generations, and settings that contradict each other stop the start with a message naming the keys.
 */
class CapacitySettingsTest {

    @Test
    void theDefaultsLetTheEngineBatchSixteenGenerationsWithRowsToSpare() {
        AspdProperties.Engine engine = TestProperties.bind(Map.of()).engine();

        assertThat(engine.maxSequences()).isEqualTo(16);
        assertThat(engine.maxBatchRows()).isEqualTo(64);
    }

    @Test
    void moreSequencesThanBatchRowsStopTheStart() {
        assertThatThrownBy(() -> TestProperties.bind(Map.of("aspd.engine.max-sequences", "40", "aspd.engine.max-batch-rows", "32")))
                .isInstanceOf(BindException.class)
                .satisfies(e -> assertThat(TestProperties.rootCause(e)).hasMessageContaining("aspd.engine.max-sequences (40)")
                        .hasMessageContaining("aspd.engine.max-batch-rows (32)"));
        assertThat(TestProperties.bind(Map.of("aspd.engine.max-sequences", "32", "aspd.engine.max-batch-rows", "32",
                "aspd.engine.prefill-chunk-tokens", "32")).engine().maxSequences()).isEqualTo(32);
    }

    @Test
    void aPrefillChunkLargerThanAForwardStopsTheStart() {
        assertThat(TestProperties.bind(Map.of()).engine().prefillChunkTokens()).isEqualTo(16);
        assertThatThrownBy(() -> TestProperties.bind(Map.of("aspd.engine.prefill-chunk-tokens", "65")))
                .isInstanceOf(BindException.class)
                .satisfies(e -> assertThat(TestProperties.rootCause(e)).hasMessageContaining("aspd.engine.prefill-chunk-tokens (65)")
                        .hasMessageContaining("aspd.engine.max-batch-rows (64)"));
        assertThatThrownBy(() -> TestProperties.bind(Map.of("aspd.engine.prefill-chunk-tokens", "0")))
                .isInstanceOf(BindException.class)
                .satisfies(e -> assertThat(TestProperties.rootCause(e)).hasMessageContaining("aspd.engine.prefill-chunk-tokens"));
    }

    @Test
    void theRetiredAdmissionLimitStopsTheStartNamingItsReplacement() {
        assertThatThrownBy(() -> TestProperties.bind(Map.of("aspd.admission.max-concurrent", "4")))
                .isInstanceOf(BindException.class)
                .satisfies(e -> assertThat(TestProperties.rootCause(e)).hasMessageContaining("aspd.admission.max-concurrent")
                        .hasMessageContaining("aspd.engine.max-sequences"));
    }
}

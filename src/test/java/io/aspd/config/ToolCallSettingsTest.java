package io.aspd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aspd.engine.constraint.ToolCallFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

/**
 * The model's tool-call markers, {@code aspd.model.tool-call.open} / {@code .close}, bound as the server binds them:
 * Hermes's by default, any others when set, and markers that would make a call's start or end ambiguous stop the
 * start with a message naming the keys.
 */
class ToolCallSettingsTest {

    @Test
    void theDefaultIsTheHermesSyntax() {
        assertThat(TestProperties.bind(Map.of()).model().toolCall().format()).isEqualTo(ToolCallFormat.HERMES);
        assertThat(TestProperties.bind(Map.of("aspd.model.path", "models/x")).model().toolCall().format())
                .isEqualTo(ToolCallFormat.HERMES);
    }

    @Test
    void otherMarkersAreTaken() {
        AspdProperties properties = TestProperties.bind(Map.of("aspd.model.tool-call.open", "[TOOL_CALLS]",
                "aspd.model.tool-call.close", "[/TOOL_CALLS]"));
        assertThat(properties.model().toolCall().format())
                .isEqualTo(new ToolCallFormat("[TOOL_CALLS]", "[/TOOL_CALLS]"));
    }

    @Test
    void emptyEqualOrAmbiguousMarkersStopTheStart() {
        for (Map<String, String> settings : java.util.List.of(
                Map.of("aspd.model.tool-call.open", ""),
                Map.of("aspd.model.tool-call.close", ""),
                Map.of("aspd.model.tool-call.open", "<call>", "aspd.model.tool-call.close", "<call>"),
                Map.of("aspd.model.tool-call.open", " <call>"),
                Map.of("aspd.model.tool-call.close", "{end}"))) {
            assertThatThrownBy(() -> TestProperties.bind(settings)).as(settings.toString())
                    .isInstanceOf(BindException.class)
                    .satisfies(e -> assertThat(TestProperties.rootCause(e)).hasMessageContaining("aspd.model.tool-call.open")
                            .hasMessageContaining("aspd.model.tool-call.close"));
        }
    }
}

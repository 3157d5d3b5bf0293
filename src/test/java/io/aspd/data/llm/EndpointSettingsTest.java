package io.aspd.data.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointSettingsTest {

    @Test
    void theChatCompletionsUrlHangsUnderTheBaseUrl() {
        for (String base : new String[] {"http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1/"}) {
            EndpointSettings settings = new EndpointSettings(URI.create(base), "m", Optional.empty(),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ofMillis(1), 16);
            assertThat(settings.chatCompletions()).hasToString("http://127.0.0.1:8080/v1/chat/completions");
        }
        assertThatThrownBy(() -> new EndpointSettings(URI.create("ftp://x/v1"), "m", Optional.empty(),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ofMillis(1), 16))
                .hasMessageContaining("http or https");
    }
}

package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** The {@code dev} profile exposes more of actuator, but never writes and never configuration or memory dumps. */
@ActiveProfiles("dev")
@TestPropertySource(properties = "aspd.security.api-keys=dev-key")
class DevProfileActuatorTest extends PlainModelServerTest {
    private static final String KEY = "Authorization: Bearer dev-key";

    @Test
    void writesAreOffEvenWithTheKey() {
        RawHttp.Response write = RawHttp.send(port, "POST", "/actuator/loggers/ROOT", "{\"configuredLevel\":\"TRACE\"}",
                "Content-Type: application/json", KEY);
        assertThat(write.status()).isBetween(400, 499);
        assertThat(RawHttp.send(port, "GET", "/actuator/loggers/ROOT", (byte[]) null, KEY).text())
                .doesNotContain("TRACE");
    }

    @Test
    void configurationAndMemoryDumpsAreOff() {
        for (String path : new String[] {"/actuator/env", "/actuator/configprops", "/actuator/heapdump"}) {
            assertThat(RawHttp.send(port, "GET", path, (byte[]) null, KEY).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void theRestNeedsTheKey() {
        assertThat(RawHttp.send(port, "GET", "/actuator/metrics", (byte[]) null).status()).isEqualTo(401);
        assertThat(RawHttp.send(port, "GET", "/actuator/metrics", (byte[]) null, KEY).status()).isEqualTo(200);
        assertThat(RawHttp.send(port, "GET", "/actuator/health/readiness", (byte[]) null).status()).isEqualTo(200);
    }
}

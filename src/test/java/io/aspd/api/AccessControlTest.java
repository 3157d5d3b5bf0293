package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** API keys, the per-key rate limit (one request per 100 s here) and CORS, on their own server. */
@TestPropertySource(properties = {
        "aspd.security.api-keys=key-one,key-two",
        "aspd.admission.rate-limit.enabled=true",
        "aspd.admission.rate-limit.requests-per-second=0.01",
        "aspd.cors.allowed-origins=https://app.example"})
class AccessControlTest extends PlainModelServerTest {

    @Test
    void aMissingOrWrongKeyIs401() {
        JsonNode missing = error(client.get().uri("/v1/models").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
        assertThat(missing.get("code").asString()).isEqualTo("invalid_api_key");

        error(client.get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "Bearer key-three").exchange()
                .expectStatus().isUnauthorized());
        error(client.post().uri("/tokenize").header(HttpHeaders.AUTHORIZATION, "Basic a2V5LW9uZQ==")
                .bodyValue(Wire.object("prompt", "x")).exchange().expectStatus().isUnauthorized());
    }

    @Test
    void eachKeyHasItsOwnRateLimit() {
        client.get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "Bearer key-one").exchange()
                .expectStatus().isOk();

        JsonNode limited = error(client.get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "Bearer key-one")
                .exchange().expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Long.parseLong(v)).isPositive()));
        assertThat(limited.get("code").asString()).isEqualTo("rate_limit_exceeded");

        client.get().uri("/v1/models").header(HttpHeaders.AUTHORIZATION, "bearer key-two").exchange()
                .expectStatus().isOk();
    }

    @Test
    void actuatorNeedsNoKey() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk();
        client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void browsersFromAllowedOriginsPassThePreflightWithoutAKey() {
        client.method(HttpMethod.OPTIONS).uri("/v1/chat/completions")
                .header(HttpHeaders.ORIGIN, "https://app.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example");

        client.method(HttpMethod.OPTIONS).uri("/v1/chat/completions")
                .header(HttpHeaders.ORIGIN, "https://elsewhere.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus().isForbidden();
    }

    private static JsonNode error(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
        JsonNode body = Wire.json(response.expectBody(String.class).returnResult().getResponseBody());
        assertThat(body.get("error").get("message").asString()).isNotBlank();
        return body.get("error");
    }
}

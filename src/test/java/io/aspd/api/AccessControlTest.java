package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** API keys, the per-key rate limit (one request per 100 s here) and CORS, on their own server. */
@TestPropertySource(properties = {
        "aspd.security.api-keys=key-one,key-two,key-spellings",
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
    void probesAndScrapesNeedNoKey() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                "/actuator/prometheus", "/actuator/aspd")) {
            assertThat(RawHttp.send(port, "GET", path, (byte[]) null).status()).as(path).isEqualTo(200);
        }
    }

    /** Every route, and every other spelling of its path that a router might read as the route, needs the key. */
    @Test
    void noSpellingOfAPathGetsPastTheKey() {
        for (String[] route : ROUTES) {
            for (String spelling : spellings(route[1])) {
                RawHttp.Response response = RawHttp.send(port, route[0], spelling, route[2],
                        "Content-Type: application/json");
                assertThat(response.status()).as("%s %s without a key", route[0], spelling).isEqualTo(401);
                assertThat(Wire.json(response.text()).get("error").get("code").asString()).isEqualTo("invalid_api_key");
            }
        }
    }

    @Test
    void unknownPathsAndActuatorInternalsNeedTheKey() {
        for (String path : List.of("/nowhere", "/actuator", "/actuator/env", "/actuator/configprops",
                "/actuator/loggers", "/actuator/health/model", "/actuator/heapdump", "/%61ctuator/prometheus",
                "/actuator/health;x=1", "/actuator//health", "/actuator/health/")) {
            assertThat(RawHttp.send(port, "GET", path, (byte[]) null).status()).as(path).isEqualTo(401);
        }
        assertThat(RawHttp.send(port, "POST", "/actuator/loggers/ROOT", "{\"configuredLevel\":\"TRACE\"}",
                "Content-Type: application/json").status()).isEqualTo(401);
        assertThat(RawHttp.send(port, "POST", "/actuator/health", "{}", "Content-Type: application/json").status())
                .isEqualTo(401);
    }

    @Test
    void theRateLimitCountsEverySpelling() {
        String key = "Authorization: Bearer key-spellings";
        assertThat(RawHttp.send(port, "GET", "/v1/models", (byte[]) null, key).status()).isEqualTo(200);
        for (String spelling : spellings(ApiRoutes.MODELS)) {
            assertThat(RawHttp.send(port, "GET", spelling, (byte[]) null, key).status()).as(spelling).isEqualTo(429);
        }
    }

    private static final String[][] ROUTES = {
            {"POST", ApiRoutes.CHAT_COMPLETIONS, Wire.chat("max_tokens", 1)},
            {"POST", ApiRoutes.CHAT_COMPLETIONS, Wire.chat("max_tokens", 1, "stream", true)},
            {"POST", ApiRoutes.COMPLETIONS, Wire.completion("max_tokens", 1)},
            {"POST", ApiRoutes.COMPLETIONS, Wire.completion("max_tokens", 1, "stream", true)},
            {"GET", ApiRoutes.MODELS, null},
            {"GET", ApiRoutes.MODELS + "/" + MODEL, null},
            {"POST", ApiRoutes.TOKENIZE, Wire.object("prompt", "x")},
            {"POST", ApiRoutes.DETOKENIZE, Wire.object("tokens", List.of(1, 2))}};

    /** The plain path and the spellings a lenient router or proxy may read as the same path. */
    static List<String> spellings(String path) {
        List<String> segments = List.of(path.substring(1).split("/"));
        Set<String> out = new LinkedHashSet<>();
        out.add(path);
        out.add(path + "/");
        out.add("/" + path);
        out.add(path.replace("/", "//"));
        out.add("/." + path);
        out.add("/x/.." + path);
        out.add(path.toUpperCase(Locale.ROOT));
        out.add("/" + String.join("%2F", segments));
        out.add("/" + String.join("%2f", segments));
        out.add(percentEncodeAll(path));
        for (int i = 0; i < segments.size(); i++) {
            List<String> matrix = new ArrayList<>(segments);
            matrix.set(i, segments.get(i) + ";x=1");
            out.add("/" + String.join("/", matrix));
            List<String> encoded = new ArrayList<>(segments);
            encoded.set(i, "%" + Integer.toHexString(segments.get(i).charAt(0)) + segments.get(i).substring(1));
            out.add("/" + String.join("/", encoded));
            List<String> dotted = new ArrayList<>(segments);
            dotted.add(i, ".");
            out.add("/" + String.join("/", dotted));
        }
        out.add(path + "?x=1");
        return List.copyOf(out);
    }

    private static String percentEncodeAll(String path) {
        StringBuilder encoded = new StringBuilder();
        for (char c : path.toCharArray()) {
            encoded.append(c == '/' ? "/" : "%" + Integer.toHexString(c).toUpperCase(Locale.ROOT));
        }
        return encoded.toString();
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

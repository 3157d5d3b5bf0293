package io.aspd.api;

import org.junit.jupiter.api.Test;

class SmokeTest extends ServerTest {
    @Test
    void chat() {
        String body = client.post().uri("/v1/chat/completions")
                .bodyValue("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":1}")
                .header("Content-Type", "application/json")
                .exchange().expectBody(String.class).returnResult().getResponseBody();
        System.out.println("BODY " + body);
        String stream = client.post().uri("/v1/chat/completions")
                .bodyValue("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":1,\"stream\":true,\"stream_options\":{\"include_usage\":true}}")
                .header("Content-Type", "application/json")
                .exchange().expectBody(String.class).returnResult().getResponseBody();
        System.out.println("STREAM " + stream);
        System.out.println("ERR " + client.post().uri("/v1/chat/completions").bodyValue("{\"messages\":5}")
                .header("Content-Type", "application/json")
                .exchange().expectBody(String.class).returnResult().getResponseBody());
        System.out.println("404 " + client.get().uri("/v1/nope").exchange().expectBody(String.class).returnResult().getResponseBody());
        System.out.println("prom " + client.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult().getResponseBody().lines().filter(l -> l.startsWith("aspd")).limit(30).toList());
        System.out.println("aspd " + client.get().uri("/actuator/aspd").exchange().expectBody(String.class).returnResult().getResponseBody());
        System.out.println("ready " + client.get().uri("/actuator/health/readiness").exchange().expectBody(String.class).returnResult().getResponseBody());
    }
}

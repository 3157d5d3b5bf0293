package io.aspd.data.llm;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible chat endpoint on 127.0.0.1 that answers rewrite and judge requests from two scripts, told apart by
 * their system prompt. An exhausted script answers 500 "unscripted", which the tests would see as a failure.
 */
public final class ScriptedChatServer implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockWebServer server = new MockWebServer();
    private final Queue<MockResponse> rewrites = new ConcurrentLinkedQueue<>();
    private final Queue<MockResponse> votes = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    public ScriptedChatServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                JsonNode body = JSON.readTree(request.getBody().utf8());
                requests.add(body);
                authorizations.add(Optional.ofNullable(request.getHeaders().get("Authorization")).orElse(""));
                boolean judge = body.path("messages").path(0).path("content").asString().startsWith("You check");
                MockResponse next = (judge ? votes : rewrites).poll();
                return next != null ? next : new MockResponse.Builder().code(500).body("unscripted").build();
            }
        });
        server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    }

    public String baseUrl() {
        return server.url("/v1").toString();
    }

    public EndpointSettings settings(int maxAttempts, Duration requestTimeout) {
        return new EndpointSettings(java.net.URI.create(baseUrl()), "test-model", Optional.of("secret"),
                Duration.ofSeconds(5), requestTimeout, maxAttempts, Duration.ofMillis(1), 256);
    }

    public ScriptedChatServer rewrite(String content) {
        rewrites.add(reply(content));
        return this;
    }

    public ScriptedChatServer rewriteFails(int status, int times) {
        for (int i = 0; i < times; i++) {
            rewrites.add(new MockResponse.Builder().code(status).body("{\"error\":{\"message\":\"boom\"}}").build());
        }
        return this;
    }

    public ScriptedChatServer rewriteTooSlow(Duration delay, int times) {
        for (int i = 0; i < times; i++) {
            rewrites.add(new MockResponse.Builder(reply("late")).headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS)
                    .build());
        }
        return this;
    }

    public ScriptedChatServer votes(String... verdicts) {
        for (String verdict : verdicts) {
            votes.add(reply("Reasoning in one sentence.\nVERDICT: " + verdict));
        }
        return this;
    }

    public ScriptedChatServer votesFail(int status, int times) {
        for (int i = 0; i < times; i++) {
            votes.add(new MockResponse.Builder().code(status).body("down").build());
        }
        return this;
    }

    /** Bodies of all requests so far, in arrival order. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    public long judgeRequests() {
        return requests().stream().filter(r -> r.path("messages").path(0).path("content").asString()
                .startsWith("You check")).count();
    }

    public long rewriteRequests() {
        return requests().size() - judgeRequests();
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    static MockResponse reply(String content) {
        String body = JSON.writeValueAsString(Map.of("id", "chatcmpl-test", "object", "chat.completion", "created", 0,
                "model", "test-model", "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content)))));
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Override
    public void close() {
        server.close();
    }
}

package io.aspd.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bounded, closed-loop load on a running server: {@code clients} clients send streaming chat requests (greedy, so
 * that every level must write the same texts), each one after another, until the load's {@code requests} requests are
 * answered. Request i always asks prompt i (cycling through the prompts), so levels compare request by request.
 */
final class ConcurrencyBenchmark {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
    private static final String DATA = "data:";

    private final URI chatCompletions;
    private final URI completions;
    private final List<BenchPrompt> prompts;
    private final int requests;
    private final int maxTokens;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    ConcurrencyBenchmark(URI server, List<BenchPrompt> prompts, int requests, int maxTokens) {
        if (prompts.isEmpty() || requests < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("a load needs prompts, requests and a token budget");
        }
        this.chatCompletions = server.resolve("/v1/chat/completions");
        this.completions = server.resolve("/v1/completions");
        this.prompts = List.copyOf(prompts);
        this.requests = requests;
        this.maxTokens = maxTokens;
    }

    /** Runs the whole load with {@code clients} clients at once. */
    LoadLevel run(int clients) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicReferenceArray<StreamedAnswer> answers = new AtomicReferenceArray<>(requests);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        answers.set(i, send(i));
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
            long wall = System.nanoTime() - started;
            List<StreamedAnswer> inOrder = new ArrayList<>(requests);
            for (int i = 0; i < requests; i++) {
                inOrder.add(answers.get(i));
            }
            return new LoadLevel(clients, inOrder, wall);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client of the load failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends request {@code index} and reads its stream to the end. */
    StreamedAnswer send(int index) throws IOException, InterruptedException {
        return send(index, promptOf(index));
    }

    /** Sends {@code prompt} as request {@code index} and reads its stream to the end. */
    StreamedAnswer send(int index, BenchPrompt prompt) throws IOException, InterruptedException {
        return stream(index, chatCompletions, chatBody(prompt, Map.of()), () -> { });
    }

    /**
     * Sends request {@code index} as plain serial text (ASPD off: every chunk is the token of one engine step, none is
     * a branch released at once) and reads its stream to the end; {@code onFirstText} runs when its first text
     * arrives.
     */
    StreamedAnswer sendSerial(int index, Runnable onFirstText) throws IOException, InterruptedException {
        return stream(index, chatCompletions, chatBody(promptOf(index), Map.of("aspd", Map.of("mode", "off"))),
                onFirstText);
    }

    /** Sends a streaming text completion of exactly {@code prompt} (token ids), greedy, and reads it to the end. */
    StreamedAnswer sendTokens(int index, int[] prompt, int answerTokens) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", prompt);
        putStreamingGreedy(body, answerTokens);
        return stream(index, completions, json.writeValueAsString(body), () -> { });
    }

    private StreamedAnswer stream(int index, URI endpoint, String body, Runnable onFirstText)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long sent = System.nanoTime();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("request " + index + " got HTTP " + response.statusCode() + ": "
                        + String.join("\n", lines.toList()));
            }
            return read(index, sent, lines.iterator(), onFirstText);
        }
    }

    private BenchPrompt promptOf(int index) {
        return prompts.get(index % prompts.size());
    }

    private String chatBody(BenchPrompt prompt, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", prompt.messages().stream().map(ServedChat::wire).toList());
        if (prompt.hasTools()) {
            body.put("tools", prompt.tools());
        }
        putStreamingGreedy(body, maxTokens);
        body.putAll(extensions);
        return json.writeValueAsString(body);
    }

    private static void putStreamingGreedy(Map<String, Object> body, int answerTokens) {
        body.put("stream", true);
        body.put("stream_options", Map.of("include_usage", true));
        body.put("temperature", 0);
        body.put("max_tokens", answerTokens);
    }

    /**
     * Reads the SSE events: chunks with text (a chat chunk's delta, a completion chunk's text) are timed on arrival;
     * the usage chunk gives the token count.
     */
    private StreamedAnswer read(int index, long sent, Iterator<String> lines, Runnable onFirstText)
            throws IOException {
        StringBuilder text = new StringBuilder();
        long[] arrivals = new long[16];
        int chunks = 0;
        int completionTokens = -1;
        while (lines.hasNext()) {
            String line = lines.next();
            if (!line.startsWith(DATA)) {
                continue; // blank separators and keep-alive comments
            }
            String data = line.substring(DATA.length()).trim();
            if (data.equals("[DONE]")) {
                if (completionTokens < 0) {
                    throw new IOException("request " + index + " ended without a usage chunk");
                }
                return new StreamedAnswer(index, sent, Arrays.copyOf(arrivals, chunks), text.toString(),
                        completionTokens);
            }
            long arrived = System.nanoTime();
            JsonNode chunk = json.readTree(data);
            JsonNode choice = chunk.path("choices").path(0);
            String content = choice.path("delta").path("content").asString(choice.path("text").asString(""));
            if (!content.isEmpty()) {
                if (chunks == 0) {
                    onFirstText.run();
                }
                if (chunks == arrivals.length) {
                    arrivals = Arrays.copyOf(arrivals, chunks * 2);
                }
                arrivals[chunks++] = arrived;
                text.append(content);
            }
            if (chunk.path("usage").isObject()) {
                completionTokens = chunk.path("usage").path("completion_tokens").asInt();
            }
        }
        throw new IOException("request " + index + " ended without [DONE]");
    }
}

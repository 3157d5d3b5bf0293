package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Seeded fuzzing over HTTP: thousands of generated hostile requests to every POST route (wrong types for every field,
 * numbers out of every range, NaN and Infinity, huge strings and lists, deep nesting, invalid UTF-8, lone surrogates,
 * odd content types and methods). None may get a 5xx; every error is OpenAI's error object without internals; and the
 * server still answers a normal request afterwards. The seed is fixed so that a failure can be replayed; another seed
 * can be tried with {@code -Daspd.fuzz.seed=N}, more requests with {@code -Daspd.fuzz.requests=N}.
 */
class HostileRequestsFuzzTest extends PlainModelServerTest {
    private static final Logger log = LoggerFactory.getLogger(HostileRequestsFuzzTest.class);
    private static final long SEED = Long.getLong("aspd.fuzz.seed", 20261129L);
    private static final int REQUESTS = Integer.getInteger("aspd.fuzz.requests", 2000);
    /** Replaced, after UTF-8 encoding, by a byte sequence that is not UTF-8. */
    private static final String INVALID_UTF8 = "\u0001BAD\u0001";
    private static final byte[][] INVALID_SEQUENCES = {
            {(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0xAF}};
    private static final List<String> INTERNALS = List.of("Exception", "\tat ", "tools.jackson", "com.fasterxml",
            "java.", "io.aspd", "reactor.", "org.springframework", "io.netty");

    private static final List<String> HOSTILE_VALUES = List.of(
            "null", "true", "false", "0", "-1", "1", "2", "1.5", "-0.0", "2147483647", "2147483648", "-2147483649",
            "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "1e400", "-1e400", "1e-400", "1E10", "NaN", "Infinity", "-Infinity",
            "+1", "01", "0x10", ".5", "\"\"", "\"x\"", "\"0.5\"", "\"1\"", "\"true\"", "\"\\ud800\"",
            "\"a\\udc00b\"", "\"\\udbff\\udfff\"", "\"\\u0000\"", "\"" + INVALID_UTF8 + "\"",
            "\"x" + INVALID_UTF8 + "y\"", "[]", "{}", "[1,2,3]", "[\"a\",1,null]", "[[1],[2]]", "{\"a\":1}",
            "[null]", "[-1]", "[2147483648]", "[1e400]", "[\"\\ud800\"]", "{\"type\":\"text\"}",
            "{\"type\":\"json_object\"}", "{\"include_usage\":\"yes\"}", "[{\"role\":\"user\"}]",
            "[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]", "[{\"content\":\"hi\"}]");

    /** A route, a valid body as field -> JSON text, and the fields that may hold a hostile value (%s). */
    private record Route(String path, Map<String, String> base, List<String[]> targets) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route(ApiRoutes.CHAT_COMPLETIONS, ordered(
                    "model", "\"" + MODEL + "\"",
                    "messages", "[{\"role\":\"user\",\"content\":\"Say something.\"}]",
                    "max_tokens", "2"),
                    targets("model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k",
                            "n", "stream", "stream_options", "stop", "seed", "presence_penalty", "frequency_penalty",
                            "repetition_penalty", "logprobs", "top_logprobs", "user", "logit_bias", "tools",
                            "tool_choice", "functions", "function_call", "response_format", "audio", "modalities",
                            "prediction", "web_search_options", "return_token_ids", "aspd",
                            "aspd={\"mode\":%s}", "aspd={\"max_branches\":%s}", "aspd={\"include_structure\":%s}",
                            "messages=[{\"role\":%s,\"content\":\"hi\"}]", "messages=[{\"role\":\"user\",\"content\":%s}]",
                            "messages=[{\"role\":\"user\",\"content\":\"hi\",\"name\":%s}]",
                            "messages=[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":%s}]}]",
                            "messages=[{\"role\":\"assistant\",\"content\":\"a\",\"tool_calls\":%s}]",
                            "stream_options={\"include_usage\":%s}", "stop=[%s]")),
            new Route(ApiRoutes.COMPLETIONS, ordered(
                    "model", "\"" + MODEL + "\"",
                    "prompt", "\"Once upon a time\"",
                    "max_tokens", "2"),
                    targets("model", "prompt", "max_tokens", "temperature", "top_p", "top_k", "n", "stream",
                            "stream_options", "stop", "seed", "presence_penalty", "frequency_penalty",
                            "repetition_penalty", "logprobs", "echo", "best_of", "suffix", "logit_bias", "user",
                            "return_token_ids", "aspd", "aspd={\"max_branches\":%s}", "prompt=[%s]", "prompt=[[1,%s]]",
                            "prompt=[\"a\",%s]")),
            new Route(ApiRoutes.TOKENIZE, ordered("prompt", "\"hello\""),
                    targets("model", "prompt", "messages", "add_generation_prompt", "return_token_strs",
                            "messages=[{\"role\":\"user\",\"content\":%s}]")),
            new Route(ApiRoutes.DETOKENIZE, ordered("tokens", "[1,2,3]"),
                    targets("model", "tokens", "tokens=[1,%s]", "tokens=[%s,%s]")));

    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json",
            "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/xml",
            "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/json; charset=nope",
            "garbage/////", "*/*", "", "application/json;;;", "\u00e9/\u00e9");
    private static final List<String> ODD_METHODS = List.of("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS",
            "TRACE", "FOO");

    @Test
    void noHostileRequestGetsA5xxOrLeaksInternals() {
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Route route = ROUTES.get(i % ROUTES.size());
            String method = random.nextInt(12) == 0 ? pick(random, ODD_METHODS) : "POST";
            String contentType = random.nextInt(6) == 0 ? pick(random, CONTENT_TYPES) : "application/json";
            byte[] body = body(route, random);
            String description = "#" + i + " (seed " + SEED + "): " + method + " " + route.path() + " ["
                    + contentType + "] " + preview(body);

            RawHttp.Response response = contentType.isEmpty()
                    ? RawHttp.send(port, method, route.path(), body)
                    : RawHttp.send(port, method, route.path(), body, "Content-Type: " + contentType);

            statuses.merge(response.status(), 1, Integer::sum);
            assertThat(response.status()).as(description).isLessThan(500);
            if (response.status() >= 400 && !method.equals("HEAD")) {
                assertOpenAiError(response, description);
            }
        }
        log.info("Fuzzed {} hostile requests (seed {}); statuses: {}", REQUESTS, SEED, statuses);

        JsonNode answer = ok(ApiRoutes.CHAT_COMPLETIONS, Wire.chat("max_tokens", 2));
        assertThat(answer.get("choices").get(0).get("message").get("content").isString()).isTrue();
    }

    private static void assertOpenAiError(RawHttp.Response response, String description) {
        assertThat(response.header("content-type")).as(description).startsWith("application/json");
        JsonNode root = Wire.json(response.text());
        assertThat(root.propertyNames()).as(description).containsExactly("error");
        JsonNode error = root.get("error");
        assertThat(error.propertyNames()).as(description)
                .containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(error.get("message").asString()).as(description).isNotBlank();
        for (String internal : INTERNALS) {
            assertThat(response.text()).as(description).doesNotContain(internal);
        }
    }

    /** A valid body with one to three fields made hostile, or, now and then, a body that is broken as a whole. */
    private static byte[] body(Route route, Random random) {
        int shape = random.nextInt(20);
        String json;
        if (shape == 0) {
            json = pick(random, List.of("", "{", "[]", "null", "\"x\"", "42", "{\"a\":1}{}", "{\"a\":}", "{'a':1}",
                    "{\"model\":\"" + INVALID_UTF8 + "\"}", "\uFEFF{}", "{\"a\":1,}", "{\"max_tokens\":2,\"max_tokens\":"
                            + "\"x\"}"));
        } else if (shape == 1) {
            int depth = 50 + random.nextInt(5000);
            json = "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        } else if (shape == 2) {
            int depth = 50 + random.nextInt(3000);
            String target = pick(random, List.copyOf(route.base().keySet()));
            json = render(route.base(), target, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        } else {
            Map<String, String> fields = new LinkedHashMap<>(route.base());
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                String[] target = pick(random, route.targets());
                String value = hostileValue(random);
                fields.put(target[0], target[1].replace("%s", value));
            }
            json = render(fields, null, null);
        }
        return encode(json, random);
    }

    private static String hostileValue(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> "\"" + "x".repeat(1 + random.nextInt(100_000)) + "\"";
            case 1 -> "[" + String.join(",", Collections.nCopies(1 + random.nextInt(10_000),
                    Integer.toString(random.nextInt(70_000) - 10)))
                    + "]";
            case 2 -> "[" + String.join(",", Collections.nCopies(1 + random.nextInt(2_000), "\"ab\"")) + "]";
            case 3 -> Long.toString(random.nextLong());
            case 4 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            default -> pick(random, HOSTILE_VALUES);
        };
    }

    private static String render(Map<String, String> fields, String replacedKey, String replacement) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(key).append("\":").append(key.equals(replacedKey) ? replacement : value);
        });
        return json.append('}').toString();
    }

    /** UTF-8, with each invalid-UTF-8 marker replaced by a byte sequence that no decoder accepts. */
    private static byte[] encode(String json, Random random) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        byte[] marker = INVALID_UTF8.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            if (startsWith(utf8, i, marker)) {
                out.writeBytes(INVALID_SEQUENCES[random.nextInt(INVALID_SEQUENCES.length)]);
                i += marker.length - 1;
            } else {
                out.write(utf8[i]);
            }
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        if (at + prefix.length > data.length) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (data[at + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + body.length + " bytes)";
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** "field" makes the whole field hostile; "field=template" puts the hostile value at the template's %s. */
    private static List<String[]> targets(String... specs) {
        List<String[]> targets = new ArrayList<>();
        for (String spec : specs) {
            int equals = spec.indexOf('=');
            targets.add(equals < 0 ? new String[] {spec, "%s"}
                    : new String[] {spec.substring(0, equals), spec.substring(equals + 1)});
        }
        return targets;
    }
}

package io.aspd.bench;

import io.aspd.model.ChatMessage;
import io.aspd.model.TextTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Time to first token with a long shared system prompt, on a miss and on a hit of the server's prefix cache, side by
 * side, for the same question: each repetition asks it once under a system prompt never sent before (its first words
 * differ from every other one, so no block of it is cached: a miss), then sends another question under a second new
 * system prompt (untimed: that caches it) and asks the question again under that one (a hit: the system prompt's whole
 * blocks are cached, the question is not). One client, greedy, streamed; the time is from sending to the first text
 * chunk.
 */
final class PrefixCacheBenchmark {
    static final String MARKDOWN_FILE = "prefix-cache.md";

    private static final List<String> POLICIES = List.of(
            "Greet the customer by name when it is known and thank them for their patience.",
            "Ask for the order number before discussing any order, delivery or refund.",
            "Parcels ship within two working days; tracking links are sent by email once a parcel leaves the warehouse.",
            "Returns are accepted within thirty days of delivery for unused items in their original packaging.",
            "Refunds go back to the original payment method within five working days of the return arriving.",
            "Never promise a delivery date the carrier has not confirmed, and never invent a tracking number.",
            "Damaged goods are replaced free of charge; ask the customer for a photo of the damage first.",
            "Invoices can be downloaded from the account page; corrected invoices are issued within one day.",
            "Escalate complaints about safety, data protection or payment fraud to a human agent at once.",
            "Keep answers short and polite, use plain words, and end by asking whether anything else is needed.");

    /** One repetition: the same question pair's times to first token on a miss and on a hit, in nanoseconds. */
    record Pair(int repetition, long missNanos, long hitNanos) {
        double speedup() {
            return (double) missNanos / hitNanos;
        }
    }

    private final ConcurrencyBenchmark client;
    private final String policies;
    private final List<String> questions;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final int measuredSystemTokens;

    /**
     * @param client        sends the streamed requests
     * @param tokenizer     the served model's, to size the system prompt
     * @param systemTokens  the system prompt's length in tokens (at least; the repetition number in its first words
     *                      may add one)
     * @param questions     user questions, used in turn (at least two)
     */
    PrefixCacheBenchmark(ConcurrencyBenchmark client, TextTokenizer tokenizer, int systemTokens,
                         List<String> questions) {
        if (questions.size() < 2 || systemTokens < 1) {
            throw new IllegalArgumentException("the prefix cache benchmark needs two questions and a system prompt");
        }
        this.client = client;
        this.questions = List.copyOf(questions);
        StringBuilder text = new StringBuilder();
        for (int rule = 0; tokenizer.encode(systemPrompt(text.toString(), 0)).length < systemTokens; rule++) {
            text.append(" Rule ").append(rule + 1).append(": ").append(POLICIES.get(rule % POLICIES.size()));
        }
        this.policies = text.toString();
        this.measuredSystemTokens = tokenizer.encode(systemPrompt(0)).length;
    }

    /** A system prompt whose opening words no other one (nor one of an earlier run) shares. */
    private String systemPrompt(String policies, int n) {
        return "Desk " + runId + "-" + n + ". You are the support assistant of a web shop." + policies;
    }

    /** The system prompt's length in tokens (of the first one). */
    int systemTokens() {
        return measuredSystemTokens;
    }

    /** The system prompt number {@code n}. */
    String systemPrompt(int n) {
        return systemPrompt(policies, n);
    }

    /** Repetition {@code r}: question r (cycling) on a miss, then on a hit. */
    Pair measure(int repetition) throws IOException, InterruptedException {
        String question = questions.get(repetition % questions.size());
        String other = questions.get((repetition + 1) % questions.size());
        long miss = timeToFirstToken(repetition, systemPrompt(2 * repetition), question);
        String shared = systemPrompt(2 * repetition + 1);
        timeToFirstToken(repetition, shared, other);
        long hit = timeToFirstToken(repetition, shared, question);
        return new Pair(repetition, miss, hit);
    }

    private long timeToFirstToken(int repetition, String system, String question)
            throws IOException, InterruptedException {
        return client.send(repetition, new BenchPrompt("prefix-cache-" + repetition, "prefix_cache",
                List.of(new ChatMessage("system", system), new ChatMessage("user", question)), null, List.of(),
                List.of(), List.of()))
                .timeToFirstTokenNanos();
    }

    List<Pair> run(int warmUps, int repeats) throws IOException, InterruptedException {
        for (int r = 0; r < warmUps; r++) {
            measure(repeats + r); // the first requests pay for JIT compilation; their system prompts are not reused
        }
        List<Pair> pairs = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            pairs.add(measure(r));
        }
        return pairs;
    }

    static String table(int systemTokens, List<Pair> pairs) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Time to first token with a %d-token shared system prompt%n%n",
                systemTokens));
        out.append("| repetition | miss TTFT ms | hit TTFT ms | miss / hit |\n|---:|---:|---:|---:|\n");
        for (Pair pair : pairs) {
            out.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.2fx |%n", pair.repetition() + 1,
                    pair.missNanos() / 1e6, pair.hitNanos() / 1e6, pair.speedup()));
        }
        Latencies misses = new Latencies(pairs.stream().mapToLong(Pair::missNanos).toArray());
        Latencies hits = new Latencies(pairs.stream().mapToLong(Pair::hitNanos).toArray());
        out.append(String.format(Locale.ROOT, "| **median** | %.1f | %.1f | **%.2fx** |%n", misses.percentileMillis(50),
                hits.percentileMillis(50), misses.percentileMillis(50) / hits.percentileMillis(50)));
        return out.toString();
    }
}

package io.aspd.engine.constraint.bench;

import io.aspd.engine.constraint.OutputConstraint;
import io.aspd.engine.constraint.TokenConstraint;
import io.aspd.engine.constraint.TokenMasker;
import io.aspd.engine.constraint.TokenVocabulary;
import io.aspd.engine.constraint.ToolCallFormat;
import io.aspd.engine.constraint.ToolChoice;
import io.aspd.engine.constraint.ToolDefinition;
import io.aspd.model.CausalLm;
import io.aspd.model.KvCache;
import io.aspd.model.SequenceRows;
import io.aspd.model.TextTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * Time of one constrained-decoding mask step (the allowed-token set for one state) on the embedded model's
 * vocabulary and on a synthetic vocabulary of Qwen2.5's size, next to one decode forward of the embedded model.
 * States come from random token walks under a customer-service answer schema and under required tool calls; the
 * masks are computed with a token budget, as the decoder will. Cells run interleaved; medians are reported.
 *
 * <pre>
 * mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp target/classes:$(cat target/classpath.txt) io.aspd.engine.constraint.bench.MaskBenchmark
 * </pre>
 */
@Command(name = "mask-benchmark", mixinStandardHelpOptions = true,
        description = "Times constrained-decoding token masks against a forward of the embedded model.")
public final class MaskBenchmark implements Callable<Integer> {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** Decode steps per forward measurement, each appending one row to a 64-token cache (truncated back after). */
    private static final int FORWARD_STEPS = 20;
    private static final String ANSWER = "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"},"
            + "\"status\":{\"enum\":[\"open\",\"shipped\",\"delivered\",\"refunded\"]},\"items\":{\"type\":\"array\","
            + "\"items\":{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\",\"maxLength\":16},"
            + "\"qty\":{\"type\":\"integer\"}},\"required\":[\"sku\",\"qty\"],\"additionalProperties\":false}},"
            + "\"note\":{\"type\":\"string\"}},\"required\":[\"order_id\",\"status\",\"items\"],"
            + "\"additionalProperties\":false}";

    @Option(names = "--model-dir", defaultValue = "models/aspd-mini", description = "Embedded model folder.")
    private Path modelDir;

    @Option(names = "--large-vocab", defaultValue = "151665", description = "Synthetic vocabulary size.")
    private int largeVocab;

    @Option(names = "--states", defaultValue = "300", description = "Random states per vocabulary.")
    private int stateCount;

    @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds (after one warm-up).")
    private int rounds;

    @Option(names = "--budget", defaultValue = "256", description = "Token budget the masks are computed under.")
    private int budget;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.exit(new CommandLine(new MaskBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        try (CausalLm model = CausalLm.load(modelDir); TextTokenizer tokenizer = TextTokenizer.load(modelDir)) {
            TokenMasker embedded = new TokenMasker(TokenVocabulary.load(modelDir, tokenizer,
                    model.config().vocabSize()));
            long built = System.nanoTime();
            TokenMasker large = new TokenMasker(TokenVocabulary.synthetic(largeVocab, 1));
            double largeBuildMs = (System.nanoTime() - built) / 1e6;
            List<TokenConstraint> embeddedStates = states(embedded, new Random(1));
            List<TokenConstraint> largeStates = states(large, new Random(2));
            List<Double> embeddedUs = new ArrayList<>();
            List<Double> largeUs = new ArrayList<>();
            List<Double> forwardUs = new ArrayList<>();
            try (KvCache cache = model.newCache(1024)) {
                int[] context = new int[64];
                model.forward(List.of(SequenceRows.causal(cache, context, 0)));
                for (int round = 0; round <= rounds; round++) {
                    double e = maskMicros(embeddedStates);
                    double l = maskMicros(largeStates);
                    double f = forwardMicros(model, cache);
                    if (round > 0) {
                        embeddedUs.add(e);
                        largeUs.add(l);
                        forwardUs.add(f);
                    }
                }
            }
            double forward = median(forwardUs);
            System.out.printf(Locale.ROOT, "embedded model decode forward (1 row, cache 64..%d): %.1f us%n",
                    64 + FORWARD_STEPS, forward);
            System.out.printf(Locale.ROOT, "%-28s %10s %14s %16s%n", "vocabulary", "tokens", "mask us/step",
                    "% of forward");
            print("embedded (aspd-mini)", embedded, median(embeddedUs), forward);
            print("synthetic (Qwen2.5 size)", large, median(largeUs), forward);
            System.out.printf(Locale.ROOT, "synthetic trie build: %.0f ms (once per model)%n", largeBuildMs);
        }
        return 0;
    }

    private static void print(String name, TokenMasker masker, double maskUs, double forwardUs) {
        System.out.printf(Locale.ROOT, "%-28s %10d %14.1f %15.1f%%%n", name, masker.vocabulary().size(), maskUs,
                100 * maskUs / forwardUs);
    }

    /** Constraints at states along random token walks: half JSON answers, half required tool calls. */
    private List<TokenConstraint> states(TokenMasker masker, Random random) {
        OutputConstraint answer = OutputConstraint.jsonSchema(masker, MAPPER.readTree(ANSWER), true);
        OutputConstraint tools = OutputConstraint.toolCalls(masker, List.of(
                new ToolDefinition("get_order", MAPPER.readTree(ANSWER), true),
                new ToolDefinition("open_ticket", MAPPER.readTree("{\"type\":\"object\",\"properties\":{\"text\":"
                        + "{\"type\":\"string\"}},\"required\":[\"text\"],\"additionalProperties\":false}"), true)),
                ToolChoice.required(), true, ToolCallFormat.HERMES);
        List<TokenConstraint> states = new ArrayList<>();
        BitSet allowed = new BitSet();
        while (states.size() < stateCount) {
            TokenConstraint walk = (states.size() % 2 == 0 ? answer : tools).newConstraint(budget);
            for (int step = 0; step < 60 && states.size() < stateCount; step++) {
                walk.allowedTokens(allowed);
                int[] ids = allowed.stream().filter(id -> !masker.vocabulary().isEos(id)).toArray();
                if (ids.length == 0) {
                    break;
                }
                states.add(walk.copy());
                walk.advance(ids[random.nextInt(ids.length)]);
            }
        }
        return states;
    }

    private static double maskMicros(List<TokenConstraint> states) {
        BitSet out = new BitSet();
        long start = System.nanoTime();
        for (TokenConstraint state : states) {
            state.allowedTokens(out);
        }
        return (System.nanoTime() - start) / 1e3 / states.size();
    }

    private static double forwardMicros(CausalLm model, KvCache cache) {
        long start = System.nanoTime();
        for (int i = 0; i < FORWARD_STEPS; i++) {
            model.forward(List.of(SequenceRows.causal(cache, new int[] {i % 100}, cache.length())));
        }
        double micros = (System.nanoTime() - start) / 1e3 / FORWARD_STEPS;
        cache.truncate(64);
        return micros;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

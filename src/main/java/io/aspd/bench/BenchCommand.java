package io.aspd.bench;

import io.aspd.model.ChatMessage;
import io.aspd.model.ModelBundle;
import io.aspd.model.TextTokenizer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar aspd-server.jar bench --prompts FILE}: the engine benchmark of docs/aspd-method.md §7; with
 * {@code --concurrency}, a load benchmark of the whole server (HTTP, admission, continuous batching) instead.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times parallel vs sequential vs off decoding per prompt and category; writes report.md, "
                + "speedup.png and benchmark.json (which /actuator/aspd reads from the model folder).",
            "With --concurrency: runs the same streaming chat requests (greedy) with 1 client and then with each "
                + "given number of concurrent clients against the server (started in-process on the model, or "
                + "--url on this machine) and prints aggregate tokens/s, the ratio vs one at a time, TTFT and "
                + "inter-token latency p50/p99, and whether the texts equal the one-at-a-time run; writes "
                + ConcurrencyReport.MARKDOWN_FILE + ".",
            "With --prefix-cache: time to first token with a long shared system prompt (--system-tokens) on a prefix "
                + "cache miss and on a hit, side by side, --repeats times (questions from --prompts); writes "
                + PrefixCacheBenchmark.MARKDOWN_FILE + ".",
            "With --concurrency and --long-prompt: a prompt of that many tokens arrives while the most --concurrency "
                + "streams decode, on two in-process servers side by side (chunked prefill as configured, and "
                + "one-shot prefill), --repeats trials each; prints the streams' inter-token latency while it is "
                + "served; writes " + PrefillInterference.MARKDOWN_FILE + "."})
public final class BenchCommand implements Callable<Integer> {
    private static final int WARM_UP_REQUESTS = 4;
    private static final int WARM_UP_PAIRS = 2;

    @Option(names = "--model", defaultValue = "models/aspd-mini", description = "model folder (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--prompts", required = true, description = "JSON lines with \"messages\" or \"prompt\" and \"category\"")
    Path prompts;

    @Option(names = "--repeats", defaultValue = "3", description = "runs per mode and prompt (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--limit", defaultValue = "0", description = "use only the first N prompts (0 = all)")
    int limit;

    @Option(names = "--per-category", defaultValue = "0",
            description = "use only the first N prompts of each category (0 = all)")
    int perCategory;

    @Option(names = "--max-tokens", defaultValue = "256", description = "answer budget (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--max-branches", defaultValue = "8", description = "default: ${DEFAULT-VALUE}")
    int maxBranches;

    @Option(names = "--max-branch-tokens", defaultValue = "256", description = "default: ${DEFAULT-VALUE}")
    int maxBranchTokens;

    @Option(names = "--out", defaultValue = "target/bench", description = "report folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--concurrency", split = ",", paramLabel = "CLIENTS",
            description = "load mode: concurrent client counts, e.g. 1,4,8,16 (one client always runs first)")
    List<Integer> concurrency;

    @Option(names = "--requests", defaultValue = "0",
            description = "load mode: requests per level, prompts cycled (0 = twice the most clients)")
    int requests;

    @Option(names = "--url", description = "load mode: a running server on this machine (http://127.0.0.1:PORT) "
            + "instead of one started in-process on --model")
    URI url;

    @Option(names = "--prefix-cache",
            description = "prefix cache mode: TTFT on a miss vs a hit with a shared system prompt (server as in load mode)")
    boolean prefixCache;

    @Option(names = "--system-tokens", defaultValue = "600",
            description = "prefix cache mode: tokens of the shared system prompt (default: ${DEFAULT-VALUE})")
    int systemTokens;
    @Option(names = "--long-prompt", paramLabel = "TOKENS",
            description = "load mode: measure a TOKENS-token prompt arriving while the streams decode, chunked vs "
                    + "one-shot prefill, instead of the throughput levels (in-process servers only)")
    Integer longPrompt;

    @Option(names = "--server-property", paramLabel = "KEY=VALUE",
            description = "load mode: a setting of the in-process server, e.g. aspd.engine.max-sequences=32")
    Map<String, String> serverProperties = new LinkedHashMap<>();

    private List<BenchPrompt> choose(List<BenchPrompt> all) {
        Map<String, Integer> taken = new HashMap<>();
        List<BenchPrompt> chosen = new ArrayList<>();
        for (BenchPrompt prompt : all) {
            int inCategory = taken.merge(prompt.category(), 1, Integer::sum);
            if ((perCategory == 0 || inCategory <= perCategory) && (limit == 0 || chosen.size() < limit)) {
                chosen.add(prompt);
            }
        }
        return chosen;
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        List<BenchPrompt> chosen = choose(BenchPrompt.read(prompts));
        if (prefixCache) {
            return benchmarkPrefixCache(chosen);
        }
        return concurrency == null ? benchmarkEngine(chosen) : benchmarkLoad(chosen);
    }

    private int benchmarkEngine(List<BenchPrompt> chosen) {
        System.setProperty("java.awt.headless", "true");
        try (ModelBundle bundle = ModelBundle.load(model)) {
            EngineBenchmark benchmark = new EngineBenchmark(bundle, maxTokens, maxBranches, maxBranchTokens);
            benchmark.warmUp(chosen);
            List<PromptMeasurement> measurements = new ArrayList<>();
            for (BenchPrompt prompt : chosen) {
                PromptMeasurement m = benchmark.measure(prompt, repeats);
                measurements.add(m);
                System.err.printf("%s [%s] blocks=%d vs-sequential=%.2fx%s%n", prompt.id(), prompt.category(),
                        m.parallelStats().blocks(), m.speedupVsSequential(), m.lossless() ? "" : " NOT LOSSLESS");
            }
            BenchmarkReport report = new BenchmarkReport(bundle.name(), measurements);
            report.write(out, repeats);
            System.out.print(report.table());
            System.out.println("report: " + out.resolve(BenchmarkReport.MARKDOWN_FILE));
            return report.overall().lossless() ? 0 : 1;
        }
    }

    private int benchmarkLoad(List<BenchPrompt> chosen) throws InterruptedException, IOException {
        List<Integer> levels = loadLevels();
        if (longPrompt != null) {
            return benchmarkPrefillInterference(chosen, levels.stream().mapToInt(Integer::intValue).max().orElseThrow());
        }
        int load = requests > 0 ? requests : 2 * levels.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (url != null) {
            return runLoad(requireLoopback(url), chosen, levels, load);
        }
        try (InProcessServer server = new InProcessServer(model, serverProperties)) {
            return runLoad(server.uri(), chosen, levels, load);
        }
    }

    private int benchmarkPrefixCache(List<BenchPrompt> chosen) throws InterruptedException, IOException {
        if (url != null) {
            return runPrefixCache(requireLoopback(url), chosen);
        }
        try (InProcessServer server = new InProcessServer(model, serverProperties)) {
            return runPrefixCache(server.uri(), chosen);
        }
    }

    private static String lastUserMessage(BenchPrompt prompt) {
        return prompt.messages().stream().filter(m -> m.role().equals("user")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException("prompt " + prompt.id() + " has no user message"))
                .content();
    }

    /** The system prompt is sized with {@code --model}'s tokenizer: with {@code --url}, serve that model there. */
    private int runPrefixCache(URI server, List<BenchPrompt> chosen) throws InterruptedException, IOException {
        List<String> questions = chosen.stream().map(BenchCommand::lastUserMessage).toList();
        ConcurrencyBenchmark client = new ConcurrencyBenchmark(server, chosen, 1, maxTokens);
        PrefixCacheBenchmark benchmark;
        try (TextTokenizer tokenizer = TextTokenizer.load(model)) {
            benchmark = new PrefixCacheBenchmark(client, tokenizer, systemTokens, questions);
        }
        String table = PrefixCacheBenchmark.table(benchmark.systemTokens(), benchmark.run(WARM_UP_PAIRS, repeats));
        Files.createDirectories(out);
        Files.writeString(out.resolve(PrefixCacheBenchmark.MARKDOWN_FILE), table);
        System.out.print(table);
        return 0;
    }

    /**
     * The long prompt arrives at two servers in this JVM that differ only in how they prefill: as configured (chunked),
     * and with a chunk and a forward large enough for the whole prompt next to every stream's row (one-shot). Their
     * trials alternate, each server going first every other time, after one warm-up trial each. Both run without
     * prefix caching: every trial sends the same long prompt, and a cached prompt would not be prefilled again.
     */
    private int benchmarkPrefillInterference(List<BenchPrompt> chosen, int streams)
            throws InterruptedException, IOException {
        if (url != null) {
            throw new IllegalArgumentException("--long-prompt compares two in-process servers; it cannot use --url");
        }
        if (longPrompt < 1 || repeats < 1) {
            throw new IllegalArgumentException("--long-prompt and --repeats must be positive");
        }
        int[] prompt = longPromptTokens(chosen);
        Map<String, String> chunkedProperties = new LinkedHashMap<>(serverProperties);
        chunkedProperties.put("aspd.engine.prefix-caching", "false");
        Map<String, String> oneShotProperties = new LinkedHashMap<>(chunkedProperties);
        String wholePrompt = String.valueOf(longPrompt + streams);
        oneShotProperties.put("aspd.engine.max-batch-rows", wholePrompt);
        oneShotProperties.put("aspd.engine.prefill-chunk-tokens", wholePrompt);
        try (InProcessServer chunkedServer = new InProcessServer(model, chunkedProperties);
             InProcessServer oneShotServer = new InProcessServer(model, oneShotProperties)) {
            String chunked = "chunked (" + chunkedServer.prefillChunkTokens() + " tokens)";
            ConcurrencyBenchmark chunkedLoad = new ConcurrencyBenchmark(chunkedServer.uri(), chosen, streams, maxTokens);
            ConcurrencyBenchmark oneShotLoad = new ConcurrencyBenchmark(oneShotServer.uri(), chosen, streams, maxTokens);
            PrefillInterference.run(chunked, chunkedLoad, streams, prompt);
            PrefillInterference.run("one-shot", oneShotLoad, streams, prompt);
            List<PrefillInterference.Trial> trials = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                boolean chunkedFirst = r % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                    boolean chunkedTurn = chunkedFirst == (turn == 0);
                    PrefillInterference.Trial trial = chunkedTurn
                            ? PrefillInterference.run(chunked, chunkedLoad, streams, prompt)
                            : PrefillInterference.run("one-shot", oneShotLoad, streams, prompt);
                    trials.add(trial);
                    System.err.printf("%s trial %d: %d gaps in the window%n", trial.prefill(), r + 1,
                            trial.windowGaps().length);
                }
            }
            String table = PrefillInterference.table(trials);
            Files.createDirectories(out);
            Files.writeString(out.resolve(PrefillInterference.MARKDOWN_FILE), table);
            System.out.print(table);
            boolean identical = PrefillInterference.identicalTexts(trials);
            System.out.println(identical ? "texts identical in every trial" : "texts DIFFERENT between trials");
            return identical ? 0 : 1;
        }
    }

    /** Exactly {@code --long-prompt} tokens: the prompts' own text, tokenized as the model does, repeated to length. */
    private int[] longPromptTokens(List<BenchPrompt> chosen) {
        String text = chosen.stream().flatMap(p -> p.messages().stream()).map(ChatMessage::content)
                .collect(Collectors.joining("\n"));
        try (TextTokenizer tokenizer = TextTokenizer.load(model)) {
            int[] once = tokenizer.encode(text);
            if (once.length == 0) {
                throw new IllegalArgumentException("the prompts have no text to build the long prompt from");
            }
            int[] tokens = new int[longPrompt];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = once[i % once.length];
            }
            return tokens;
        }
    }

    /** One client first (the reference), then each requested count once, in the order given. */
    private List<Integer> loadLevels() {
        List<Integer> levels = new ArrayList<>(List.of(1));
        for (int clients : concurrency) {
            if (clients < 1) {
                throw new IllegalArgumentException("--concurrency counts must be positive, got " + clients);
            }
            if (!levels.contains(clients)) {
                levels.add(clients);
            }
        }
        return levels;
    }

    /** The load benchmark only ever talks to this machine. */
    static URI requireLoopback(URI server) {
        String host = server.getHost();
        if (!"http".equals(server.getScheme()) || host == null
                || !(host.equals("127.0.0.1") || host.equals("localhost"))) {
            throw new IllegalArgumentException("--url must be http://127.0.0.1:PORT or http://localhost:PORT, got "
                    + server);
        }
        return server;
    }

    private int runLoad(URI server, List<BenchPrompt> chosen, List<Integer> levels, int load)
            throws InterruptedException, IOException {
        ConcurrencyBenchmark benchmark = new ConcurrencyBenchmark(server, chosen, load, maxTokens);
        for (int i = 0; i < Math.min(load, WARM_UP_REQUESTS); i++) {
            benchmark.send(i); // the first requests pay for JIT compilation and allocation
        }
        List<LoadLevel> measured = new ArrayList<>();
        for (int clients : levels) {
            LoadLevel level = benchmark.run(clients);
            measured.add(level);
            System.err.printf("%d client(s): %d requests, %.1f tokens/s%n", clients, load, level.tokensPerSecond());
        }
        ConcurrencyReport report = new ConcurrencyReport(measured);
        String table = report.table();
        Files.createDirectories(out);
        Files.writeString(out.resolve(ConcurrencyReport.MARKDOWN_FILE), table);
        System.out.print(table);
        return report.identicalTexts() ? 0 : 1;
    }
}

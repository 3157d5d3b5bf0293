package io.aspd.data;

import io.aspd.data.convert.AnswerConverter;
import io.aspd.data.convert.BlockLimits;
import io.aspd.data.convert.CandidateScorer;
import io.aspd.data.convert.CandidateSource;
import io.aspd.data.convert.CandidateValidator;
import io.aspd.data.convert.HuggingFaceTokenCounter;
import io.aspd.data.convert.IndependenceJudge;
import io.aspd.data.convert.TokenCounter;
import io.aspd.data.convert.WordPieceEstimate;
import io.aspd.data.llm.ChatModel;
import io.aspd.data.llm.EndpointSettings;
import io.aspd.data.llm.LlmIndependenceJudge;
import io.aspd.data.llm.LlmRewriter;
import io.aspd.data.llm.OpenAiChatEndpoint;
import io.aspd.data.rules.RuleBasedRewriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar aspd-server.jar data}: turns serial chat answers into validated ASPD training data. Exit codes: 0 done
 * (malformed input lines are skipped and reported, not fatal), 1 a fatal error (input unreadable, output unwritable,
 * resumption impossible), 2 invalid options.
 */
@Command(name = "data", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        description = {"Turns serial chat answers (OpenAI fine-tuning JSONL) into validated ASPD training data.",
                "Rules mode finds independent lists and sections offline; llm mode asks an OpenAI-compatible endpoint."})
public final class DataCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;

    enum Mode {
        rules, llm
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "IN.jsonl", description = "Chat JSONL to convert.")
    private Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT.jsonl", description = "Chat JSONL to write.")
    private Path output;

    @Option(names = "--mode", defaultValue = "rules", description = "rules or llm (default: ${DEFAULT-VALUE}).")
    private Mode mode;

    @Option(names = "--alpaca", paramLabel = "ALPACA.json", description = "Also write the Alpaca JSON for LLaMA-Factory.")
    private Path alpaca;

    @Option(names = "--resume", description = "Continue an interrupted run: keep OUT.jsonl and skip the lines it has.")
    private boolean resume;

    @Option(names = "--overwrite", description = "Replace an existing OUT.jsonl.")
    private boolean overwrite;

    @Option(names = "--workers", defaultValue = "4",
            description = "Records converted at once (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "OpenAI-compatible API root, e.g. http://localhost:8080/v1. Needed for llm mode; in rules mode "
                    + "it turns on the independence judge.")
    private String baseUrl;

    @Option(names = "--model", description = "Model name sent to the endpoint.")
    private String model;

    @Option(names = "--api-key", defaultValue = "${env:OPENAI_API_KEY}",
            description = "Bearer token for the endpoint (default: $OPENAI_API_KEY).")
    private String apiKey;

    @Option(names = "--candidates", defaultValue = "3",
            description = "Rewrites asked per answer (default: ${DEFAULT-VALUE}).")
    private int candidates;

    @Option(names = "--temperature", defaultValue = "0.7",
            description = "Sampling temperature of rewrites and votes (default: ${DEFAULT-VALUE}).")
    private double temperature;

    @Option(names = "--judge-votes", defaultValue = "3",
            description = "Independence votes per block; 0 turns the judge off (default: ${DEFAULT-VALUE}).")
    private int judgeVotes;

    @Option(names = "--judge-threshold", description = "Votes for independent needed to keep a block (default: all).")
    private Integer judgeThreshold;

    @Option(names = "--max-tokens", defaultValue = "4096",
            description = "max_tokens per request (default: ${DEFAULT-VALUE}).")
    private int maxTokens;

    @Option(names = "--connect-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Connect timeout (default: ${DEFAULT-VALUE}).")
    private double connectTimeout;

    @Option(names = "--request-timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "Timeout of one request (default: ${DEFAULT-VALUE}).")
    private double requestTimeout;

    @Option(names = "--retries", defaultValue = "3",
            description = "Retries of a failed request (default: ${DEFAULT-VALUE}).")
    private int retries;

    @Option(names = "--retry-backoff", defaultValue = "1", paramLabel = "SECONDS",
            description = "Wait before the first retry, doubled for each next (default: ${DEFAULT-VALUE}).")
    private double retryBackoff;

    @Option(names = "--max-branches", defaultValue = "10",
            description = "Most branches per block (default: ${DEFAULT-VALUE}).")
    private int maxBranches;

    @Option(names = "--max-title-chars", defaultValue = "20",
            description = "Longest title (default: ${DEFAULT-VALUE}).")
    private int maxTitleChars;

    @Option(names = "--max-title-words", defaultValue = "4",
            description = "Most words per title (default: ${DEFAULT-VALUE}).")
    private int maxTitleWords;

    @Option(names = "--min-body-chars", defaultValue = "10",
            description = "Shortest branch body, without surrounding whitespace (default: ${DEFAULT-VALUE}).")
    private int minBodyChars;

    @Option(names = "--tokenizer", paramLabel = "tokenizer.json",
            description = "Count tokens for the parallel share with this tokenizer (default: a word-piece estimate).")
    private Path tokenizer;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        validateOptions();
        BlockLimits limits = limits();
        Optional<EndpointSettings> endpoint = endpoint();
        try {
            if (!Files.isReadable(input) || Files.isDirectory(input)) {
                throw new DataException("cannot read input " + input);
            }
            try (TokenCounter tokens = tokenCounter()) {
                OutputFile.ResumePoint start = OutputFile.prepare(output, resume, overwrite);
                if (alpaca != null) {
                    OutputFile.requireWritable(alpaca);
                }
                AnswerConverter converter = converter(limits, endpoint.map(OpenAiChatEndpoint::new), tokens);
                RunStatistics statistics = new DataPipeline(converter, mode.name(), workers, err, System::nanoTime)
                        .run(input, output, start);
                err.println(statistics.summary());
            }
            if (alpaca != null) {
                AlpacaExport.Result result = AlpacaExport.write(output, alpaca);
                err.println("data: " + result.exported() + " records written to " + alpaca + (result.skippedLines()
                        .isEmpty() ? "" : "; skipped " + result.skippedLines().size() + " that are not plain "
                        + "user/assistant turns (output lines " + result.skippedLines() + ")"));
            }
            return 0;
        } catch (DataException e) {
            err.println("data: error: " + e.getMessage());
            return EXIT_FAILED;
        } finally {
            err.flush();
        }
    }

    private AnswerConverter converter(BlockLimits limits, Optional<ChatModel> model, TokenCounter tokens) {
        CandidateSource source = mode == Mode.llm
                ? new LlmRewriter(model.orElseThrow(), candidates, temperature, limits)
                : new RuleBasedRewriter(limits);
        Optional<IndependenceJudge> judge = judgeVotes == 0 ? Optional.empty() : model.map(m ->
                new LlmIndependenceJudge(m, judgeVotes, judgeThreshold == null ? judgeVotes : judgeThreshold,
                        temperature));
        return new AnswerConverter(source, new CandidateValidator(limits, judge), new CandidateScorer(tokens));
    }

    private BlockLimits limits() {
        try {
            return new BlockLimits(maxBranches, maxTitleChars, maxTitleWords, minBodyChars);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void validateOptions() {
        if (resume && overwrite) {
            throw usage("--resume and --overwrite contradict each other");
        }
        if (mode == Mode.llm && baseUrl == null) {
            throw usage("--mode llm needs --base-url");
        }
        if (workers < 1) {
            throw usage("--workers must be at least 1");
        }
        if (candidates < 1) {
            throw usage("--candidates must be at least 1");
        }
        if (temperature < 0 || temperature > 2) {
            throw usage("--temperature must lie in [0, 2]");
        }
        if (judgeVotes < 0 || retries < 0) {
            throw usage("--judge-votes and --retries must not be negative");
        }
        if (judgeThreshold != null && (judgeThreshold < 1 || judgeThreshold > judgeVotes)) {
            throw usage("--judge-threshold must lie between 1 and --judge-votes (" + judgeVotes + ")");
        }
    }

    private Optional<EndpointSettings> endpoint() {
        if (baseUrl == null) {
            return Optional.empty();
        }
        if (model == null || model.isBlank()) {
            throw usage("--base-url needs --model");
        }
        try {
            return Optional.of(new EndpointSettings(new URI(baseUrl), model,
                    Optional.ofNullable(apiKey).filter(k -> !k.isBlank()), seconds(connectTimeout),
                    seconds(requestTimeout), retries + 1, seconds(retryBackoff), maxTokens));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw usage("invalid endpoint option: " + e.getMessage());
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private TokenCounter tokenCounter() {
        if (tokenizer == null) {
            return new WordPieceEstimate();
        }
        if (!Files.isReadable(tokenizer) || Files.isDirectory(tokenizer)) {
            throw new DataException("cannot read tokenizer " + tokenizer);
        }
        try {
            return HuggingFaceTokenCounter.load(tokenizer);
        } catch (IOException | RuntimeException e) {
            throw new DataException("cannot load tokenizer " + tokenizer + ": " + e.getMessage(), e);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), "data: " + message);
    }
}

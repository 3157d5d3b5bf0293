package io.aspd.config;

import io.aspd.engine.constraint.ToolCallFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code aspd.*} setting of the server, bound from {@code config/application.yml}, the environment or the command
 * line. Each record checks its own values, so that a wrong setting stops the start with a message naming the key.
 */
@ConfigurationProperties("aspd")
public record AspdProperties(@DefaultValue Model model, @DefaultValue Engine engine, @DefaultValue Admission admission,
                             @DefaultValue Security security, @DefaultValue Cors cors, @DefaultValue Metrics metrics,
                             @DefaultValue Api api) {

    /**
     * @param path the Hugging Face style model folder; unset or blank = the embedded model that the jar carries
     * @param name the model id served by {@code /v1/models} and expected in requests; blank = the folder's name
     * @param toolCall the model's tool-call syntax
     * @param generationConfig whether the sampling values of the folder's {@code generation_config.json} (greedy for
     *                 {@code "do_sample": false}, temperature, top_p, top_k, repetition_penalty) are the defaults of
     *                 the parameters a request leaves out; false = OpenAI's defaults (temperature 1, no cuts)
     */
    public record Model(Path path, String name, @DefaultValue ToolCall toolCall,
                        @DefaultValue("true") boolean generationConfig) {
        /** The id of the embedded model when no name is configured. */
        public static final String EMBEDDED_NAME = "aspd-mini";

        public Model {
            toolCall = toolCall == null ? ToolCall.HERMES : toolCall;
        }

        /**
         * The markers around each tool call the model writes ({@code open}, the JSON object {@code {"name": ...,
         * "arguments": ...}}, {@code close}): they must match what the model's chat template shows it, as tool calls
         * are constrained, parsed and streamed with them. The default is the Hermes/Qwen2.5 syntax, which the
         * fallback template uses too.
         */
        public record ToolCall(@DefaultValue("<tool_call>") String open, @DefaultValue("</tool_call>") String close) {
            public static final ToolCall HERMES = new ToolCall(ToolCallFormat.HERMES.open(),
                    ToolCallFormat.HERMES.close());

            public ToolCall {
                try {
                    new ToolCallFormat(open, close);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("aspd.model.tool-call.open / aspd.model.tool-call.close: "
                            + e.getMessage());
                }
            }

            public ToolCallFormat format() {
                return new ToolCallFormat(open, close);
            }
        }

        /** The configured folder; empty means the embedded model. */
        public Optional<Path> folder() {
            return path == null || path.toString().isBlank() ? Optional.empty() : Optional.of(path);
        }

        public String servedName() {
            return name != null && !name.isBlank() ? name
                    : folder().map(f -> f.toAbsolutePath().normalize().getFileName().toString()).orElse(EMBEDDED_NAME);
        }
    }

    /**
     * @param threads          PyTorch intra-op threads; 0 = {@link #defaultThreads} of the processors available to the
     *                         JVM (the container's CPU limit)
     * @param maxBranches      most branches a block may decode in parallel; requests may ask for fewer
     * @param maxBranchTokens  most tokens one branch body may generate
     * @param contextLength    prompt + completion tokens of one generation; 0 = the model's max_position_embeddings
     * @param maxBatchRows     rows one forward may take while prompts are prefilled (decoding rows first, prompt
     *                         chunks fill the rest)
     * @param maxSequences     generations running at once: the engine's batch and the number of admission permits
     *                         (the server's one concurrency setting; a request with n choices takes n of them)
     * @param defaultMaxTokens completion budget of a request that names none (capped by what the context leaves)
     * @param kvCacheTokens    token slots of the KV cache pool all generations share, allocated at load; 0 = the
     *                         model's default (16 full contexts, at most 1 GiB of float32 keys and values). A waiting
     *                         generation starts once the pool can reserve its prompt + budget.
     * @param halfPrecisionLmHead keep a float16 copy of the LM head for forwards that want logits for a few rows
     *                         (faster at one row on large vocabularies; logits move by about 1e-3 of their scale)
     * @param prefixCaching    reuse the KV cache of a prompt prefix (a shared system prompt, the n choices of one
     *                         request) instead of prefilling it again: full 16-token blocks stay cached in the pool
     *                         until their room is needed (least recently used first); greedy answers are the same
     * @param prefillChunkTokens most prompt tokens prefilled in one forward (all new prompts together): a longer prompt
     *                         is prefilled over several steps, each of which also decodes every running generation,
     *                         so their streams do not stall; at most maxBatchRows
     */
    public record Engine(@DefaultValue("0") int threads, @DefaultValue("8") int maxBranches,
                         @DefaultValue("256") int maxBranchTokens, @DefaultValue("0") int contextLength,
                         @DefaultValue("64") int maxBatchRows, @DefaultValue("16") int maxSequences,
                         @DefaultValue("512") int defaultMaxTokens, @DefaultValue("0") int kvCacheTokens,
                         @DefaultValue("false") boolean halfPrecisionLmHead,
                         @DefaultValue("true") boolean prefixCaching,
                         @DefaultValue("16") int prefillChunkTokens) {
        public Engine {
            require(threads >= 0, "aspd.engine.threads must be >= 0 (0 = one fewer than the available processors)");
            require(maxBranches >= 2, "aspd.engine.max-branches must be at least 2");
            require(maxBranchTokens >= 1, "aspd.engine.max-branch-tokens must be positive");
            require(contextLength >= 0, "aspd.engine.context-length must be >= 0 (0 = the model's maximum)");
            require(maxBatchRows >= 1, "aspd.engine.max-batch-rows must be positive");
            require(maxSequences >= 1, "aspd.engine.max-sequences must be positive");
            // every running generation feeds at least one row to every forward
            require(maxSequences <= maxBatchRows, "aspd.engine.max-sequences (" + maxSequences + ") exceeds "
                    + "aspd.engine.max-batch-rows (" + maxBatchRows + "): each running generation needs at least one "
                    + "row of every forward, so the engine could never batch that many; raise max-batch-rows or "
                    + "lower max-sequences");
            require(prefillChunkTokens >= 1, "aspd.engine.prefill-chunk-tokens must be positive");
            // the step's row budget has one owner: decoding rows first, then prompt chunks in what is left
            require(prefillChunkTokens <= maxBatchRows, "aspd.engine.prefill-chunk-tokens (" + prefillChunkTokens
                    + ") exceeds aspd.engine.max-batch-rows (" + maxBatchRows + "): a prefill chunk must fit in one "
                    + "forward; raise max-batch-rows or lower prefill-chunk-tokens");
            require(defaultMaxTokens >= 1, "aspd.engine.default-max-tokens must be positive");
            require(kvCacheTokens >= 0, "aspd.engine.kv-cache-tokens must be >= 0 (0 = the model's default)");
        }

        /** The PyTorch intra-op thread count to configure. */
        public int effectiveThreads() {
            return threads > 0 ? threads : defaultThreads(Runtime.getRuntime().availableProcessors());
        }

        /**
         * One processor is left to the JVM's own threads (the engine's scheduler thread, which runs the Java side of
         * every forward, HTTP I/O, GC): PyTorch's OpenMP workers busy-wait between operations, and a worker that has
         * lost its core stalls every parallel operation until it runs again. On two processors that made two threads
         * slower than one (issue 15), so there it is one.
         */
        public static int defaultThreads(int processors) {
            return Math.max(1, processors - 1);
        }

        /** The configured context length, if one is set. */
        public OptionalInt configuredContextLength() {
            return contextLength > 0 ? OptionalInt.of(contextLength) : OptionalInt.empty();
        }
    }

    /**
     * How many generations run at once is not an admission setting: it is {@code aspd.engine.max-sequences}, so that
     * admission never admits more than the engine batches.
     *
     * @param maxConcurrent  retired (replaced by {@code aspd.engine.max-sequences}); set, it stops the start, so that an
     *                       old deployment's limit is never silently ignored
     * @param maxQueue       requests that may wait for room; when full, new requests get 429 with Retry-After
     * @param queueTimeout   the longest a request waits for room before it gets 503 with Retry-After
     * @param requestTimeout deadline of a whole request, waiting included; generations still running then end with
     *                       finish_reason "length"
     * @param rateLimit      optional per-client rate limit
     */
    public record Admission(Integer maxConcurrent, @DefaultValue("16") int maxQueue,
                            @DefaultValue("30s") Duration queueTimeout, @DefaultValue("300s") Duration requestTimeout,
                            @DefaultValue RateLimit rateLimit) {
        public Admission {
            require(maxConcurrent == null, "aspd.admission.max-concurrent is no longer read: set "
                    + "aspd.engine.max-sequences instead (admission and the engine now share that one limit)");
            require(maxQueue >= 0, "aspd.admission.max-queue must be >= 0");
            require(positive(queueTimeout), "aspd.admission.queue-timeout must be positive");
            require(positive(requestTimeout), "aspd.admission.request-timeout must be positive");
        }
    }

    /**
     * @param enabled           whether requests are rate limited
     * @param requestsPerSecond sustained requests per second per API key (per client address without keys)
     */
    public record RateLimit(@DefaultValue("false") boolean enabled, @DefaultValue("10") double requestsPerSecond) {
        public RateLimit {
            require(requestsPerSecond > 0, "aspd.admission.rate-limit.requests-per-second must be positive");
        }
    }

    /** @param apiKeys Bearer keys accepted on the API; empty = no authentication */
    public record Security(@DefaultValue List<String> apiKeys) {
        public Security {
            apiKeys = apiKeys == null ? List.of() : apiKeys.stream().filter(k -> !k.isBlank()).toList();
        }

        public boolean enabled() {
            return !apiKeys.isEmpty();
        }
    }

    /** @param allowedOrigins origins allowed to call the API from a browser ("*" for any); empty = CORS off */
    public record Cors(@DefaultValue List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    /**
     * @param benchmarkReport the JSON the benchmark writes; {@code /actuator/aspd} shows its measured speed-ups; unset =
     *                        {@code benchmark.json} in the served model's folder
     */
    public record Metrics(Path benchmarkReport) {
        public Optional<Path> configuredBenchmarkReport() {
            return benchmarkReport == null || benchmarkReport.toString().isBlank() ? Optional.empty()
                    : Optional.of(benchmarkReport);
        }
    }

    /**
     * @param sseKeepAlive    how long a stream may stay silent before a keep-alive comment is sent
     * @param bodyReadTimeout longest pause between two reads of a request body before the connection is closed
     * @param bodyTimeout     longest time a whole request body may take to arrive before the connection is closed
     */
    public record Api(@DefaultValue("5s") Duration sseKeepAlive, @DefaultValue("30s") Duration bodyReadTimeout,
                      @DefaultValue("120s") Duration bodyTimeout) {
        public Api {
            require(positive(sseKeepAlive), "aspd.api.sse-keep-alive must be positive");
            require(positive(bodyReadTimeout), "aspd.api.body-read-timeout must be positive");
            require(positive(bodyTimeout), "aspd.api.body-timeout must be positive");
        }
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

package io.aspd.serving;

import io.aspd.config.AspdProperties;
import io.aspd.engine.AspdMode;
import io.aspd.engine.EngineObserver;
import io.aspd.engine.EngineSettings;
import io.aspd.engine.EngineVocabulary;
import io.aspd.engine.GenerationRequest;
import io.aspd.engine.GenerationResult;
import io.aspd.engine.InferenceEngine;
import io.aspd.engine.ResultFuture;
import io.aspd.engine.SamplingParams;
import io.aspd.engine.constraint.TokenMasker;
import io.aspd.engine.constraint.TokenVocabulary;
import io.aspd.model.CausalLm;
import io.aspd.model.ModelConfig;
import io.aspd.model.ServingOptions;
import io.aspd.model.ChatMessage;
import io.aspd.model.ChatTemplate;
import io.aspd.model.GenerationConfig;
import io.aspd.model.ModelLoadException;
import io.aspd.model.SamplingDefaults;
import io.aspd.model.TextTokenizer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Service;

/**
 * Loads the configured model folder when the application starts, builds the inference engine over it, warms it up with
 * a short generation, and only then serves it.
 * <p>
 * Loading runs as an {@link ApplicationRunner}: the HTTP port is already open (requests get 503 with Retry-After and
 * liveness is UP), while Spring Boot keeps readiness at REFUSING_TRAFFIC until every runner has returned. A folder
 * that cannot be loaded stops the application with a message naming the problem, which is what an operator (or a
 * Kubernetes crash loop) should see.
 */
@Service
public class ModelService implements ApplicationRunner, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ModelService.class);
    static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    private static final int WARM_UP_TOKENS = 4;
    private static final long WARM_UP_TIMEOUT_MINUTES = 10;

    private final AspdProperties properties;
    private final EngineObserver metrics;
    private final Path folder;
    private volatile ModelState state = ModelState.LOADING;
    private volatile ServedModel served;
    /** What has been built so far, ready or not, so that shutdown frees it even after a failed warm-up. */
    private CausalLm model;
    private ServedModel built;

    public ModelService(AspdProperties properties, EngineObserver metrics) {
        this.properties = properties;
        this.metrics = metrics;
        this.folder = properties.model().folder().orElseGet(EmbeddedModel::unpack);
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            load();
        } catch (RuntimeException e) {
            state = ModelState.FAILED;
            throw e;
        }
    }

    /** The model, once it is ready to answer. */
    public Optional<ServedModel> ready() {
        return Optional.ofNullable(served);
    }

    public ModelState state() {
        return state;
    }

    /** The id requests must name (known before the model has loaded). */
    public String modelId() {
        return properties.model().servedName();
    }

    /** The folder the model is loaded from: the configured one, or where the embedded model was unpacked. */
    public Path folder() {
        return folder;
    }

    private void load() {
        AspdProperties.Engine engineConfig = properties.engine();
        configureThreads(engineConfig);
        long started = System.nanoTime();
        log.info("Loading model '{}' from {}", modelId(), folder.toAbsolutePath());
        int maxPositions = ModelConfig.load(folder).maxPositionEmbeddings();
        int contextLength = engineConfig.configuredContextLength().orElse(maxPositions);
        if (contextLength > maxPositions) {
            throw new ModelLoadException("aspd.engine.context-length " + contextLength
                    + " exceeds the model's max_position_embeddings " + maxPositions + " (" + folder + ")");
        }
        // a pool smaller than one full context could leave a lone request waiting for room that never comes
        if (engineConfig.kvCacheTokens() > 0 && engineConfig.kvCacheTokens() < contextLength) {
            throw new ModelLoadException("aspd.engine.kv-cache-tokens " + engineConfig.kvCacheTokens()
                    + " is below the context length " + contextLength + ": the pool must hold at least one full"
                    + " generation; raise it or lower aspd.engine.context-length");
        }
        // read before the weights, so that a bad value fails the load before anything native is allocated
        SamplingDefaults samplingDefaults = samplingDefaults();
        model = CausalLm.load(folder, new ServingOptions(engineConfig.kvCacheTokens(),
                engineConfig.halfPrecisionLmHead(), engineConfig.prefixCaching()));
        TextTokenizer tokenizer = TextTokenizer.load(folder);
        ChatTemplate template = ChatTemplate.load(folder);
        EngineVocabulary vocabulary = new EngineVocabulary(tokenizer, model.config().vocabSize());
        EngineSettings settings = new EngineSettings(engineConfig.maxSequences(), engineConfig.maxBatchRows(),
                contextLength, engineConfig.prefillChunkTokens());
        InferenceEngine engine = new InferenceEngine(model, vocabulary, settings, new WhenReady(metrics));
        TokenMasker masker = new TokenMasker(TokenVocabulary.load(folder, tokenizer, model.config().vocabSize()));
        ServedModel candidate = new ServedModel(modelId(), Instant.now().getEpochSecond(), tokenizer, template, engine,
                contextLength, ServerVersion.systemFingerprint(modelId()), masker,
                properties.model().toolCall().format(), samplingDefaults);
        built = candidate;
        long loaded = System.nanoTime();
        warmUp(candidate);
        served = candidate;
        state = ModelState.READY;
        log.info("Model '{}' ready: context {} tokens, ASPD tokens {}, sampling defaults {}, loaded in {} ms, warmed up"
                + " in {} ms", modelId(), contextLength,
                vocabulary.aspd().isPresent() ? "present" : "absent (plain decoding)", candidate.samplingDefaults(),
                (loaded - started) / 1_000_000, (System.nanoTime() - loaded) / 1_000_000);
    }

    /** The folder's recommended sampling, or none when {@code aspd.model.generation-config} is off. */
    private SamplingDefaults samplingDefaults() {
        return properties.model().generationConfig() ? GenerationConfig.load(folder).sampling() : SamplingDefaults.NONE;
    }

    /** DJL reads the intra-op thread count once, when the PyTorch engine starts; so this must run before loading. */
    private static void configureThreads(AspdProperties.Engine engine) {
        if (engine.threads() > 0 || System.getProperty(THREADS_PROPERTY) == null) {
            System.setProperty(THREADS_PROPERTY, Integer.toString(engine.effectiveThreads()));
        }
    }

    /** One short greedy generation, so that the first client does not pay for kernel selection and allocation. */
    private void warmUp(ServedModel candidate) {
        int[] prompt = candidate.chatPrompt(List.of(new ChatMessage("user", "Hello")));
        int budget = Math.min(WARM_UP_TOKENS, candidate.contextLength() - prompt.length);
        if (budget < 1) {
            throw new ModelLoadException("the context length " + candidate.contextLength()
                    + " leaves no room to answer even a one-word chat prompt of " + prompt.length + " tokens");
        }
        AspdProperties.Engine engineConfig = properties.engine();
        GenerationRequest request = new GenerationRequest(prompt, budget, SamplingParams.greedy(), List.of(),
                AspdMode.PARALLEL, engineConfig.maxBranches(), engineConfig.maxBranchTokens(), -1);
        ResultFuture done = new ResultFuture();
        candidate.engine().submit(request, 0, done);
        try {
            done.result().get(WARM_UP_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new ModelLoadException("the warm-up generation failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new ModelLoadException("the warm-up generation did not finish in " + WARM_UP_TIMEOUT_MINUTES
                    + " minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelLoadException("interrupted during the warm-up generation");
        }
    }

    @Override
    public void destroy() {
        state = ModelState.CLOSED;
        served = null;
        if (built != null) {
            built.engine().close();
            built.tokenizer().close();
        }
        if (model != null) {
            model.close();
        }
    }

    /** Forwards engine events to the metrics only once the model serves, so that the warm-up is not counted. */
    private final class WhenReady implements EngineObserver {
        private final EngineObserver delegate;

        WhenReady(EngineObserver delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onStarted(long queueNanos) {
            if (state == ModelState.READY) {
                delegate.onStarted(queueNanos);
            }
        }

        @Override
        public void onPrefixCacheLookup(int promptTokens, int cachedTokens) {
            if (state == ModelState.READY) {
                delegate.onPrefixCacheLookup(promptTokens, cachedTokens);
            }
        }

        @Override
        public void onStep(int sequences, int rows, long nanos) {
            if (state == ModelState.READY) {
                delegate.onStep(sequences, rows, nanos);
            }
        }

        @Override
        public void onFinished(GenerationResult result) {
            if (state == ModelState.READY) {
                delegate.onFinished(result);
            }
        }
    }
}

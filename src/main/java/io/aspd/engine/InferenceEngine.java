package io.aspd.engine;

import io.aspd.model.CausalLm;
import io.aspd.model.KvCache;
import io.aspd.model.KvCacheUsage;
import io.aspd.model.KvPoolExhaustedException;
import io.aspd.model.PrefixRows;
import io.aspd.model.SequenceRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every generation on one engine thread with continuous batching: each step collects the rows of every running
 * generation (serial tokens, all branch rows of open blocks, and chunks of the prompts being prefilled, as much as the
 * {@link StepBudget} leaves) and runs ONE forward for all of them. New generations join at step boundaries; finished
 * or cancelled ones leave and free their KV caches. The model is touched by this thread only, so no model state is
 * shared between threads.
 */
public final class InferenceEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InferenceEngine.class);

    private final CausalLm model;
    private final EngineVocabulary vocabulary;
    private final EngineSettings settings;
    private final StepBudget budget;
    private final EngineObserver observer;
    private final LinkedBlockingDeque<Submission> waiting = new LinkedBlockingDeque<>();
    private final List<Running> running = new ArrayList<>();
    private final AtomicInteger runningCount = new AtomicInteger();
    private final Thread thread;
    private volatile boolean open = true;

    public InferenceEngine(CausalLm model, EngineVocabulary vocabulary, EngineSettings settings, EngineObserver observer) {
        this.model = model;
        this.vocabulary = vocabulary;
        this.settings = settings;
        this.budget = new StepBudget(settings);
        this.observer = observer;
        this.thread = new Thread(this::loop, "aspd-engine");
        thread.setDaemon(true);
        thread.start();
    }

    public EngineVocabulary vocabulary() {
        return vocabulary;
    }

    public EngineSettings settings() {
        return settings;
    }

    /** Queues a generation; its output goes to {@code listener} on the engine thread. */
    public GenerationHandle submit(GenerationRequest request, long seed, GenerationListener listener) {
        return submit(request, seed, listener, DecodeProbe.NONE);
    }

    GenerationHandle submit(GenerationRequest request, long seed, GenerationListener listener, DecodeProbe probe) {
        if (!open) {
            throw new IllegalStateException("the engine is closed");
        }
        Submission submission = new Submission(request, seed, listener, probe, System.nanoTime());
        waiting.add(submission);
        return submission;
    }

    /** Generations in the running batch. */
    public int runningCount() {
        return runningCount.get();
    }

    /** How full the model's KV cache pool is (its blocks are reserved by running generations). */
    public KvCacheUsage kvCacheUsage() {
        return model.kvCacheUsage();
    }

    /** Generations queued but not yet running. */
    public int waitingCount() {
        return waiting.size();
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (open) {
            try {
                admit();
                if (running.isEmpty()) {
                    continue;
                }
                step();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                log.error("engine step failed; failing the running generations", e);
                failAll(e);
            }
        }
        failAll(new IllegalStateException("the engine shut down"));
        waiting.forEach(s -> s.listener.onError(new IllegalStateException("the engine shut down")));
    }

    /**
     * Moves waiting generations into the batch while it has room (sequences, KV cache pool slots), in arrival order;
     * blocks while there is nothing to do. A long prompt needs no room in the next forward: it is prefilled in chunks.
     * A prompt whose blocks a running generation is still prefilling waits for them (and the rest of the queue with
     * it) rather than compute them twice.
     */
    private void admit() throws InterruptedException {
        if (running.isEmpty()) {
            Submission first = waiting.poll(1, TimeUnit.SECONDS);
            if (first == null) {
                return;
            }
            if (!tryStart(first)) {
                // the model was loaded with a pool that holds at least one full-context generation
                first.listener.onError(new IllegalStateException("the KV cache pool cannot hold one generation"));
                return;
            }
        }
        while (running.size() < settings.maxSequences()) {
            Submission candidate = waiting.peek();
            if (candidate == null || awaitsSharedPrefill(candidate.request.prompt())) {
                return;
            }
            if (!waiting.remove(candidate)) {
                continue; // cancelled meanwhile
            }
            if (!tryStart(candidate)) {
                waiting.offerFirst(candidate); // keeps its place until running generations give blocks back
                return;
            }
        }
    }

    /**
     * Whether a running generation is still prefilling full blocks that {@code prompt} starts with too. The prompt
     * then waits: once those blocks are written they are cached, and it starts with them instead of computing them a
     * second time (the n choices of one request, requests with one system prompt arriving together).
     */
    private boolean awaitsSharedPrefill(int[] prompt) {
        if (!model.prefixCaching()) {
            return false;
        }
        for (Running generation : running) {
            int[] other = generation.submission.request.prompt();
            int written = generation.cache.length();
            if (written >= other.length) {
                continue; // prefilled: whatever it shares with the prompt is cached (or was not cacheable)
            }
            int mismatch = Arrays.mismatch(prompt, other);
            int common = Math.min(mismatch < 0 ? prompt.length : mismatch, prompt.length - 1);
            if (fullBlocks(common) > fullBlocks(written)) {
                return true;
            }
        }
        return false;
    }

    private static int fullBlocks(int rows) {
        return rows / PrefixRows.BLOCK_ROWS;
    }

    /**
     * Creates the generation's cache and decoder; false when the KV cache pool has too few free slots for it now. The
     * cache reserves what the generation can ever use (prompt + budget, at most the context), so a started generation
     * never runs out of slots mid-answer. With prefix caching the cache starts with what is cached of the prompt, and
     * the decoder prefills only the rest.
     */
    private boolean tryStart(Submission submission) {
        GenerationRequest request = submission.request;
        int[] prompt = request.prompt();
        KvCache cache;
        try {
            cache = model.newCache(Math.min(settings.contextLength(), prompt.length + request.maxTokens()),
                    StepRows.sharedPrefix(prompt));
        } catch (KvPoolExhaustedException e) {
            return false;
        }
        if (model.prefixCaching()) {
            observer.onPrefixCacheLookup(prompt.length, cache.length());
        }
        HybridDecoder decoder = new HybridDecoder(request, vocabulary, cache, settings.contextLength(),
                submission.seed, submission.listener::onText, submission.probe);
        observer.onStarted(System.nanoTime() - submission.submittedNanos);
        running.add(new Running(submission, decoder, cache));
        runningCount.set(running.size());
        return true;
    }

    private void step() {
        retireFinished();
        if (running.isEmpty()) {
            return;
        }
        List<Running> fed = new ArrayList<>(running.size());
        List<SequenceRows> batch = new ArrayList<>(running.size());
        int decodeRows = 0;
        for (Running generation : running) {
            if (!generation.decoder.isPrefilling()) {
                SequenceRows sequence = generation.decoder.nextRows();
                fed.add(generation);
                batch.add(sequence);
                decodeRows += sequence.rows();
            }
        }
        int prefillRows = budget.prefillRows(decodeRows);
        int rows = decodeRows;
        for (Running generation : running) { // arrival order: the oldest prompt is prefilled first
            if (generation.decoder.isPrefilling() && prefillRows > 0) {
                int chunk = Math.min(prefillRows, generation.decoder.promptRowsLeft());
                fed.add(generation);
                batch.add(generation.decoder.promptRows(chunk));
                prefillRows -= chunk;
                rows += chunk;
            }
        }
        long started = System.nanoTime();
        List<float[][]> logits = model.forward(batch);
        long nanos = System.nanoTime() - started;
        observer.onStep(batch.size(), rows, nanos);
        for (int i = 0; i < fed.size(); i++) {
            Running generation = fed.get(i);
            try {
                generation.decoder.complete(logits.get(i), nanos);
            } catch (RuntimeException e) {
                log.error("generation failed", e);
                generation.failed = e;
            }
        }
        retireFinished();
    }

    /**
     * Ends cancelled generations and reports finished ones. A generation leaves the batch (and its count) before its
     * listener hears of the end, so whoever learns of it sees the room it left.
     */
    private void retireFinished() {
        for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
            Running generation = it.next();
            if (generation.submission.cancelled) {
                generation.decoder.cancel();
            }
            if (generation.failed != null) {
                leave(it, generation);
                generation.submission.listener.onError(generation.failed);
            } else if (generation.decoder.isFinished()) {
                leave(it, generation);
                GenerationResult result = generation.decoder.result();
                observer.onFinished(result);
                generation.submission.listener.onFinish(result);
            }
        }
    }

    /** Takes a generation out of the batch before its listener hears of its end, so the freed place is visible then. */
    private void leave(Iterator<Running> it, Running generation) {
        it.remove();
        runningCount.set(running.size());
        generation.cache.close();
    }

    private void failAll(Throwable error) {
        for (Running generation : running) {
            generation.cache.close();
            generation.submission.listener.onError(error);
        }
        running.clear();
        runningCount.set(0);
    }

    /** A generation's request and listener; cancelling a waiting one removes it from the queue at once. */
    private final class Submission implements GenerationHandle {
        final GenerationRequest request;
        final long seed;
        final GenerationListener listener;
        final DecodeProbe probe;
        final long submittedNanos;
        volatile boolean cancelled;

        Submission(GenerationRequest request, long seed, GenerationListener listener, DecodeProbe probe,
                   long submittedNanos) {
            this.request = request;
            this.seed = seed;
            this.listener = listener;
            this.probe = probe;
            this.submittedNanos = submittedNanos;
        }

        @Override
        public void cancel() {
            cancelled = true;
            if (waiting.remove(this)) {
                listener.onError(new CancellationException("cancelled while waiting"));
            }
        }
    }

    private static final class Running {
        final Submission submission;
        final HybridDecoder decoder;
        final KvCache cache;
        RuntimeException failed;

        Running(Submission submission, HybridDecoder decoder, KvCache cache) {
            this.submission = submission;
            this.decoder = decoder;
            this.cache = cache;
        }
    }
}

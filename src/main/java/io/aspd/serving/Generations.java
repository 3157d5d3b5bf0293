package io.aspd.serving;

import io.aspd.engine.AspdStats;
import io.aspd.engine.FinishReason;
import io.aspd.engine.GenerationHandle;
import io.aspd.engine.GenerationListener;
import io.aspd.engine.GenerationResult;
import io.aspd.engine.InferenceEngine;
import io.aspd.engine.TextPiece;
import io.aspd.markup.AspdDocument;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the generations of one request on the engine and turns their output into one reactive stream of
 * {@link ChoiceEvent}s.
 * <ul>
 *   <li>Nothing is submitted before the stream is subscribed, so no work starts for a response that is never written.
 *   <li>Cancelling the stream (the client went away) cancels every generation: the engine drops them at its next step
 *       and frees their KV caches.
 *   <li>When the deadline passes, the generations are cancelled but the stream goes on: each choice still ends with
 *       its result so far (finish reason {@code CANCELLED}), so that the client gets a complete, truncated answer.
 *   <li>The engine calls back on its own thread; events are handed to {@code scheduler} so that encoding and writing
 *       never run on (and slow down) the engine thread. {@code onEngineThread} sees each event first, for timings.
 *   <li>The request's admission permit learns of every generation handed to the engine and of its end there, and is
 *       closed when the stream ends, so its room comes back once the engine has let go of all of them (a cancelled
 *       generation holds its place until the engine has dropped it). The permit's bookkeeping, and with it the
 *       admission of a waiting request, runs on {@code scheduler}, never on the engine thread.
 * </ul>
 */
public final class Generations {
    private Generations() {
    }

    public static Flux<ChoiceEvent> run(InferenceEngine engine, Admission.Permit permit,
                                        List<ChoiceGeneration> generations, Duration deadline,
                                        Consumer<ChoiceEvent> onEngineThread, Scheduler scheduler) {
        return Flux.defer(() -> {
            Deadline cut = new Deadline();
            List<Flux<ChoiceEvent>> choices = generations.stream()
                    .map(generation -> one(engine, permit, generation, cut, onEngineThread, scheduler))
                    .toList();
            Disposable timer = Schedulers.parallel().schedule(cut::pass, Math.max(0, deadline.toNanos()),
                    TimeUnit.NANOSECONDS);
            return Flux.merge(choices).doFinally(signal -> {
                timer.dispose();
                permit.close();
            });
        }).publishOn(scheduler);
    }

    private static Flux<ChoiceEvent> one(InferenceEngine engine, Admission.Permit permit, ChoiceGeneration generation,
                                         Deadline deadline, Consumer<ChoiceEvent> onEngineThread, Scheduler scheduler) {
        return Flux.create(sink -> {
            permit.entered();
            Runnable left = () -> scheduler.schedule(permit::left);
            GenerationHandle handle;
            try {
                handle = engine.submit(generation.request(), generation.seed(),
                        new SinkListener(generation, sink, onEngineThread, left));
            } catch (RuntimeException e) {
                permit.left();
                throw e;
            }
            sink.onCancel(handle::cancel);
            deadline.register(handle);
        });
    }

    /** The result of a choice whose deadline passed before the engine started it: nothing generated. */
    static GenerationResult nothingGenerated(ChoiceGeneration generation) {
        return new GenerationResult("", FinishReason.CANCELLED, generation.request().prompt().length, 0, new int[0],
                AspdDocument.serial(""), new AspdStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    /** Cancels the request's generations once its deadline has passed, including any registered after that. */
    private static final class Deadline {
        private final List<GenerationHandle> handles = new CopyOnWriteArrayList<>();
        private volatile boolean passed;

        void register(GenerationHandle handle) {
            handles.add(handle);
            if (passed) {
                handle.cancel();
            }
        }

        void pass() {
            passed = true;
            handles.forEach(GenerationHandle::cancel);
        }
    }

    /**
     * Called on the engine thread: only hands events on. The engine ends every generation with exactly one call of
     * {@link #onFinish} or {@link #onError}, after it has let go of the generation; {@code left} reports that.
     */
    private static final class SinkListener implements GenerationListener {
        private final ChoiceGeneration generation;
        private final FluxSink<ChoiceEvent> sink;
        private final Consumer<ChoiceEvent> onEngineThread;
        private final Runnable left;

        SinkListener(ChoiceGeneration generation, FluxSink<ChoiceEvent> sink, Consumer<ChoiceEvent> onEngineThread,
                     Runnable left) {
            this.generation = generation;
            this.sink = sink;
            this.onEngineThread = onEngineThread;
            this.left = left;
        }

        @Override
        public void onText(TextPiece piece) {
            emit(new ChoiceEvent.Text(generation.choice(), piece));
        }

        @Override
        public void onFinish(GenerationResult result) {
            left.run();
            finish(result);
        }

        @Override
        public void onError(Throwable error) {
            left.run();
            if (error instanceof CancellationException) {
                // cancelled while still queued in the engine: by the deadline (a client that left no longer listens)
                finish(nothingGenerated(generation));
            } else {
                sink.error(error);
            }
        }

        private void finish(GenerationResult result) {
            emit(new ChoiceEvent.Finished(generation.choice(), result));
            sink.complete();
        }

        private void emit(ChoiceEvent event) {
            if (!sink.isCancelled()) {
                onEngineThread.accept(event);
                sink.next(event);
            }
        }
    }
}

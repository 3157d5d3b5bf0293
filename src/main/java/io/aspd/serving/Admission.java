package io.aspd.serving;

import io.aspd.config.AspdProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * Decides when a request may start generating, and is the one owner of the server's capacity. Capacity is counted in
 * engine sequences: {@code aspd.engine.max-sequences}, the same number the engine batches, so that every admitted
 * generation has a place in the batch. A request takes one sequence per choice, all at once, with one admission (one
 * place in the queue, one grant, one release). A Resilience4j {@link Bulkhead} holds the sequence permits (its
 * metrics show the free ones). Requests that find no room wait in a bounded FIFO queue without holding a thread
 * ({@code aspd.admission.max-queue}); a full queue rejects at once, and a request that waited its allowance is turned
 * away. The bulkhead's own waiting would block a thread, so it is used with a zero wait and this class does the
 * queueing.
 * <p>
 * A {@link Permit} comes back only when its request will start no more generations and the engine has let go of every
 * one it started (finished, failed, or dropped after a cancel), so the engine never holds more generations than it is
 * sized for. A further limit on what running generations hold (such as KV-cache tokens) would be one more amount that
 * {@link #take} reserves and {@link #giveBack} returns, with a request's need computed next to its sequences.
 * <p>
 * Every change of a waiter's fate (granted, expired, left) happens under this object's lock, so a permit is handed to
 * exactly one party and always comes back; emissions to subscribers happen outside the lock, because a granted request
 * goes on to start its generations in that call.
 */
@Component
public class Admission {
    /** What a rejected client is told to wait; SDKs back off further on their own when it happens again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    public static final String BULKHEAD_NAME = "generations";

    private final Bulkhead bulkhead;
    private final int maxSequences;
    private final int maxQueue;
    private final Deque<Waiter> queue = new ArrayDeque<>();

    public Admission(AspdProperties properties, BulkheadRegistry bulkheads) {
        this.maxSequences = properties.engine().maxSequences();
        this.maxQueue = properties.admission().maxQueue();
        this.bulkhead = bulkheads.bulkhead(BULKHEAD_NAME, BulkheadConfig.custom()
                .maxConcurrentCalls(maxSequences)
                .maxWaitDuration(Duration.ZERO)
                .build());
    }

    /** Generations that may run at once ({@code aspd.engine.max-sequences}); a request needing more can never run. */
    public int maxSequences() {
        return maxSequences;
    }

    /** Requests waiting for room. */
    public synchronized int queued() {
        return queue.size();
    }

    /**
     * Room for {@code generations} generations, now or after waiting at most {@code maxWait}; fails with
     * {@link AdmissionRejected} otherwise. The holder reports the generations it hands to the engine and their ends
     * to the permit, and closes it when it starts no more; cancelling the returned Mono while it waits leaves the queue.
     *
     * @throws IllegalArgumentException when more generations are asked for than can ever run at once
     */
    public Mono<Permit> acquire(int generations, Duration maxWait) {
        if (generations < 1 || generations > maxSequences) {
            throw new IllegalArgumentException("a request may run between 1 and " + maxSequences + " generations");
        }
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(generations, System.nanoTime(), sink);
            sink.onCancel(() -> leave(waiter));
            Runnable outcome;
            synchronized (this) {
                if (waiter.settled) {
                    return; // cancelled before it could queue
                }
                if (queue.isEmpty() && take(generations)) {
                    outcome = waiter.grant(new Permit(generations, 0));
                } else if (queue.size() >= maxQueue) {
                    waiter.settled = true;
                    outcome = () -> sink.error(new AdmissionRejected(AdmissionRejected.Reason.QUEUE_FULL, Duration.ZERO,
                            RETRY_AFTER));
                } else {
                    queue.addLast(waiter);
                    waiter.timer = Schedulers.parallel().schedule(() -> expire(waiter), maxWait.toNanos(),
                            TimeUnit.NANOSECONDS);
                    return;
                }
            }
            outcome.run();
        });
    }

    /** Takes permits for all generations or none. */
    private boolean take(int generations) {
        for (int taken = 0; taken < generations; taken++) {
            if (!bulkhead.tryAcquirePermission()) {
                for (int i = 0; i < taken; i++) {
                    bulkhead.releasePermission();
                }
                return false;
            }
        }
        return true;
    }

    /** Hands freed room to waiting requests in arrival order; the head of the queue is never overtaken. */
    private void admitWaiting() {
        List<Runnable> grants = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && take(queue.peekFirst().generations)) {
                Waiter waiter = queue.pollFirst();
                waiter.timer.dispose();
                grants.add(waiter.grant(new Permit(waiter.generations, System.nanoTime() - waiter.since)));
            }
        }
        grants.forEach(Runnable::run);
    }

    private void expire(Waiter waiter) {
        synchronized (this) {
            if (waiter.settled) {
                return;
            }
            waiter.settled = true;
            queue.remove(waiter);
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - waiter.since);
        waiter.sink.error(new AdmissionRejected(AdmissionRejected.Reason.QUEUE_TIMEOUT, waited, RETRY_AFTER));
    }

    /** The client went away while waiting, or just as its permit was granted. */
    private void leave(Waiter waiter) {
        Permit granted;
        synchronized (this) {
            if (!waiter.settled) {
                waiter.settled = true;
                if (waiter.timer != null) {
                    waiter.timer.dispose();
                }
                queue.remove(waiter);
                return;
            }
            granted = waiter.granted;
        }
        if (granted != null) {
            granted.close();
        }
    }

    private void giveBack(int generations) {
        for (int i = 0; i < generations; i++) {
            bulkhead.onComplete();
        }
    }

    /**
     * Room for a request's generations. Its holder counts each generation it hands to the engine ({@link #entered()})
     * and each that the engine has let go of ({@link #left()}), and closes the permit when it starts no more
     * ({@link #close()}, more than once is harmless). The room comes back in one place, once the permit is closed and
     * no generation of it is left in the engine, so it is never handed on while the engine still holds its sequences.
     */
    public final class Permit {
        private final int generations;
        private final long queueNanos;
        /** Guarded by this permit: generations in the engine, whether more may come, whether the room went back. */
        private int inEngine;
        private boolean closed;
        private boolean returned;

        private Permit(int generations, long queueNanos) {
            this.generations = generations;
            this.queueNanos = queueNanos;
        }

        /** How long the request waited in the queue. */
        public long queueNanos() {
            return queueNanos;
        }

        /**
         * A generation is being handed to the engine; it holds its place until {@link #left()}.
         *
         * @throws IllegalStateException once the permit is closed (its room may already run another request), or when
         *                               more generations enter than the permit has room for
         */
        public void entered() {
            synchronized (this) {
                if (closed || inEngine == generations) {
                    throw new IllegalStateException(closed ? "the request's admission permit is already closed"
                            : "the admission permit has room for " + generations + " generations only");
                }
                inEngine++;
            }
        }

        /** A generation that entered is gone from the engine: finished, failed, dropped after a cancel, or refused. */
        public void left() {
            synchronized (this) {
                if (inEngine == 0) {
                    throw new IllegalStateException("no generation of this permit is in the engine");
                }
                inEngine--;
            }
            returnIfDone();
        }

        /** The request starts no more generations; its room comes back as soon as the engine holds none of them. */
        public void close() {
            synchronized (this) {
                closed = true;
            }
            returnIfDone();
        }

        private void returnIfDone() {
            synchronized (this) {
                if (!closed || inEngine > 0 || returned) {
                    return;
                }
                returned = true;
            }
            giveBack(generations);
            admitWaiting();
        }
    }

    /** A request waiting for room. Its fields are guarded by the Admission's lock. */
    private static final class Waiter {
        final int generations;
        final long since;
        final MonoSink<Permit> sink;
        boolean settled;
        Disposable timer;
        Permit granted;

        Waiter(int generations, long since, MonoSink<Permit> sink) {
            this.generations = generations;
            this.since = since;
            this.sink = sink;
        }

        /** Settles the waiter with its permit; returns the emission, to be run outside the lock. */
        Runnable grant(Permit permit) {
            settled = true;
            granted = permit;
            return () -> sink.success(permit);
        }
    }
}

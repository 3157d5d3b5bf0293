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
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * Decides when a request may start generating. A Resilience4j {@link Bulkhead} holds one permit per running generation
 * ({@code aspd.admission.max-concurrent}); a request with n choices needs n at once. Requests that find no room wait in
 * a bounded FIFO queue without holding a thread ({@code aspd.admission.max-queue}); a full queue rejects at once, and a
 * request that waited its allowance is turned away. The bulkhead's own waiting would block a thread, so it is used
 * with a zero wait and this class does the queueing.
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
    private final int maxConcurrent;
    private final int maxQueue;
    private final Deque<Waiter> queue = new ArrayDeque<>();

    public Admission(AspdProperties properties, BulkheadRegistry bulkheads) {
        AspdProperties.Admission config = properties.admission();
        this.maxConcurrent = config.maxConcurrent();
        this.maxQueue = config.maxQueue();
        this.bulkhead = bulkheads.bulkhead(BULKHEAD_NAME, BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrent)
                .maxWaitDuration(Duration.ZERO)
                .build());
    }

    /** Generations that may run at once; a request needing more can never be admitted. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** Requests waiting for room. */
    public synchronized int queued() {
        return queue.size();
    }

    /**
     * Room for {@code generations} generations, now or after waiting at most {@code maxWait}; fails with
     * {@link AdmissionRejected} otherwise. The permit must be released when the generations end; cancelling the
     * returned Mono while it waits leaves the queue.
     *
     * @throws IllegalArgumentException when more generations are asked for than can ever run at once
     */
    public Mono<Permit> acquire(int generations, Duration maxWait) {
        if (generations < 1 || generations > maxConcurrent) {
            throw new IllegalArgumentException("a request may run between 1 and " + maxConcurrent + " generations");
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
            granted.release();
        }
    }

    private void giveBack(int generations) {
        for (int i = 0; i < generations; i++) {
            bulkhead.onComplete();
        }
    }

    /** Room for a request's generations; {@link #release()} gives it back (more than once is harmless). */
    public final class Permit {
        private final int generations;
        private final long queueNanos;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(int generations, long queueNanos) {
            this.generations = generations;
            this.queueNanos = queueNanos;
        }

        /** How long the request waited in the queue. */
        public long queueNanos() {
            return queueNanos;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                giveBack(generations);
                admitWaiting();
            }
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

package io.aspd.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Server-sent events exactly as OpenAI writes them: {@code data: <json>\n\n} per chunk, {@code data: [DONE]\n\n} at the
 * end, and comments ({@code : ...}) for everything else, which every SSE parser skips. Spring's own SSE writer puts no
 * space after {@code data:}; clients that match the prefix literally need it, hence the framing by hand.
 */
final class SseFrames {
    static final String DONE = "data: [DONE]\n\n";
    static final String KEEP_ALIVE = ": keep-alive\n\n";

    private SseFrames() {
    }

    static String data(String json) {
        return "data: " + json + "\n\n";
    }

    static String comment(String text) {
        return ": " + text.replaceAll("[\\r\\n]+", " ") + "\n\n";
    }

    /**
     * Adds a keep-alive comment whenever the stream has been silent for {@code interval} (a queued, prefilling or
     * buffering generation), so that proxies keep the connection open and a client that left is noticed at the next
     * write. Ends with the frames, which must end with {@link #DONE} (or an error).
     */
    static Flux<String> withKeepAlive(Flux<String> frames, Duration interval) {
        Scheduler clock = Schedulers.parallel(); // the ticks' own clock, so that silence is measured like the ticks
        AtomicLong lastSent = new AtomicLong(clock.now(TimeUnit.NANOSECONDS));
        Flux<String> sent = frames.doOnNext(frame -> lastSent.set(clock.now(TimeUnit.NANOSECONDS)));
        Flux<String> pings = Flux.interval(interval, interval, clock)
                .filter(tick -> clock.now(TimeUnit.NANOSECONDS) - lastSent.get() >= interval.toNanos())
                .map(tick -> KEEP_ALIVE);
        return Flux.merge(sent, pings).takeUntil(DONE::equals);
    }
}

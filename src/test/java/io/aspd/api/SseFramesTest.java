package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class SseFramesTest {

    @Test
    void framesAreOpenAisDataLinesAndComments() {
        assertThat(SseFrames.data("{\"a\":1}")).isEqualTo("data: {\"a\":1}\n\n");
        assertThat(SseFrames.DONE).isEqualTo("data: [DONE]\n\n");
        assertThat(SseFrames.comment("line one\nline two")).isEqualTo(": line one line two\n\n");
    }

    @Test
    void keepAliveCommentsFillOnlyTheSilences() {
        StepVerifier.withVirtualTime(() -> SseFrames.withKeepAlive(
                        Flux.just("data: 1\n\n").concatWith(Flux.just("data: 2\n\n").delayElements(Duration.ofSeconds(12)))
                                .concatWithValues(SseFrames.DONE),
                        Duration.ofSeconds(5)))
                .expectNext("data: 1\n\n")
                .expectNoEvent(Duration.ofSeconds(5))
                .expectNext(SseFrames.KEEP_ALIVE)
                .expectNoEvent(Duration.ofSeconds(5))
                .expectNext(SseFrames.KEEP_ALIVE)
                .expectNoEvent(Duration.ofSeconds(2))
                .expectNext("data: 2\n\n", SseFrames.DONE)
                .verifyComplete();
    }

    @Test
    void aFailingStreamFailsTheBodyAndStopsTheTicks() {
        StepVerifier.withVirtualTime(() -> SseFrames.withKeepAlive(
                        Flux.<String>error(new IllegalStateException("engine failed"))
                                .delaySubscription(Duration.ofSeconds(7)),
                        Duration.ofSeconds(5)))
                .thenAwait(Duration.ofSeconds(5))
                .expectNext(SseFrames.KEEP_ALIVE)
                .thenAwait(Duration.ofSeconds(2))
                .verifyErrorMessage("engine failed");
    }
}

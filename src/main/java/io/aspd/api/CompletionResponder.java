package io.aspd.api;

import io.aspd.config.AspdProperties;
import io.aspd.metrics.RequestMetrics;
import io.aspd.metrics.ServingMetrics;
import io.aspd.serving.Admission;
import io.aspd.serving.ChoiceEvent;
import io.aspd.serving.Generations;
import io.aspd.serving.ServedModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a validated plan and answers with it: admission (one permit for all choices, queue, deadline), the generations,
 * then either one JSON response or an SSE stream. Everything that can turn into an error status happens before the response's first
 * byte: the queue is waited out before the 200 is sent, so that a request that finds no room still gets its 429/503.
 * <p>
 * The request deadline ({@code aspd.admission.request-timeout}) counts from arrival. Waiting for room uses at most what
 * is left of it (and at most {@code queue-timeout}); generations still running when it passes are cut, and their
 * choices end with finish_reason {@code length}, streamed or not, so that the client gets a well-formed, truncated
 * answer rather than an error that an SDK would retry.
 */
@Component
class CompletionResponder {
    private static final Logger log = LoggerFactory.getLogger(CompletionResponder.class);

    private final Admission admission;
    private final ServingMetrics metrics;
    private final WireJson json;
    private final Duration queueTimeout;
    private final Duration requestTimeout;
    private final Duration keepAlive;

    CompletionResponder(Admission admission, ServingMetrics metrics, WireJson json, AspdProperties properties) {
        this.admission = admission;
        this.metrics = metrics;
        this.json = json;
        this.queueTimeout = properties.admission().queueTimeout();
        this.requestTimeout = properties.admission().requestTimeout();
        this.keepAlive = properties.api().sseKeepAlive();
    }

    Mono<ServerResponse> respond(ServedModel model, RequestPlan plan, ResponseFormat format, long arrivedNanos) {
        RequestMetrics request = metrics.startRequest(plan.choices(), arrivedNanos);
        Duration wait = min(queueTimeout, remaining(arrivedNanos));
        return admission.acquire(plan.choices(), wait)
                .flatMap(permit -> {
                    request.admitted(permit.queueNanos());
                    Flux<ChoiceEvent> events = Generations.run(model.engine(), permit, plan.generations(),
                                    remaining(arrivedNanos), request::onEvent, Schedulers.parallel())
                            .doOnComplete(request::completed);
                    Mono<ServerResponse> response = plan.stream() ? stream(format, events) : whole(format, events);
                    return response.map(written -> (ServerResponse) new PermitReleasingResponse(written, permit))
                            .doOnCancel(permit::close);
                });
    }

    private Mono<ServerResponse> whole(ResponseFormat format, Flux<ChoiceEvent> events) {
        return events.doOnNext(format::collect)
                .then(Mono.fromSupplier(format::response))
                .flatMap(response -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(json.writeBytes(response)));
    }

    private Mono<ServerResponse> stream(ResponseFormat format, Flux<ChoiceEvent> events) {
        Flux<String> frames = Flux.concat(
                        Flux.fromIterable(format.openingChunks()),
                        events.concatMapIterable(event -> format.chunk(event).stream().toList()),
                        Flux.defer(() -> Mono.justOrEmpty(format.usageChunk())))
                .map(chunk -> SseFrames.data(json.write(chunk)))
                .concatWithValues(SseFrames.DONE)
                .onErrorResume(error -> {
                    // the status is sent: an in-band error object would break clients that parse every data line as
                    // a chunk, so the stream is cut without [DONE], which every client reports as a failed request
                    log.error("A streamed generation failed after its first byte; closing the stream", error);
                    return Flux.<String>just(SseFrames.comment("error: the generation failed")).concatWith(
                            Flux.error(error));
                });
        Flux<String> body = SseFrames.withKeepAlive(frames, keepAlive);
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no") // nginx and many ingresses buffer responses unless told not to
                .body((message, context) -> message.writeAndFlushWith(body.map(frame ->
                        Mono.just(message.bufferFactory().wrap(frame.getBytes(StandardCharsets.UTF_8))))));
    }

    private Duration remaining(long arrivedNanos) {
        return requestTimeout.minusNanos(System.nanoTime() - arrivedNanos);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

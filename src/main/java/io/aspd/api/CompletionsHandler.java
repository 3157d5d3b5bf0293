package io.aspd.api;

import io.aspd.serving.ServedModel;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code POST /v1/completions}: the prompt as given, without a chat template. */
@Component
class CompletionsHandler {
    private final RequestBodies bodies;
    private final ModelGate models;
    private final RequestPlanner planner;
    private final CompletionResponder responder;

    CompletionsHandler(RequestBodies bodies, ModelGate models, RequestPlanner planner,
                       CompletionResponder responder) {
        this.bodies = bodies;
        this.models = models;
        this.planner = planner;
        this.responder = responder;
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        long arrived = System.nanoTime();
        return bodies.read(request, CompletionRequest.class).flatMap(completion -> {
            ServedModel model = models.require(completion.model());
            completion.checkSupported();
            return Mono.fromCallable(() -> planner.plan(completion,
                            completion.prompts(model.tokenizer()::encode, model.vocabularySize()), model))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(plan -> responder.respond(model, plan,
                            new CompletionResponseFormat(ResponseIdentity.create("cmpl-", model), plan), arrived));
        });
    }
}

package io.aspd.api;

import io.aspd.model.ChatTemplateException;
import io.aspd.serving.ServedModel;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code POST /v1/chat/completions}. */
@Component
class ChatCompletionsHandler {
    private final RequestBodies bodies;
    private final ModelGate models;
    private final RequestPlanner planner;
    private final CompletionResponder responder;

    ChatCompletionsHandler(RequestBodies bodies, ModelGate models, RequestPlanner planner,
                           CompletionResponder responder) {
        this.bodies = bodies;
        this.models = models;
        this.planner = planner;
        this.responder = responder;
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        long arrived = System.nanoTime();
        return bodies.read(request, ChatCompletionRequest.class).flatMap(chat -> {
            ServedModel model = models.require(chat.model());
            chat.checkSupported();
            ChatOutputOptions output = ChatOutputOptions.of(chat);
            // rendering the template, tokenizing a long conversation and compiling a schema are CPU work: keep them
            // off the event loop
            return Mono.fromCallable(() -> planner.plan(chat, List.of(prompt(chat, output, model)), model,
                            output.constraint(model.tokenMasker(), model.toolCallFormat())))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(plan -> responder.respond(model, plan,
                            new ChatResponseFormat(ResponseIdentity.create("chatcmpl-", model), plan,
                                    output.callsTools() ? model.toolCallFormat() : null, output.textBeforeCalls()),
                                    arrived));
        });
    }

    private static int[] prompt(ChatCompletionRequest chat, ChatOutputOptions output, ServedModel model) {
        try {
            return model.chatPrompt(chat.conversation(), output.templateTools());
        } catch (ChatTemplateException e) {
            throw ApiException.invalid("messages", "The chat template rejected the messages: " + e.getMessage());
        }
    }
}

package io.aspd.api;

import io.aspd.api.TokenizerMessages.DetokenizeRequest;
import io.aspd.api.TokenizerMessages.DetokenizeResponse;
import io.aspd.api.TokenizerMessages.TokenizeRequest;
import io.aspd.api.TokenizerMessages.TokenizeResponse;
import io.aspd.model.ChatTemplateException;
import io.aspd.model.TextTokenizer;
import io.aspd.serving.ServedModel;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /tokenize} and {@code POST /detokenize}, with vLLM's request and response shapes: text, or chat messages
 * (and tools) rendered with the model's chat template exactly as a chat request's prompt, to token ids; token ids back
 * to text (special tokens, ASPD markup included).
 */
@Component
class TokenizerHandler {
    private final RequestBodies bodies;
    private final ModelGate models;
    private final WireJson json;

    TokenizerHandler(RequestBodies bodies, ModelGate models, WireJson json) {
        this.bodies = bodies;
        this.models = models;
        this.json = json;
    }

    Mono<ServerResponse> tokenize(ServerRequest request) {
        return bodies.read(request, TokenizeRequest.class)
                .publishOn(Schedulers.boundedElastic())
                .map(this::tokenize)
                .flatMap(this::ok);
    }

    Mono<ServerResponse> detokenize(ServerRequest request) {
        return bodies.read(request, DetokenizeRequest.class)
                .map(this::detokenize)
                .flatMap(this::ok);
    }

    private TokenizeResponse tokenize(TokenizeRequest request) {
        ServedModel model = models.require(request.model());
        boolean hasPrompt = request.prompt() != null;
        if (hasPrompt == (request.messages() != null)) {
            throw ApiException.invalid(hasPrompt ? "messages" : "prompt",
                    "Send exactly one of 'prompt' (text) and 'messages' (a conversation).");
        }
        TextTokenizer tokenizer = model.tokenizer();
        int[] ids;
        if (hasPrompt) {
            JsonParams.rejectIfNotEmpty(request.tools(), "tools", "tools are rendered with 'messages' only");
            ids = tokenizer.encode(request.prompt());
        } else {
            try {
                boolean generationPrompt = !Boolean.FALSE.equals(request.addGenerationPrompt());
                ids = model.chatPrompt(ChatMessages.of(request.messages()),
                        ChatOutputOptions.checkedTemplateTools(request.tools()), generationPrompt);
            } catch (ChatTemplateException e) {
                throw ApiException.invalid("messages", "The chat template rejected the messages: " + e.getMessage());
            }
        }
        List<String> pieces = Boolean.TRUE.equals(request.returnTokenStrs())
                ? Arrays.stream(ids).mapToObj(id -> tokenizer.decode(new int[] {id})).toList() : null;
        return new TokenizeResponse(ids.length, model.contextLength(), TokenIds.of(ids), pieces);
    }

    private DetokenizeResponse detokenize(DetokenizeRequest request) {
        ServedModel model = models.require(request.model());
        if (request.tokens() == null) {
            throw ApiException.invalid("tokens", "Missing required parameter: 'tokens'.");
        }
        int[] ids = new int[request.tokens().size()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = request.tokens().get(i);
            if (id == null || id < 0 || id >= model.vocabularySize()) {
                throw ApiException.invalid("tokens[" + i + "]", "Token id " + id + " is outside the vocabulary [0, "
                        + model.vocabularySize() + ").");
            }
            ids[i] = id;
        }
        return new DetokenizeResponse(model.tokenizer().decode(ids));
    }

    private Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json.writeBytes(body));
    }
}

package io.aspd.api;

import io.aspd.serving.ServedModel;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: the one served model. */
@Component
class ModelsHandler {
    static final String OWNER = "aspd-server";

    private final ModelGate models;
    private final WireJson json;

    ModelsHandler(ModelGate models, WireJson json) {
        this.models = models;
        this.json = json;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        return Mono.fromSupplier(() -> ModelList.of(card(models.require(null)))).flatMap(this::ok);
    }

    /** The id is matched as a catch-all path, because model ids such as {@code org/name} contain slashes. */
    Mono<ServerResponse> get(ServerRequest request) {
        String id = request.pathVariable("id").replaceFirst("^/", "");
        return Mono.fromSupplier(() -> card(models.require(id))).flatMap(this::ok);
    }

    private static ModelList.ModelCard card(ServedModel model) {
        return new ModelList.ModelCard(model.id(), "model", model.created(), OWNER, model.contextLength());
    }

    private Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json.writeBytes(body));
    }
}

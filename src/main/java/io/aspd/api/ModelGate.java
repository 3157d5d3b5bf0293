package io.aspd.api;

import io.aspd.serving.ModelService;
import io.aspd.serving.ServedModel;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** The served model for a request: 503 with Retry-After while it loads, 404 when the request names another model. */
@Component
class ModelGate {
    /** Loading takes seconds to minutes; clients should not hammer a starting server. */
    static final Duration LOADING_RETRY_AFTER = Duration.ofSeconds(5);

    private final ModelService models;

    ModelGate(ModelService models) {
        this.models = models;
    }

    /**
     * @param requested the request's {@code model}; absent means the served one (as vLLM and llama.cpp allow)
     */
    ServedModel require(String requested) {
        ServedModel model = models.ready().orElseThrow(() -> ApiException.loading(LOADING_RETRY_AFTER));
        if (requested != null && !requested.equals(model.id())) {
            throw ApiException.modelNotFound(requested);
        }
        return model;
    }
}

package io.aspd.api;

import java.util.List;

/** {@code GET /v1/models}: OpenAI's list of model cards. */
public record ModelList(String object, List<ModelCard> data) {

    /** One model; {@code max_model_len} is vLLM's extension giving the context length. */
    public record ModelCard(String id, String object, long created, String ownedBy, int maxModelLen) {
    }

    static ModelList of(ModelCard card) {
        return new ModelList("list", List.of(card));
    }
}

package io.aspd.model;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The sampling values a model folder recommends (its {@code generation_config.json}), used for every request parameter
 * the client leaves out; an empty value leaves the API's own default (OpenAI's: temperature 1, no top-p or top-k
 * cut, no repetition penalty). A value the client sends always wins.
 */
public record SamplingDefaults(OptionalDouble temperature, OptionalDouble topP, OptionalInt topK,
                               OptionalDouble repetitionPenalty) {

    /** No recommendation: the API's own defaults. */
    public static final SamplingDefaults NONE = new SamplingDefaults(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalInt.empty(), OptionalDouble.empty());

    /** The values that are set, as {@code temperature=0.0, top_k=20}; for the start-up log. */
    @Override
    public String toString() {
        List<String> set = new ArrayList<>();
        temperature.ifPresent(v -> set.add("temperature=" + v));
        topP.ifPresent(v -> set.add("top_p=" + v));
        topK.ifPresent(v -> set.add("top_k=" + v));
        repetitionPenalty.ifPresent(v -> set.add("repetition_penalty=" + v));
        return set.isEmpty() ? "none" : String.join(", ", set);
    }
}

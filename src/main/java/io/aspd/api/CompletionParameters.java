package io.aspd.api;

import tools.jackson.databind.JsonNode;

/**
 * The parameters that chat and text completions share, read by {@link RequestPlanner}. Fields are boxed so that an
 * absent (or null) value is told apart from a given one; polymorphic fields stay JSON and are checked by hand so that
 * errors name the parameter.
 */
interface CompletionParameters {
    String model();

    Integer n();

    Double temperature();

    Double topP();

    Integer topK();

    Long seed();

    JsonNode stop();

    Double presencePenalty();

    Double frequencyPenalty();

    Double repetitionPenalty();

    Boolean stream();

    StreamOptions streamOptions();

    JsonNode logitBias();

    Boolean returnTokenIds();

    AspdOptions aspd();

    /** The completion budget the client asked for, if any. */
    Integer requestedMaxTokens();

    /** The name of the parameter that carried {@link #requestedMaxTokens()}, for error messages. */
    String maxTokensParameter();

    /** -1 for no log-probabilities, otherwise how many alternatives to report per token (validated). */
    int logprobAlternatives();

    /** Where a prompt that does not fit the context came from, for error messages. */
    String promptParameter();

    default boolean streaming() {
        return Boolean.TRUE.equals(stream());
    }
}

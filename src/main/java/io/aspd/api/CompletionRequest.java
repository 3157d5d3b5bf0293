package io.aspd.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/completions} (legacy text completions): one prompt or several, each a string or token
 * ids. Unknown fields are ignored; {@code echo}, {@code suffix}, {@code best_of} other than n, and logit biases are
 * rejected by {@link #checkSupported()}.
 */
public record CompletionRequest(
        String model,
        JsonNode prompt,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Integer topK,
        Integer n,
        Boolean stream,
        StreamOptions streamOptions,
        JsonNode stop,
        Long seed,
        Double presencePenalty,
        Double frequencyPenalty,
        Double repetitionPenalty,
        Integer logprobs,
        Boolean echo,
        Integer bestOf,
        String suffix,
        JsonNode logitBias,
        String user,
        Boolean returnTokenIds,
        AspdOptions aspd) implements CompletionParameters {

    @Override
    public Integer requestedMaxTokens() {
        return maxTokens;
    }

    @Override
    public String maxTokensParameter() {
        return "max_tokens";
    }

    @Override
    public String promptParameter() {
        return "prompt";
    }

    @Override
    public int logprobAlternatives() {
        if (logprobs == null) {
            return -1;
        }
        if (logprobs < 0 || logprobs > ChatCompletionRequest.MAX_TOP_LOGPROBS) {
            throw ApiException.invalid("logprobs", "'logprobs' must be between 0 and "
                    + ChatCompletionRequest.MAX_TOP_LOGPROBS + ", got " + logprobs + ".");
        }
        return logprobs;
    }

    public void checkSupported() {
        if (Boolean.TRUE.equals(echo)) {
            throw ApiException.unsupported("echo", "'echo' is not supported: prompt log-probabilities are not"
                    + " computed.");
        }
        if (suffix != null && !suffix.isEmpty()) {
            throw ApiException.unsupported("suffix", "'suffix' is not supported: insertion is not implemented.");
        }
        if (bestOf != null && bestOf != (n == null ? 1 : n)) {
            throw ApiException.unsupported("best_of", "'best_of' is not supported unless it equals n: choices are"
                    + " not ranked.");
        }
        JsonParams.rejectIfNotEmpty(logitBias, "logit_bias", "logit biases are not implemented");
    }

    /**
     * The prompts as token ids: a string, an array of strings, an array of token ids, or an array of such arrays.
     *
     * @param encode         the tokenizer
     * @param vocabularySize token ids must be below it
     */
    public List<int[]> prompts(Function<String, int[]> encode, int vocabularySize) {
        if (JsonParams.absent(prompt)) {
            throw ApiException.invalid("prompt", "Missing required parameter: 'prompt'.");
        }
        if (prompt.isString()) {
            return List.of(nonEmpty(encode.apply(prompt.asString()), "prompt"));
        }
        if (!prompt.isArray() || prompt.isEmpty()) {
            throw ApiException.invalidType("prompt", "Invalid type for 'prompt': expected a string, an array of"
                    + " strings, an array of token ids or an array of token id arrays, but got "
                    + (prompt.isArray() ? "an empty array" : JsonParams.describe(prompt)) + ".");
        }
        if (prompt.get(0).isIntegralNumber()) {
            return List.of(tokenIds(prompt, "prompt", vocabularySize));
        }
        List<int[]> prompts = new ArrayList<>(prompt.size());
        for (int i = 0; i < prompt.size(); i++) {
            JsonNode item = prompt.get(i);
            String param = "prompt[" + i + "]";
            if (item.isString()) {
                prompts.add(nonEmpty(encode.apply(item.asString()), param));
            } else if (item.isArray()) {
                prompts.add(tokenIds(item, param, vocabularySize));
            } else {
                throw ApiException.invalidType(param, "Invalid type for '" + param
                        + "': expected a string or an array of token ids, but got " + JsonParams.describe(item) + ".");
            }
        }
        return prompts;
    }

    private static int[] tokenIds(JsonNode array, String param, int vocabularySize) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber()) {
                throw ApiException.invalidType(param + "[" + i + "]", "Invalid type for '" + param + "[" + i
                        + "]': expected a token id (an integer), but got " + JsonParams.describe(id) + ".");
            }
            if (!id.canConvertToInt() || id.intValue() < 0 || id.intValue() >= vocabularySize) {
                throw ApiException.invalid(param + "[" + i + "]", "Token id " + id
                        + " is outside the vocabulary [0, " + vocabularySize + ").");
            }
            ids[i] = id.intValue();
        }
        return nonEmpty(ids, param);
    }

    private static int[] nonEmpty(int[] ids, String param) {
        if (ids.length == 0) {
            throw ApiException.invalid(param, "'" + param + "' must not be empty.");
        }
        return ids;
    }
}

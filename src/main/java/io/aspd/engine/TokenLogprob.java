package io.aspd.engine;

import java.util.List;

/**
 * The log-probability of one generated token under the model's raw distribution (before penalties, grammar and
 * temperature, as vLLM reports them), with the most likely alternatives when asked for.
 */
public record TokenLogprob(int tokenId, String token, float logprob, List<Alternative> top) {
    public TokenLogprob {
        top = List.copyOf(top);
    }

    public record Alternative(int tokenId, String token, float logprob) {
    }
}

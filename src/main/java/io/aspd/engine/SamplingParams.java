package io.aspd.engine;

/**
 * How a stream picks its next token. {@code temperature == 0} is greedy decoding. Penalties see only the tokens the
 * stream itself can see (a branch never sees a sibling), so that parallel and sequential decoding stay identical.
 *
 * @param temperature       0 for greedy, otherwise the softmax temperature
 * @param topP              nucleus mass in (0, 1]
 * @param topK              0 for no limit, otherwise the number of most likely tokens kept
 * @param seed              seed of the request; every stream derives its own generator from it
 * @param repetitionPenalty 1 for none; divides positive and multiplies negative logits of tokens already seen (prompt included)
 * @param presencePenalty   OpenAI's: subtracted once from every token already generated
 * @param frequencyPenalty  OpenAI's: subtracted per earlier occurrence of a generated token
 */
public record SamplingParams(double temperature, double topP, int topK, long seed, double repetitionPenalty,
                             double presencePenalty, double frequencyPenalty) {

    public SamplingParams {
        require(temperature >= 0 && temperature <= 2, "temperature must be between 0 and 2");
        require(topP > 0 && topP <= 1, "top_p must be in (0, 1]");
        require(topK >= 0, "top_k must be >= 0");
        require(repetitionPenalty > 0, "repetition_penalty must be > 0");
        require(presencePenalty >= -2 && presencePenalty <= 2, "presence_penalty must be between -2 and 2");
        require(frequencyPenalty >= -2 && frequencyPenalty <= 2, "frequency_penalty must be between -2 and 2");
    }

    public static SamplingParams greedy() {
        return new SamplingParams(0, 1, 0, 0, 1, 0, 0);
    }

    public static SamplingParams seeded(double temperature, long seed) {
        return new SamplingParams(temperature, 1, 0, seed, 1, 0, 0);
    }

    public boolean isGreedy() {
        return temperature < 1e-5 || topK == 1;
    }

    public boolean hasPenalties() {
        return repetitionPenalty != 1 || presencePenalty != 0 || frequencyPenalty != 0;
    }

    public SamplingParams withSeed(long newSeed) {
        return new SamplingParams(temperature, topP, topK, newSeed, repetitionPenalty, presencePenalty, frequencyPenalty);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

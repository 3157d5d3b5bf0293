package io.aspd.engine;

import io.aspd.markup.AspdDocument;

/**
 * A finished generation.
 *
 * @param text         the visible answer, exactly the concatenation of the streamed pieces
 * @param finishReason why it ended
 * @param promptTokens prompt length
 * @param cachedPromptTokens prompt tokens that were found in the prefix cache, not prefilled
 * @param tokenIds     the answer's token ids in flat document order, markup included (what training would see)
 * @param structure    the answer's blocks, titles and branch texts (serial text outside blocks)
 * @param stats        what ASPD did
 */
public record GenerationResult(String text, FinishReason finishReason, int promptTokens, int cachedPromptTokens,
                               int[] tokenIds,
                               AspdDocument structure, AspdStats stats) {

    public int completionTokens() {
        return tokenIds.length;
    }
}

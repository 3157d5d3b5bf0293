package io.aspd.engine;

/**
 * A window into decoding for tests that pin the method down: it can steer the choice of each token (to build structure
 * a random-weight model would never write) and sees the raw logits every sampled token came from (to compare them
 * with the training view). Production decoding uses {@link #NONE}.
 * <p>
 * A stream is the serial text ({@code branch == -1}, {@code index} = flat index in the answer) or branch
 * {@code branch} of block {@code block} ({@code index} = index in the branch, head included).
 */
interface DecodeProbe {
    DecodeProbe NONE = new DecodeProbe() {
    };

    /** May change {@code logits}, a copy used for this choice only; the grammar still applies afterwards. */
    default void steer(int block, int branch, int index, float[] logits) {
    }

    /** The raw logits that token {@code token} was sampled from. */
    default void observe(int block, int branch, int index, int token, float[] rawLogits) {
    }
}

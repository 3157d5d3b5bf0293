package io.aspd.train.tokenizer;

import java.util.List;

/**
 * The added tokens, each one id that is never split: end of text, the ChatML frame, and the six ASPD tokens with
 * exactly the strings of the spec (section 1), so checkpoints tuned with the official recipe load unchanged.
 */
public final class SpecialTokens {

    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";

    public static final List<String> ASPD = List.of(
            "<|title|>", "<|/title|>", "<|para|>", "<|/para|>", "<|branch|>", "<|/branch|>");

    /** In id order: they follow the BPE vocabulary. */
    public static final List<String> ALL = List.of(END_OF_TEXT, IM_START, IM_END,
            ASPD.get(0), ASPD.get(1), ASPD.get(2), ASPD.get(3), ASPD.get(4), ASPD.get(5));

    private SpecialTokens() {
    }
}

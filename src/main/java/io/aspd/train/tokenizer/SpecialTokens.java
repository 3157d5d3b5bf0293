package io.aspd.train.tokenizer;

import io.aspd.markup.AspdTokens;
import java.util.List;
import java.util.stream.Stream;

/**
 * The added tokens, each one id that is never split: end of text, the ChatML frame, and the six ASPD tokens with
 * exactly the strings of the spec (section 1), so checkpoints tuned with the official recipe load unchanged.
 */
public final class SpecialTokens {

    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";

    /** In id order: they follow the BPE vocabulary; the ASPD tokens in the order the official recipe adds them. */
    public static final List<String> ALL = Stream.concat(Stream.of(END_OF_TEXT, IM_START, IM_END),
            AspdTokens.ALL.stream()).toList();

    private SpecialTokens() {
    }
}

package io.aspd.markup;

import java.util.List;

/**
 * The six special tokens of the ASPD response grammar (docs/aspd-method.md §1). These exact strings are what checkpoints
 * tuned with the official recipe carry, so they are never renamed; their ids always come from the tokenizer.
 */
public final class AspdTokens {
    public static final String TITLE = "<|title|>";
    public static final String TITLE_END = "<|/title|>";
    public static final String PARA = "<|para|>";
    public static final String PARA_END = "<|/para|>";
    public static final String BRANCH = "<|branch|>";
    public static final String BRANCH_END = "<|/branch|>";

    /** All six, in the order the official recipe adds them to a tokenizer. */
    public static final List<String> ALL = List.of(BRANCH, BRANCH_END, TITLE, TITLE_END, PARA, PARA_END);

    /** What separates a branch's title from its body in the markup: {@code <|branch|>T_k: body<|/branch|>}. */
    public static final String TITLE_SEPARATOR = ":";

    private AspdTokens() {
    }
}

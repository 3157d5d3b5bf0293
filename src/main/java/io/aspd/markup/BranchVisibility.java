package io.aspd.markup;

/**
 * The attention rule of docs/aspd-method.md §3 ("cantsee"), in one place for the training view ({@link TrainingView}) and
 * the engine's inference view. Tokens are indexed in an order where every token of a block's branches comes after the
 * block's first {@code <|branch|>} and everything before the block comes before it: the flat training layout and the
 * engine's physical KV-cache slots both have that property, so the same rule serves both.
 */
public final class BranchVisibility {
    /** The group of a shared token: prompt, serial text, titles, {@code <|para|>}, {@code <|/para|>}. */
    public static final int SHARED = -1;

    private BranchVisibility() {
    }

    /**
     * May a query see a key that is not after it? A shared query sees everything before it. A branch query sees what
     * precedes its block's first branch (prefix, titles, earlier blocks entirely) and the earlier tokens of its own
     * branch, never a sibling branch.
     *
     * @param queryGroup      {@link #SHARED} or the query's branch id (unique across blocks)
     * @param queryBlockStart index of the first {@code <|branch|>} of the query's block (unused for shared queries)
     * @param keyIndex        index of the key, at most the query's index
     * @param keyGroup        {@link #SHARED} or the key's branch id
     */
    public static boolean visible(int queryGroup, int queryBlockStart, int keyIndex, int keyGroup) {
        return queryGroup == SHARED || keyIndex < queryBlockStart || keyGroup == queryGroup;
    }
}

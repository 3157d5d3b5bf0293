package io.aspd.engine.constraint;

/**
 * One state of a byte-level output automaton (immutable: {@link #step} returns a new state). The automaton reads the
 * UTF-8 bytes of the generated text, so a byte-level BPE token that ends inside a multi-byte character is handled like
 * any other byte string.
 */
public interface AutomatonState {

    /** The state after byte {@code b} (0..255), or null when the byte is not allowed here. */
    AutomatonState step(int b);

    /** Whether the output may end here (EOS allowed). */
    boolean canEnd();

    /**
     * The number of bytes of the shortest way to reach a state where the output may end (0 exactly when
     * {@link #canEnd()}); every state an automaton produces has a finite value, so there are no dead ends.
     */
    int minBytesToEnd();

    /**
     * Whether any run of clean text (complete UTF-8 characters, none a control character, {@code "} or {@code \})
     * leaves this state unchanged: true inside a JSON string with no length bound left to count. Lets the token mask
     * accept whole trie subtrees without stepping through them.
     */
    default boolean absorbsCleanText() {
        return false;
    }

    /** Bytes that leave this state unchanged as a 256-bit set (4 longs), or null when there are none. */
    default long[] absorbedBytes() {
        return null;
    }

    /** Whether the text here is constrained (false only in the free text before a tool call opens). */
    default boolean constrained() {
        return true;
    }

    /** The state after a special token that is not EOS, or null when one is not allowed here. */
    default AutomatonState afterSpecialToken() {
        return null;
    }
}

package io.aspd.engine.constraint;

import java.util.BitSet;

/**
 * Computes which tokens an {@link AutomatonState} allows, by walking the state through a trie of the vocabulary's
 * token bytes: a shared prefix is stepped once for all tokens below it, a refused byte prunes its whole subtree, and
 * a subtree the state absorbs unchanged (clean text inside a JSON string, free text before a tool call) is accepted
 * as one range without stepping. Built once per vocabulary; thread-safe.
 *
 * <p>A token budget makes the mask close the document in time: a token is allowed only if what it leads to can still
 * be finished in the tokens left after it. This relies on every ASCII byte being a token of its own (true of
 * byte-level BPE vocabularies; see {@link #coversAscii()}), so a finish of n bytes takes at most n tokens.
 */
public final class TokenMasker {
    private final TokenVocabulary vocabulary;
    private final ByteTrie trie;
    /** Per trie node: every token below it continues, from the node's edge byte on, with clean text only. */
    private final boolean[] cleanBelow;
    /** Per trie node: the bytes used from its edge byte down, 4 longs per node. */
    private final long[] bytesBelow;
    private final boolean coversAscii;

    public TokenMasker(TokenVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        int count = 0;
        for (int id = 0; id < vocabulary.size(); id++) {
            count += isText(vocabulary, id) ? 1 : 0;
        }
        byte[][] texts = new byte[count][];
        int[] ids = new int[count];
        int next = 0;
        for (int id = 0; id < vocabulary.size(); id++) {
            if (isText(vocabulary, id)) {
                texts[next] = vocabulary.bytes(id);
                ids[next++] = id;
            }
        }
        this.trie = ByteTrie.build(texts, ids);
        this.cleanBelow = new boolean[trie.nodeCount];
        this.bytesBelow = new long[4 * trie.nodeCount];
        java.util.Arrays.fill(cleanBelow, true);
        int[] path = new int[1 + java.util.Arrays.stream(texts).mapToInt(t -> t.length).max().orElse(0)];
        for (byte[] text : texts) {
            int node = 0;
            for (int d = 0; d < text.length; d++) {
                node = trie.child(node, text[d] & 0xFF);
                path[d + 1] = node;
            }
            for (int d = 1; d <= text.length; d++) {
                int n = path[d];
                if (!StringLexer.isCleanText(text, d - 1)) {
                    cleanBelow[n] = false;
                }
                for (int k = d - 1; k < text.length; k++) {
                    int b = text[k] & 0xFF;
                    bytesBelow[4 * n + (b >>> 6)] |= 1L << b;
                }
            }
        }
        boolean ascii = true;
        for (int b = 0; b < 128; b++) {
            int child = trie.child(0, b);
            ascii &= child >= 0 && trie.endsHere(child);
        }
        this.coversAscii = ascii;
    }

    private static boolean isText(TokenVocabulary vocabulary, int id) {
        byte[] bytes = vocabulary.bytes(id);
        return !vocabulary.isSpecial(id) && bytes != null && bytes.length > 0;
    }

    public TokenVocabulary vocabulary() {
        return vocabulary;
    }

    /** Whether every ASCII byte is a token, which the budget guarantee relies on. */
    public boolean coversAscii() {
        return coversAscii;
    }

    /**
     * Sets in {@code out} (cleared first) the ids allowed after {@code state} when {@code tokensLeft} tokens may
     * still be written (this one included; {@link Integer#MAX_VALUE} for no budget). EOS ids are allowed exactly
     * where the output may end; other special tokens never.
     */
    public void allowedTokens(AutomatonState state, int tokensLeft, BitSet out) {
        out.clear();
        if (tokensLeft <= 0) {
            return;
        }
        int bytesLeftAfter = tokensLeft == Integer.MAX_VALUE ? Integer.MAX_VALUE : tokensLeft - 1;
        new Walk(bytesLeftAfter, out).visit(0, state);
        if (state.canEnd()) {
            for (int id : vocabulary.eosIds()) {
                out.set(id);
            }
        }
    }

    /** The allowed ids, by testing every token on its own: the reference the trie walk is tested against. */
    public void bruteForce(AutomatonState state, int tokensLeft, BitSet out) {
        out.clear();
        if (tokensLeft <= 0) {
            return;
        }
        int bytesLeftAfter = tokensLeft == Integer.MAX_VALUE ? Integer.MAX_VALUE : tokensLeft - 1;
        for (int id = 0; id < vocabulary.size(); id++) {
            if (vocabulary.isEos(id)) {
                if (state.canEnd()) {
                    out.set(id);
                }
                continue;
            }
            if (!isText(vocabulary, id)) {
                continue;
            }
            AutomatonState next = state;
            for (byte b : vocabulary.bytes(id)) {
                next = next.step(b & 0xFF);
                if (next == null) {
                    break;
                }
            }
            if (next != null && next.minBytesToEnd() <= bytesLeftAfter) {
                out.set(id);
            }
        }
    }

    private final class Walk {
        private final int bytesLeftAfter;
        private final BitSet out;

        Walk(int bytesLeftAfter, BitSet out) {
            this.bytesLeftAfter = bytesLeftAfter;
            this.out = out;
        }

        void visit(int node, AutomatonState state) {
            boolean cleanAbsorbed = state.absorbsCleanText();
            long[] absorbed = state.absorbedBytes();
            boolean unchangedFits = (cleanAbsorbed || absorbed != null) && state.minBytesToEnd() <= bytesLeftAfter;
            for (int child = trie.firstChild[node]; child >= 0; child = trie.nextSibling[child]) {
                if (cleanAbsorbed && cleanBelow[child] || absorbed != null && covers(absorbed, child)) {
                    if (unchangedFits) {
                        addRange(trie.subtreeStart[child], trie.subtreeEnd[child]);
                    }
                    continue;
                }
                AutomatonState next = state.step(trie.edge[child] & 0xFF);
                if (next == null) {
                    continue;
                }
                if (trie.endsHere(child) && next.minBytesToEnd() <= bytesLeftAfter) {
                    addRange(trie.subtreeStart[child], trie.ownEnd[child]);
                }
                if (trie.firstChild[child] >= 0) {
                    visit(child, next);
                }
            }
        }

        private boolean covers(long[] absorbed, int node) {
            int base = 4 * node;
            return (bytesBelow[base] & ~absorbed[0]) == 0 && (bytesBelow[base + 1] & ~absorbed[1]) == 0
                    && (bytesBelow[base + 2] & ~absorbed[2]) == 0 && (bytesBelow[base + 3] & ~absorbed[3]) == 0;
        }

        private void addRange(int from, int to) {
            for (int k = from; k < to; k++) {
                out.set(trie.tagOrder[k]);
            }
        }
    }
}

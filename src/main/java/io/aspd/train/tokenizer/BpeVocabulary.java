package io.aspd.train.tokenizer;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A trained byte-level BPE: the tokens (a token's id is its index; ids 0 to 255 are the single bytes, in byte order),
 * the merges in the order they were learned (earlier merges apply first), and the special tokens, whose ids follow the
 * tokens in the order given.
 */
public record BpeVocabulary(List<String> tokens, List<Merge> merges, List<String> specialTokens) {

    /** Merging the adjacent tokens {@code left} and {@code right} gives {@code result}. */
    public record Merge(int left, int right, int result) {
    }

    public BpeVocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
        specialTokens = List.copyOf(specialTokens);
        if (tokens.size() < 256) {
            throw new IllegalArgumentException("a byte-level vocabulary starts with the 256 byte tokens");
        }
        for (int b = 0; b < 256; b++) {
            if (!tokens.get(b).equals(String.valueOf(ByteLevelAlphabet.charOf(b)))) {
                throw new IllegalArgumentException("token " + b + " must be the byte " + b);
            }
        }
        Set<String> seen = new HashSet<>(tokens);
        if (seen.size() != tokens.size()) {
            throw new IllegalArgumentException("duplicate tokens");
        }
        for (String special : specialTokens) {
            if (!seen.add(special)) {
                throw new IllegalArgumentException("special token clashes with a token: " + special);
            }
        }
        for (Merge merge : merges) {
            Objects.checkIndex(merge.left(), tokens.size());
            Objects.checkIndex(merge.right(), tokens.size());
            if (!tokens.get(merge.result()).equals(tokens.get(merge.left()) + tokens.get(merge.right()))) {
                throw new IllegalArgumentException("merge result is not the concatenation: " + merge);
            }
        }
    }

    /** Tokens plus special tokens. */
    public int size() {
        return tokens.size() + specialTokens.size();
    }

    public int specialId(String special) {
        int index = specialTokens.indexOf(special);
        if (index < 0) {
            throw new IllegalArgumentException("not a special token: " + special);
        }
        return tokens.size() + index;
    }
}

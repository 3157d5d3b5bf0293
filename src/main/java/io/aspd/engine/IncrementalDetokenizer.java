package io.aspd.engine;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Turns one stream of token ids into text as the ids arrive, without ever emitting half of a multi-byte character.
 * Byte-level BPE splits characters such as "é" or an emoji across tokens; decoding token by token would emit
 * replacement characters. Instead, a small window of recent tokens is decoded, and new text is released only once it
 * no longer ends in U+FFFD. Decoding a window (not each token alone) also keeps tokenizers whose decoders treat a leading
 * space specially correct.
 */
final class IncrementalDetokenizer {
    private static final char REPLACEMENT = '\uFFFD';

    private final Function<int[], String> decode;
    private int[] tokens = new int[16];
    private int size;
    /** Start of the window decoded as context for the next delta. */
    private int prefixOffset;
    /** End of the tokens whose text has been released. */
    private int readOffset;

    IncrementalDetokenizer(Function<int[], String> decode) {
        this.decode = decode;
    }

    /** Adds a token; returns the text that became complete (possibly empty). */
    String push(int token) {
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, size * 2);
        }
        tokens[size++] = token;
        String prefix = decode.apply(Arrays.copyOfRange(tokens, prefixOffset, readOffset));
        String full = decode.apply(Arrays.copyOfRange(tokens, prefixOffset, size));
        if (full.length() <= prefix.length() || full.charAt(full.length() - 1) == REPLACEMENT || !full.startsWith(prefix)) {
            return "";
        }
        prefixOffset = readOffset;
        readOffset = size;
        return full.substring(prefix.length());
    }

    /** Whether tokens were pushed whose text has not been released yet. */
    boolean holdsText() {
        return readOffset < size;
    }

    /** The end of the stream: releases whatever is still held, even an incomplete character. */
    String flush() {
        if (readOffset == size) {
            return "";
        }
        String prefix = decode.apply(Arrays.copyOfRange(tokens, prefixOffset, readOffset));
        String full = decode.apply(Arrays.copyOfRange(tokens, prefixOffset, size));
        prefixOffset = readOffset = size;
        return full.startsWith(prefix) ? full.substring(prefix.length()) : full;
    }
}

package io.aspd.data.convert;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tokenizer-free token estimate, used when no {@code tokenizer.json} is given. The text is cut into word pieces: a run
 * of letters counts one token per started {@value #LETTERS_PER_TOKEN} letters (short words are one token in byte-level
 * BPE vocabularies, long ones split), a run of digits one per started {@value #DIGITS_PER_TOKEN} digits, and every other
 * visible character (punctuation, symbols, markdown markers) one token. Whitespace is free, as BPE attaches it to the next
 * piece. Only ratios of counts are used, so a constant bias cancels out.
 */
public final class WordPieceEstimate implements TokenCounter {
    static final int LETTERS_PER_TOKEN = 6;
    static final int DIGITS_PER_TOKEN = 3;
    private static final Pattern PIECE = Pattern.compile("(\\p{L}[\\p{L}\\p{M}]*)|(\\p{N}+)|(\\S)");

    @Override
    public int count(String text) {
        int tokens = 0;
        Matcher m = PIECE.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                tokens += ceilDiv(m.group(1).length(), LETTERS_PER_TOKEN);
            } else if (m.group(2) != null) {
                tokens += ceilDiv(m.group(2).length(), DIGITS_PER_TOKEN);
            } else {
                tokens++;
            }
        }
        return tokens;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}

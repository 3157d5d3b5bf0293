package io.aspd.train.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts text into the pieces BPE works on, exactly as the Hugging Face pipeline written to {@code tokenizer.json}
 * does: first around special tokens (matched verbatim, longest first), then with {@link #PATTERN} (a Split
 * pre-tokenizer with "Isolated" behaviour: matches and any unmatched gaps are both pieces).
 *
 * <p>The pattern, alternative by alternative: English contractions ({@code 's}, {@code 'll}, spelled out in both
 * cases so that Java and Oniguruma agree without case-folding rules); a run of letters with at most one leading
 * non-letter, non-digit, non-newline character (so " Turn" and "$word" stay whole); a single digit (numbers are
 * spelled digit by digit, which keeps prices learnable for a small model); a run of punctuation with an optional
 * leading space and trailing newlines; newlines with the spaces before them; spaces not followed by text; other
 * spaces.
 *
 * <p>ASPD needs "{@code <|branch|>T:}" to tokenize as a prefix of "{@code <|branch|>T: body}" (spec 6.3). A piece
 * never extends past a colon that is followed by a space: the punctuation alternative stops before spaces, and the
 * letter alternative cannot start at the colon because a space, not a letter, follows it. So the pieces of the
 * prefix are the first pieces of the whole string, and BPE, which works within pieces, keeps their tokens.
 */
public final class PreTokenizer {

    public static final String PATTERN = "'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])"
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+"
            + "|\\s+(?!\\S)"
            + "|\\s+";

    // Oniguruma's \s is Unicode white space; Java needs UNICODE_CHARACTER_CLASS for the same set.
    private static final Pattern COMPILED = Pattern.compile(PATTERN, Pattern.UNICODE_CHARACTER_CLASS);

    /** A piece of input: a special token, or text for BPE. */
    public record Piece(String text, boolean special) {
    }

    private final List<String> specialsLongestFirst;

    public PreTokenizer(List<String> specialTokens) {
        this.specialsLongestFirst = specialTokens.stream()
                .sorted((a, b) -> Integer.compare(b.length(), a.length())).toList();
    }

    public List<Piece> split(String text) {
        List<Piece> pieces = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int at = -1;
            String found = null;
            for (String special : specialsLongestFirst) {
                int i = text.indexOf(special, start);
                if (i >= 0 && (at < 0 || i < at)) {
                    at = i;
                    found = special;
                }
            }
            int end = at < 0 ? text.length() : at;
            splitText(text.substring(start, end), pieces);
            if (found == null) {
                break;
            }
            pieces.add(new Piece(found, true));
            start = at + found.length();
        }
        return pieces;
    }

    private static void splitText(String text, List<Piece> pieces) {
        Matcher m = COMPILED.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                pieces.add(new Piece(text.substring(last, m.start()), false));
            }
            if (m.end() > m.start()) {
                pieces.add(new Piece(m.group(), false));
            }
            last = m.end();
        }
        if (last < text.length()) {
            pieces.add(new Piece(text.substring(last), false));
        }
    }
}

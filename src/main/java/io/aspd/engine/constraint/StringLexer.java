package io.aspd.engine.constraint;

/**
 * The byte-level lexer of a JSON string's contents, as a packed int state: valid UTF-8 only (no overlong forms, no
 * encoded surrogates), no raw control characters, escapes including {@code \}{@code uXXXX} where a high surrogate
 * must be followed by a low one and a lone low surrogate is refused. Partial escapes that could only end in a refusal
 * are refused as early as their first bad digit, so a string can always be finished.
 */
final class StringLexer {
    static final int NORMAL = 0;
    static final int REJECT = -1;
    /** The unescaped closing quote. */
    static final int CLOSE = -2;
    /** Set on a result that starts a new character (for length counting); mask it off before storing. */
    static final int NEW_CHAR = 1 << 28;

    private static final int UTF8 = 1;
    private static final int ESCAPE = 2;
    private static final int HEX = 3;
    private static final int NEED_BACKSLASH = 4;
    private static final int NEED_U = 5;
    private static final int LOW_FLAG = 1 << 7;

    private StringLexer() {
    }

    static int step(int state, int b) {
        int mode = state & 0xF;
        switch (mode) {
            case NORMAL:
                if (b == '"') {
                    return CLOSE;
                }
                if (b == '\\') {
                    return ESCAPE | NEW_CHAR;
                }
                if (b < 0x20) {
                    return REJECT;
                }
                if (b < 0x80) {
                    return NORMAL | NEW_CHAR;
                }
                int lead = leadByte(b);
                return lead == REJECT ? REJECT : lead | NEW_CHAR;
            case UTF8: {
                int need = (state >>> 4) & 0x3;
                int lo = (state >>> 8) & 0xFF;
                int hi = (state >>> 16) & 0xFF;
                if (b < lo || b > hi) {
                    return REJECT;
                }
                return need == 1 ? NORMAL : utf8(need - 1, 0x80, 0xBF);
            }
            case ESCAPE:
                if (b == 'u') {
                    return HEX;
                }
                return "\"\\/bfnrt".indexOf(b) >= 0 ? NORMAL : REJECT;
            case HEX:
                return hexStep(state, b);
            case NEED_BACKSLASH:
                return b == '\\' ? NEED_U : REJECT;
            case NEED_U:
                return b == 'u' ? HEX | LOW_FLAG : REJECT;
            default:
                throw new IllegalStateException("lexer state " + state);
        }
    }

    private static int leadByte(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return utf8(1, 0x80, 0xBF);
        }
        if (b == 0xE0) {
            return utf8(2, 0xA0, 0xBF);
        }
        if (b == 0xED) {
            return utf8(2, 0x80, 0x9F);
        }
        if (b >= 0xE1 && b <= 0xEF) {
            return utf8(2, 0x80, 0xBF);
        }
        if (b == 0xF0) {
            return utf8(3, 0x90, 0xBF);
        }
        if (b >= 0xF1 && b <= 0xF3) {
            return utf8(3, 0x80, 0xBF);
        }
        if (b == 0xF4) {
            return utf8(3, 0x80, 0x8F);
        }
        return REJECT;
    }

    private static int utf8(int need, int lo, int hi) {
        return UTF8 | need << 4 | lo << 8 | hi << 16;
    }

    private static int hexStep(int state, int b) {
        int digit = Character.digit(b, 16);
        if (digit < 0) {
            return REJECT;
        }
        int count = (state >>> 4) & 0x7;
        boolean low = (state & LOW_FLAG) != 0;
        int value = (state >>> 8) * 16 + digit;
        count++;
        if (low) {
            // the second half of a surrogate pair must be DC00..DFFF
            if (count == 1 && value != 0xD || count == 2 && (value < 0xDC || value > 0xDF)) {
                return REJECT;
            }
        } else if (count == 2 && value >= 0xDC && value <= 0xDF) {
            return REJECT; // a lone low surrogate could never be completed
        }
        if (count < 4) {
            return HEX | count << 4 | (low ? LOW_FLAG : 0) | value << 8;
        }
        return !low && value >= 0xD800 && value <= 0xDBFF ? NEED_BACKSLASH : NORMAL;
    }

    /** Bytes still needed to finish the character in progress (0 in {@link #NORMAL}). */
    static int pendingBytes(int state) {
        int mode = state & 0xF;
        switch (mode) {
            case NORMAL:
                return 0;
            case UTF8:
                return (state >>> 4) & 0x3;
            case ESCAPE:
                return 1;
            case HEX: {
                int count = (state >>> 4) & 0x7;
                int value = state >>> 8;
                boolean low = (state & LOW_FLAG) != 0;
                boolean highSurrogate = !low && count >= 2 && value >> (4 * (count - 2)) >= 0xD8
                        && value >> (4 * (count - 2)) <= 0xDB;
                return 4 - count + (highSurrogate ? 6 : 0);
            }
            case NEED_BACKSLASH:
                return 6;
            case NEED_U:
                return 5;
            default:
                throw new IllegalStateException("lexer state " + state);
        }
    }

    /**
     * Whether {@code bytes} from {@code from} on are clean text: complete UTF-8 characters, none a control character,
     * a quote or a backslash (the text that leaves {@link #NORMAL} unchanged).
     */
    static boolean isCleanText(byte[] bytes, int from) {
        int state = NORMAL;
        for (int i = from; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (state == NORMAL && (b == '"' || b == '\\')) {
                return false;
            }
            state = step(state, b);
            if (state < 0) {
                return false;
            }
            state &= ~NEW_CHAR;
        }
        return state == NORMAL;
    }
}

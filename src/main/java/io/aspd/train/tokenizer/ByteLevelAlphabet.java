package io.aspd.train.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reversible byte-to-character table of GPT-2 style byte-level BPE. Bytes that are printable, non-space
 * Latin-1 characters stand for themselves; the other 68 bytes (controls, space, DEL, NBSP, soft hyphen, ...) are
 * moved, in byte order, to code points 256 and up. Every byte string thus becomes a string of visible characters,
 * so a space inside a token shows as 'Ġ' (U+0120) and a newline as 'Ċ' (U+010A).
 */
public final class ByteLevelAlphabet {

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int moved = 0;
        for (int b = 0; b < 256; b++) {
            char c = keepsItsCharacter(b) ? (char) b : (char) (256 + moved++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    private static boolean keepsItsCharacter(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    public static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    public static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String encode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /** The bytes behind a byte-level string; fails on characters outside the alphabet. */
    public static byte[] decode(String chars) {
        byte[] bytes = new byte[chars.length()];
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b < 0) {
                throw new IllegalArgumentException("not a byte-level character: U+" + Integer.toHexString(c));
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }
}

package io.aspd.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for a byte-level BPE tokenizer in unit tests: every token is a fixed byte string, and decoding
 * concatenates the bytes and decodes them as UTF-8, replacing incomplete characters with U+FFFD exactly like the real
 * byte-level decoder does.
 */
final class FakeByteTokenizer {
    private final List<byte[]> vocabulary = new ArrayList<>();

    /** Adds a token made of the given bytes; returns its id. */
    int add(byte... bytes) {
        vocabulary.add(bytes.clone());
        return vocabulary.size() - 1;
    }

    int add(String text) {
        return add(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Splits {@code text} into single-byte tokens: the worst case for multi-byte characters. */
    int[] bytesOf(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = add(bytes[i]);
        }
        return ids;
    }

    String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(vocabulary.get(id));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

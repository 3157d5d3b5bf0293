package io.aspd.engine.constraint;

import io.aspd.model.TextTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bytes each token id writes, as the automaton sees them. Byte-level BPE vocabularies (GPT-2/Qwen) spell bytes
 * as printable characters; those are mapped back, so a token that is half of a UTF-8 character has its true bytes.
 * SentencePiece-style vocabularies map {@code ▁} to a space and {@code <0xNN>} to byte NN. Special tokens have no
 * bytes: they are never text inside a constrained span (EOS is handled on its own).
 */
public final class TokenVocabulary {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final byte[][] bytes;
    private final boolean[] special;
    private final int[] eos;

    /**
     * @param bytes per id, the text bytes (null for special tokens and ids without a token)
     * @param special per id, whether it is a special token
     */
    public TokenVocabulary(byte[][] bytes, boolean[] special, int[] eos) {
        if (bytes.length != special.length) {
            throw new IllegalArgumentException("bytes and special flags must have one entry per id");
        }
        this.bytes = bytes;
        this.special = special;
        this.eos = eos.clone();
    }

    /**
     * The vocabulary of a model folder's {@code tokenizer.json}, with the special and EOS ids {@code tokenizer}
     * reports, over {@code logitsSize} ids (the model may have more rows than the tokenizer has tokens).
     */
    public static TokenVocabulary load(Path modelDir, TextTokenizer tokenizer, int logitsSize) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(modelDir.resolve(TextTokenizer.TOKENIZER_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean byteLevel = root.path("decoder").toString().contains("\"ByteLevel\"");
        int[] byteOfChar = byteLevel ? byteLevelDecoding() : null;
        byte[][] bytes = new byte[logitsSize][];
        boolean[] special = new boolean[logitsSize];
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
                put(bytes, entry.getValue().asInt(), spell(entry.getKey(), byteOfChar));
            }
        } else if (vocab.isArray()) {
            for (int id = 0; id < vocab.size(); id++) {
                put(bytes, id, spell(vocab.get(id).get(0).asString(), byteOfChar));
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            // added tokens are matched on their literal content, before any byte-level mapping
            put(bytes, added.get("id").asInt(), added.get("content").asString().getBytes(StandardCharsets.UTF_8));
        }
        for (int id : tokenizer.specialTokenIds()) {
            if (id < logitsSize) {
                special[id] = true;
                bytes[id] = null;
            }
        }
        int[] eos = tokenizer.eosTokenIds().stream().mapToInt(Integer::intValue).filter(id -> id < logitsSize)
                .toArray();
        return new TokenVocabulary(bytes, special, eos);
    }

    private static void put(byte[][] bytes, int id, byte[] text) {
        if (id >= 0 && id < bytes.length) {
            bytes[id] = text;
        }
    }

    private static byte[] spell(String token, int[] byteOfChar) {
        if (byteOfChar == null) {
            if (token.length() == 6 && token.startsWith("<0x") && token.endsWith(">")) {
                return new byte[] {(byte) Integer.parseInt(token.substring(3, 5), 16)};
            }
            return token.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= byteOfChar.length || byteOfChar[c] < 0) {
                return token.getBytes(StandardCharsets.UTF_8); // not a byte-level spelling: keep the text
            }
            out[i] = (byte) byteOfChar[c];
        }
        return out;
    }

    /**
     * GPT-2's byte-to-character table, inverted: printable Latin-1 bytes stand for themselves, the other 68 bytes
     * are spelled as U+0100 onwards in byte order.
     */
    private static int[] byteLevelDecoding() {
        int[] byteOfChar = new int[512];
        Arrays.fill(byteOfChar, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE;
            byteOfChar[printable ? b : next++] = b;
        }
        return byteOfChar;
    }

    /**
     * A made-up vocabulary the size of a large model's (Qwen2.5 has 151,665 tokens) for tests and benchmarks: every
     * single byte, then random JSON punctuation runs, words with and without a leading space, digit runs, whitespace
     * runs and UTF-8 text cut at random byte offsets (so many tokens are partial characters); the last three ids are
     * special, the last one EOS.
     */
    public static TokenVocabulary synthetic(int size, long seed) {
        Random random = new Random(seed);
        byte[][] bytes = new byte[size][];
        boolean[] special = new boolean[size];
        String[] pieces = {"{", "}", "[", "]", ":", ",", "\"", "\\", " ", "\n", "\\n", "\\\"", "\\u00", "true", "false",
            "null", "-", ".", "e", "+"};
        String unicode = "éüßçñ€中文字😀日本語кириллица";
        Set<String> seen = new java.util.HashSet<>();
        for (int id = 0; id < size - 3; id++) {
            byte[] text;
            if (id < 256) {
                text = new byte[] {(byte) id};
            } else {
                do {
                    text = randomToken(random, pieces, unicode);
                } while (!seen.add(new String(text, StandardCharsets.ISO_8859_1)));
            }
            bytes[id] = text;
        }
        for (int id = size - 3; id < size; id++) {
            special[id] = true;
        }
        return new TokenVocabulary(bytes, special, new int[] {size - 1});
    }

    private static byte[] randomToken(Random random, String[] pieces, String unicode) {
        StringBuilder text = new StringBuilder();
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    text.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            case 1 -> text.append(random.nextBoolean() ? " " : "").append(word(random));
            case 2 -> text.append(word(random)).append(pieces[random.nextInt(8)]);
            case 3 -> text.append(random.nextInt(100_000));
            case 4 -> text.append(" ".repeat(1 + random.nextInt(12)));
            default -> {
                int start = random.nextInt(unicode.length() - 3);
                byte[] utf8 = unicode.substring(start, start + 1 + random.nextInt(3)).getBytes(StandardCharsets.UTF_8);
                int from = random.nextInt(2);
                return Arrays.copyOfRange(utf8, from, Math.max(from + 1, utf8.length - random.nextInt(2)));
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = 2 + random.nextInt(8); i > 0; i--) {
            word.append((char) ((random.nextBoolean() ? 'a' : 'A') + random.nextInt(26)));
        }
        return word.toString();
    }

    /** Ids in this vocabulary: the length of a logits row. */
    public int size() {
        return bytes.length;
    }

    /** The text bytes of {@code id}, or null for a special token or an id without a token. */
    public byte[] bytes(int id) {
        return bytes[id];
    }

    public boolean isSpecial(int id) {
        return special[id];
    }

    public boolean isEos(int id) {
        for (int e : eos) {
            if (e == id) {
                return true;
            }
        }
        return false;
    }

    public int[] eosIds() {
        return eos.clone();
    }
}

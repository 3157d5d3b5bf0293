package io.aspd.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model folder's {@code tokenizer.json} through DJL's Hugging Face tokenizer, configured the way a server needs it:
 * no special tokens added, no truncation (DJL's default cuts at 512 tokens), no padding, and decoding that keeps
 * special tokens (DJL's plain {@code decode} drops them). Special tokens written in the text, such as
 * {@code <|para|>}, encode to their single ids.
 */
public final class TextTokenizer implements AutoCloseable {

    public static final String TOKENIZER_FILE = "tokenizer.json";

    private static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final Map<String, Integer> idsByToken;
    private final Set<Integer> specialIds;
    private final Set<Integer> eosIds;
    private final int vocabSize;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Integer> idsByToken, Set<Integer> specialIds,
            Set<Integer> eosIds, int vocabSize) {
        this.tokenizer = tokenizer;
        this.idsByToken = idsByToken;
        this.specialIds = specialIds;
        this.eosIds = eosIds;
        this.vocabSize = vocabSize;
    }

    /**
     * Loads {@code tokenizer.json}, plus the EOS ids of {@code generation_config.json} ({@code eos_token_id}, an int or
     * a list) and {@code tokenizer_config.json} ({@code eos_token}) when present.
     */
    public static TextTokenizer load(Path modelDir) {
        Path file = modelDir.resolve(TOKENIZER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model folder " + modelDir + " has no " + TOKENIZER_FILE);
        }
        String json;
        JsonObject root;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
            root = JsonParser.parseString(json).getAsJsonObject();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e, e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new ModelLoadException(file + " is not a JSON object: " + e.getMessage(), e);
        }
        Map<String, Integer> idsByToken = new HashMap<>();
        Set<Integer> specialIds = new TreeSet<>();
        try {
            readVocabulary(root, idsByToken);
            readAddedTokens(root, idsByToken, specialIds);
        } catch (RuntimeException e) {
            throw new ModelLoadException(file + " has a malformed vocabulary or added_tokens: " + e, e);
        }
        int vocabSize = idsByToken.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        TokenizerSettings settings = TokenizerSettings.load(modelDir);
        Set<Integer> eosIds = new LinkedHashSet<>(settings.generationEosIds());
        settings.eosToken().map(idsByToken::get).ifPresent(eosIds::add);
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), OPTIONS);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load " + file + " into the Hugging Face tokenizer: " + e, e);
        }
        return new TextTokenizer(tokenizer, Collections.unmodifiableMap(idsByToken),
                Collections.unmodifiableSet(specialIds), Collections.unmodifiableSet(eosIds), vocabSize);
    }

    /** Added tokens override vocabulary entries of the same text, as in the tokenizers library. */
    private static void readAddedTokens(JsonObject root, Map<String, Integer> idsByToken, Set<Integer> specialIds) {
        JsonElement addedTokens = root.get("added_tokens");
        if (addedTokens == null || addedTokens.isJsonNull()) {
            return;
        }
        for (JsonElement element : addedTokens.getAsJsonArray()) {
            JsonObject added = element.getAsJsonObject();
            int id = added.get("id").getAsInt();
            idsByToken.put(added.get("content").getAsString(), id);
            if (added.has("special") && added.get("special").getAsBoolean()) {
                specialIds.add(id);
            }
        }
    }

    /** BPE/WordPiece/WordLevel keep {@code vocab} as {token: id}; Unigram as [[piece, score], ...] indexed by id. */
    private static void readVocabulary(JsonObject root, Map<String, Integer> idsByToken) {
        JsonObject model = root.getAsJsonObject("model");
        JsonElement vocab = model == null ? null : model.get("vocab");
        if (vocab == null) {
            return;
        }
        if (vocab.isJsonObject()) {
            vocab.getAsJsonObject().entrySet().forEach(e -> idsByToken.put(e.getKey(), e.getValue().getAsInt()));
        } else if (vocab.isJsonArray()) {
            int id = 0;
            for (JsonElement piece : vocab.getAsJsonArray()) {
                idsByToken.put(piece.getAsJsonArray().get(0).getAsString(), id++);
            }
        }
    }

    /** The ids of {@code text}; special tokens written in it become their single ids. Never truncates. */
    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text).getIds();
        int[] result = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = Math.toIntExact(ids[i]);
        }
        return result;
    }

    /** The text of {@code ids}, special tokens included. Ids the tokenizer does not know decode to nothing. */
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, false);
    }

    /**
     * The id of an added token with exactly this text (e.g. {@code <|para|>}), or of a vocabulary entry written as the
     * vocabulary spells it (byte-level BPE writes a leading space as {@code Ġ}).
     */
    public OptionalInt tokenId(String token) {
        Integer id = idsByToken.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public boolean isSpecial(int id) {
        return specialIds.contains(id);
    }

    /** Ids of the added tokens marked special, ascending. */
    public Set<Integer> specialTokenIds() {
        return specialIds;
    }

    /** One more than the largest id the tokenizer knows (the model's vocabulary may be larger). */
    public int vocabSize() {
        return vocabSize;
    }

    /**
     * Tokens that end a response: {@code generation_config.json}'s {@code eos_token_id} first, then
     * {@code tokenizer_config.json}'s {@code eos_token}; empty when the folder names none.
     */
    public Set<Integer> eosTokenIds() {
        return eosIds;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}

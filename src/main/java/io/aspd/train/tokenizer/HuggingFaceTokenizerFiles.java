package io.aspd.train.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link BpeVocabulary} as Hugging Face {@code tokenizer.json} and {@code tokenizer_config.json}, the files
 * DJL's {@code HuggingFaceTokenizer} and Python's {@code transformers} load. The pipeline mirrors
 * {@link PreTokenizer} and {@link ByteLevelBpe}: no normalizer; added tokens matched verbatim; a Split pre-tokenizer
 * with {@link PreTokenizer#PATTERN} ("Isolated") followed by the byte-level mapping; BPE with the merges in order;
 * byte-level decoding.
 */
public final class HuggingFaceTokenizerFiles {

    public static final String TOKENIZER_JSON = "tokenizer.json";
    public static final String TOKENIZER_CONFIG_JSON = "tokenizer_config.json";

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private HuggingFaceTokenizerFiles() {
    }

    /**
     * @param modelMaxLength the context length written to {@code tokenizer_config.json}
     */
    public static void write(BpeVocabulary vocabulary, Path dir, int modelMaxLength) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(TOKENIZER_JSON), MAPPER.writeValueAsString(tokenizerJson(vocabulary)));
        Files.writeString(dir.resolve(TOKENIZER_CONFIG_JSON),
                MAPPER.writeValueAsString(tokenizerConfig(vocabulary, modelMaxLength)));
    }

    /**
     * Reads back a {@code tokenizer.json} written by {@link #write}, for encoding in Java with {@link ByteLevelBpe}.
     * Refuses files whose pre-tokenizer differs from {@link PreTokenizer}, because the Java encoder would then
     * disagree with the file.
     */
    public static BpeVocabulary read(Path dir) throws IOException {
        JsonNode json = MAPPER.readTree(Files.readString(dir.resolve(TOKENIZER_JSON)));
        JsonNode split = json.path("pre_tokenizer").path("pretokenizers").path(0);
        if (!PreTokenizer.PATTERN.equals(split.path("pattern").path("Regex").asString(null))
                || !json.path("normalizer").isNull()) {
            throw new IllegalArgumentException(dir + ": not a tokenizer written by this project's trainer");
        }
        JsonNode model = json.path("model");
        Map<String, Integer> ids = new LinkedHashMap<>();
        model.path("vocab").properties().forEach(e -> ids.put(e.getKey(), e.getValue().asInt()));
        String[] tokens = new String[ids.size()];
        ids.forEach((token, id) -> tokens[id] = token);
        if (Arrays.asList(tokens).contains(null)) {
            throw new IllegalArgumentException("vocabulary ids are not 0.." + (tokens.length - 1));
        }
        List<BpeVocabulary.Merge> merges = new ArrayList<>();
        for (JsonNode merge : model.path("merges")) {
            String[] pair = merge.asString().split(" ", -1);
            if (pair.length != 2) {
                throw new IllegalArgumentException("bad merge '" + merge.asString() + "'");
            }
            merges.add(new BpeVocabulary.Merge(idOf(ids, pair[0]), idOf(ids, pair[1]), idOf(ids, pair[0] + pair[1])));
        }
        List<String> specials = new ArrayList<>();
        for (JsonNode added : json.path("added_tokens")) {
            if (added.path("id").asInt() != tokens.length + specials.size()) {
                throw new IllegalArgumentException("added tokens must follow the vocabulary in id order");
            }
            specials.add(added.path("content").asString());
        }
        return new BpeVocabulary(List.of(tokens), merges, specials);
    }

    private static int idOf(Map<String, Integer> ids, String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("merge refers to unknown token '" + token + "'");
        }
        return id;
    }

    static Map<String, Object> tokenizerJson(BpeVocabulary vocabulary) {
        Map<String, Object> byteLevel = ordered(
                "type", "ByteLevel", "add_prefix_space", false, "trim_offsets", false, "use_regex", false);
        Map<String, Object> split = ordered(
                "type", "Split", "pattern", Map.of("Regex", PreTokenizer.PATTERN), "behavior", "Isolated",
                "invert", false);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", "1.0");
        json.put("truncation", null);
        json.put("padding", null);
        json.put("added_tokens", addedTokens(vocabulary));
        json.put("normalizer", null);
        json.put("pre_tokenizer", ordered("type", "Sequence", "pretokenizers", List.of(split, byteLevel)));
        json.put("post_processor", byteLevel);
        json.put("decoder", byteLevel);
        json.put("model", model(vocabulary));
        return json;
    }

    private static Map<String, Object> model(BpeVocabulary vocabulary) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<String> tokens = vocabulary.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        // Byte-level tokens never contain a space (it is 'Ġ'), so the "left right" string form is unambiguous.
        List<String> merges = vocabulary.merges().stream()
                .map(m -> tokens.get(m.left()) + " " + tokens.get(m.right())).toList();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("dropout", null);
        model.put("unk_token", null);
        model.put("continuing_subword_prefix", null);
        model.put("end_of_word_suffix", null);
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        model.put("vocab", vocab);
        model.put("merges", merges);
        return model;
    }

    private static List<Map<String, Object>> addedTokens(BpeVocabulary vocabulary) {
        List<Map<String, Object>> added = new ArrayList<>();
        for (String special : vocabulary.specialTokens()) {
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("id", vocabulary.specialId(special));
            token.putAll(addedTokenFlags(special));
            added.add(token);
        }
        return added;
    }

    private static Map<String, Object> addedTokenFlags(String special) {
        return ordered("content", special, "single_word", false, "lstrip", false, "rstrip", false,
                "normalized", false, "special", true);
    }

    static Map<String, Object> tokenizerConfig(BpeVocabulary vocabulary, int modelMaxLength) {
        Map<String, Object> decoder = new LinkedHashMap<>();
        for (String special : vocabulary.specialTokens()) {
            decoder.put(String.valueOf(vocabulary.specialId(special)), addedTokenFlags(special));
        }
        List<String> additional = vocabulary.specialTokens().stream()
                .filter(s -> !s.equals(SpecialTokens.END_OF_TEXT)).toList();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("add_bos_token", false);
        config.put("add_prefix_space", false);
        config.put("added_tokens_decoder", decoder);
        config.put("additional_special_tokens", additional);
        config.put("bos_token", null);
        config.put("chat_template", ChatMl.TEMPLATE);
        config.put("clean_up_tokenization_spaces", false);
        config.put("eos_token", SpecialTokens.IM_END);
        config.put("errors", "replace");
        config.put("model_max_length", modelMaxLength);
        config.put("pad_token", SpecialTokens.END_OF_TEXT);
        config.put("split_special_tokens", false);
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("unk_token", null);
        return config;
    }

    /** A map that keeps the order its key/value pairs are given in, so the JSON reads like the Hugging Face files. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}

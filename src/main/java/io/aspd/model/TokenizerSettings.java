package io.aspd.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a model folder says about its tokenizer beyond {@code tokenizer.json}: the special token strings of
 * {@code tokenizer_config.json} (bos, eos, pad, unk), its chat template (or {@code chat_template.jinja}), and the EOS
 * ids of {@code generation_config.json} (see {@link GenerationConfig}). Every file is optional.
 */
record TokenizerSettings(
        Map<String, String> specialTokens, Optional<String> chatTemplate, List<Integer> generationEosIds) {

    static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    static final String CHAT_TEMPLATE_FILE = "chat_template.jinja";

    /** The special-token keys of tokenizer_config.json passed to chat templates, as Hugging Face does. */
    private static final List<String> SPECIAL_TOKEN_KEYS = List.of("bos_token", "eos_token", "pad_token", "unk_token");

    static TokenizerSettings load(Path modelDir) {
        JsonObject tokenizerConfig = readJson(modelDir.resolve(TOKENIZER_CONFIG)).orElseGet(JsonObject::new);
        Map<String, String> specialTokens = new LinkedHashMap<>();
        for (String key : SPECIAL_TOKEN_KEYS) {
            tokenText(tokenizerConfig.get(key)).ifPresent(text -> specialTokens.put(key, text));
        }
        return new TokenizerSettings(specialTokens, chatTemplate(modelDir, tokenizerConfig),
                GenerationConfig.load(modelDir).eosTokenIds());
    }

    Optional<String> eosToken() {
        return Optional.ofNullable(specialTokens.get("eos_token"));
    }

    /** A special token is either a string or an AddedToken object {@code {"content": ...}}. */
    private static Optional<String> tokenText(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return Optional.empty();
        }
        if (value.isJsonObject() && value.getAsJsonObject().has("content")) {
            return Optional.of(value.getAsJsonObject().get("content").getAsString());
        }
        return value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
    }

    /**
     * {@code chat_template.jinja} wins (newer Hugging Face folders); otherwise tokenizer_config.json's
     * {@code chat_template}, which is a string or a list of named templates of which we take "default".
     */
    private static Optional<String> chatTemplate(Path modelDir, JsonObject tokenizerConfig) {
        Path file = modelDir.resolve(CHAT_TEMPLATE_FILE);
        if (Files.isRegularFile(file)) {
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ModelLoadException("cannot read " + file + ": " + e, e);
            }
        }
        JsonElement template = tokenizerConfig.get("chat_template");
        if (template == null || template.isJsonNull()) {
            return Optional.empty();
        }
        if (template.isJsonPrimitive()) {
            return Optional.of(template.getAsString());
        }
        if (template.isJsonArray()) {
            for (JsonElement named : template.getAsJsonArray()) {
                JsonObject entry = named.isJsonObject() ? named.getAsJsonObject() : new JsonObject();
                if (entry.has("name") && "default".equals(entry.get("name").getAsString()) && entry.has("template")) {
                    return Optional.of(entry.get("template").getAsString());
                }
            }
        }
        return Optional.empty();
    }

    /** The JSON object in {@code file}; empty when there is no such file. */
    static Optional<JsonObject> readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e, e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new ModelLoadException(file + " is not a JSON object: " + e.getMessage(), e);
        }
    }
}

package io.aspd.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What a model folder's {@code generation_config.json} says (the file is optional): the ids that end an answer
 * ({@code eos_token_id}, an int or a list) and the sampling the model is meant to be decoded with.
 *
 * <p>Sampling follows Hugging Face's meaning of the file: {@code "do_sample": false} means greedy decoding, whatever
 * temperature the file also names; otherwise {@code temperature}, {@code top_p}, {@code top_k} and
 * {@code repetition_penalty} are taken as they are (vLLM does the same). A file without {@code do_sample} and
 * without those keys recommends nothing. The sampling values are read (and checked) only when asked for, so that a
 * server told to ignore them ({@code aspd.model.generation-config: false}) never fails on them.
 */
public final class GenerationConfig {

    static final String FILE = "generation_config.json";

    private final Path file;
    private final JsonObject json;

    private GenerationConfig(Path file, JsonObject json) {
        this.file = file;
        this.json = json;
    }

    public static GenerationConfig load(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        return new GenerationConfig(file, TokenizerSettings.readJson(file).orElseGet(JsonObject::new));
    }

    public List<Integer> eosTokenIds() {
        return eosTokenIds(file, json.get("eos_token_id"));
    }

    /**
     * The recommended sampling.
     *
     * @throws ModelLoadException when a value lies outside what a request may ask for (the key is named)
     */
    public SamplingDefaults sampling() {
        return sampling(file, json);
    }

    private static List<Integer> eosTokenIds(Path file, JsonElement value) {
        List<Integer> ids = new ArrayList<>();
        if (value == null || value.isJsonNull()) {
            return ids;
        }
        try {
            if (value.isJsonArray()) {
                value.getAsJsonArray().forEach(id -> ids.add(id.getAsInt()));
            } else if (value.isJsonPrimitive()) {
                ids.add(value.getAsInt());
            }
        } catch (RuntimeException e) {
            throw new ModelLoadException(file + ": eos_token_id must be an int or a list of ints, got " + value, e);
        }
        return ids;
    }

    private static SamplingDefaults sampling(Path file, JsonObject json) {
        boolean greedy = json.has("do_sample") && !bool(file, json, "do_sample");
        OptionalDouble temperature = greedy ? OptionalDouble.of(0) : number(file, json, "temperature", 0, 2);
        OptionalDouble topP = number(file, json, "top_p", Double.MIN_VALUE, 1);
        OptionalDouble repetition = number(file, json, "repetition_penalty", Double.MIN_VALUE, Double.MAX_VALUE);
        OptionalDouble topK = number(file, json, "top_k", 0, Integer.MAX_VALUE);
        if (topK.isPresent() && topK.getAsDouble() != Math.rint(topK.getAsDouble())) {
            throw new ModelLoadException(file + ": top_k must be a whole number, got " + topK.getAsDouble());
        }
        return new SamplingDefaults(temperature, topP,
                topK.isPresent() ? OptionalInt.of((int) topK.getAsDouble()) : OptionalInt.empty(), repetition);
    }

    private static boolean bool(Path file, JsonObject json, String key) {
        JsonElement value = json.get(key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw new ModelLoadException(file + ": " + key + " must be true or false, got " + value);
        }
        return value.getAsBoolean();
    }

    private static OptionalDouble number(Path file, JsonObject json, String key, double min, double max) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return OptionalDouble.empty();
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new ModelLoadException(file + ": " + key + " must be a number, got " + value);
        }
        double number = value.getAsDouble();
        if (!(number >= min && number <= max)) {
            throw new ModelLoadException(file + ": " + key + " must lie between " + min + " and " + max + ", got "
                    + number);
        }
        return OptionalDouble.of(number);
    }
}

package io.aspd.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a Qwen2-family decoder, as read from (and written to) a Hugging Face {@code config.json}.
 *
 * <p>Two {@code model_type}s are accepted. {@code qwen2} is the architecture of the ASPD checkpoints (q/k/v
 * projections carry biases). {@code llama} is accepted only where its math is the same block without those biases:
 * no {@code attention_bias}, no {@code mlp_bias}, no {@code rope_scaling}; anything else is rejected with a message
 * saying which key is not supported, rather than silently computing something different.
 */
public record ModelConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        double ropeTheta,
        double rmsNormEps,
        boolean tieWordEmbeddings,
        int maxPositionEmbeddings) {

    public static final String QWEN2 = "qwen2";
    public static final String LLAMA = "llama";
    public static final String CONFIG_FILE = "config.json";

    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public ModelConfig {
        if (!QWEN2.equals(modelType) && !LLAMA.equals(modelType)) {
            throw new IllegalArgumentException(
                    "unsupported architecture '" + modelType + "'; supported model_type values: qwen2, llama");
        }
        requirePositive("vocabSize", vocabSize);
        requirePositive("hiddenSize", hiddenSize);
        requirePositive("numLayers", numLayers);
        requirePositive("numHeads", numHeads);
        requirePositive("numKvHeads", numKvHeads);
        requirePositive("headDim", headDim);
        requirePositive("intermediateSize", intermediateSize);
        requirePositive("maxPositionEmbeddings", maxPositionEmbeddings);
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException(
                    "numHeads (" + numHeads + ") must be a multiple of numKvHeads (" + numKvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("headDim must be even for rotary embeddings, got " + headDim);
        }
        if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
            throw new IllegalArgumentException("ropeTheta must be a positive finite number, got " + ropeTheta);
        }
        if (!(rmsNormEps > 0) || Double.isInfinite(rmsNormEps)) {
            throw new IllegalArgumentException("rmsNormEps must be a positive finite number, got " + rmsNormEps);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Whether the q/k/v projections have biases (Qwen2 has them, the accepted Llama variant has not). */
    public boolean attentionBias() {
        return QWEN2.equals(modelType);
    }

    /** Query heads that share one key/value head (grouped-query attention). */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /**
     * Reads {@code config.json} from a model folder.
     *
     * @throws ModelLoadException when the folder or file is missing, the JSON is malformed, a required key is
     *     missing, or the architecture (or one of its options) is not supported
     */
    public static ModelConfig load(Path modelDir) {
        if (!Files.isDirectory(modelDir)) {
            throw new ModelLoadException("model folder " + modelDir + " does not exist or is not a directory");
        }
        Path file = modelDir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model folder " + modelDir + " has no " + CONFIG_FILE);
        }
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new ModelLoadException(file + " is not a JSON object: " + e.getMessage(), e);
        }
        try {
            return fromJson(json, file);
        } catch (ModelLoadException e) {
            throw e;
        } catch (RuntimeException e) { // invalid values, or a key of the wrong JSON type
            throw new ModelLoadException(file + ": " + e.getMessage(), e);
        }
    }

    private static ModelConfig fromJson(JsonObject json, Path file) {
        String modelType = modelType(json, file);
        rejectUnsupportedOptions(json, modelType, file);
        int hidden = requiredInt(json, "hidden_size", file);
        int heads = requiredInt(json, "num_attention_heads", file);
        if (heads <= 0) {
            throw new ModelLoadException(file + ": num_attention_heads must be positive, got " + heads);
        }
        if (hidden % heads != 0 && !json.has("head_dim")) {
            throw new ModelLoadException(
                    file + ": hidden_size " + hidden + " is not divisible by num_attention_heads " + heads
                            + " and no head_dim is given");
        }
        return new ModelConfig(
                modelType,
                requiredInt(json, "vocab_size", file),
                hidden,
                requiredInt(json, "num_hidden_layers", file),
                heads,
                optionalInt(json, "num_key_value_heads", heads),
                optionalInt(json, "head_dim", hidden / heads),
                requiredInt(json, "intermediate_size", file),
                optionalDouble(json, "rope_theta", 10000.0),
                optionalDouble(json, "rms_norm_eps", 1e-6),
                optionalBoolean(json, "tie_word_embeddings", false),
                optionalInt(json, "max_position_embeddings", QWEN2.equals(modelType) ? 32768 : 2048));
    }

    private static String modelType(JsonObject json, Path file) {
        JsonElement type = json.get("model_type");
        if (type == null || !type.isJsonPrimitive()) {
            throw new ModelLoadException(file + " has no model_type; supported model_type values: qwen2, llama");
        }
        String modelType = type.getAsString();
        if (!QWEN2.equals(modelType) && !LLAMA.equals(modelType)) {
            throw new ModelLoadException(
                    file + ": unsupported architecture '" + modelType + "' (architectures "
                            + json.get("architectures") + "); supported model_type values: qwen2, llama");
        }
        return modelType;
    }

    /** Options that would change the math of the block; we refuse them instead of ignoring them. */
    private static void rejectUnsupportedOptions(JsonObject json, String modelType, Path file) {
        String activation = json.has("hidden_act") ? json.get("hidden_act").getAsString() : "silu";
        if (!"silu".equals(activation)) {
            throw new ModelLoadException(file + ": hidden_act '" + activation + "' is not supported (only silu)");
        }
        if (json.has("rope_scaling") && !json.get("rope_scaling").isJsonNull()) {
            throw new ModelLoadException(
                    file + ": rope_scaling " + json.get("rope_scaling") + " is not supported (only plain RoPE)");
        }
        if (optionalBoolean(json, "use_sliding_window", false)) {
            throw new ModelLoadException(file + ": use_sliding_window=true is not supported");
        }
        if (optionalBoolean(json, "mlp_bias", false)) {
            throw new ModelLoadException(file + ": mlp_bias=true is not supported");
        }
        if (LLAMA.equals(modelType) && optionalBoolean(json, "attention_bias", false)) {
            throw new ModelLoadException(
                    file + ": llama with attention_bias=true is not supported (use model_type qwen2 for biased q/k/v)");
        }
    }

    private static int requiredInt(JsonObject json, String key, Path file) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            throw new ModelLoadException(file + " lacks required key '" + key + "'");
        }
        try {
            return value.getAsInt();
        } catch (RuntimeException e) {
            throw new ModelLoadException(file + ": '" + key + "' must be an integer, got " + value, e);
        }
    }

    private static int optionalInt(JsonObject json, String key, int fallback) {
        JsonElement value = json.get(key);
        return value == null || value.isJsonNull() ? fallback : value.getAsInt();
    }

    private static double optionalDouble(JsonObject json, String key, double fallback) {
        JsonElement value = json.get(key);
        return value == null || value.isJsonNull() ? fallback : value.getAsDouble();
    }

    private static boolean optionalBoolean(JsonObject json, String key, boolean fallback) {
        JsonElement value = json.get(key);
        return value == null || value.isJsonNull() ? fallback : value.getAsBoolean();
    }

    /** Writes {@code config.json} declaring float32 weights. */
    public void write(Path modelDir) {
        write(modelDir, TensorType.F32);
    }

    /**
     * Writes a {@code config.json} that Hugging Face transformers loads as this architecture, with {@code torch_dtype}
     * naming the dtype the weights are stored in.
     */
    public void write(Path modelDir, TensorType weightType) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("architectures", List.of(QWEN2.equals(modelType) ? "Qwen2ForCausalLM" : "LlamaForCausalLM"));
        json.put("model_type", modelType);
        json.put("vocab_size", vocabSize);
        json.put("hidden_size", hiddenSize);
        json.put("intermediate_size", intermediateSize);
        json.put("num_hidden_layers", numLayers);
        json.put("num_attention_heads", numHeads);
        json.put("num_key_value_heads", numKvHeads);
        json.put("head_dim", headDim);
        json.put("hidden_act", "silu");
        json.put("max_position_embeddings", maxPositionEmbeddings);
        json.put("rope_theta", ropeTheta);
        json.put("rms_norm_eps", rmsNormEps);
        json.put("tie_word_embeddings", tieWordEmbeddings);
        json.put("torch_dtype", weightType.torchName());
        json.put("use_cache", true);
        json.put("attention_dropout", 0.0);
        if (QWEN2.equals(modelType)) {
            json.put("use_sliding_window", false);
            json.put("sliding_window", maxPositionEmbeddings);
            json.put("max_window_layers", numLayers);
        } else {
            json.put("attention_bias", false);
            json.put("mlp_bias", false);
        }
        try {
            Files.createDirectories(modelDir);
            Files.writeString(modelDir.resolve(CONFIG_FILE), PRETTY.toJson(json) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + modelDir.resolve(CONFIG_FILE), e);
        }
    }
}

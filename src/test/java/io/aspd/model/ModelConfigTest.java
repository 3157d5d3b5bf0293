package io.aspd.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {

    @TempDir
    Path dir;

    /** The keys of a Qwen2.5-0.5B-Instruct config.json (values of that model), extras included. */
    private static final String QWEN25_05B = """
            {
              "architectures": ["Qwen2ForCausalLM"],
              "attention_dropout": 0.0,
              "bos_token_id": 151643,
              "eos_token_id": 151645,
              "hidden_act": "silu",
              "hidden_size": 896,
              "initializer_range": 0.02,
              "intermediate_size": 4864,
              "max_position_embeddings": 32768,
              "max_window_layers": 21,
              "model_type": "qwen2",
              "num_attention_heads": 14,
              "num_hidden_layers": 24,
              "num_key_value_heads": 2,
              "rms_norm_eps": 1e-06,
              "rope_theta": 1000000.0,
              "sliding_window": 32768,
              "tie_word_embeddings": true,
              "torch_dtype": "bfloat16",
              "transformers_version": "4.43.1",
              "use_cache": true,
              "use_sliding_window": false,
              "vocab_size": 151936
            }
            """;

    private Path writeConfig(String json) throws IOException {
        Files.writeString(dir.resolve("config.json"), json);
        return dir;
    }

    @Test
    void readsAHuggingFaceQwen2Config() throws IOException {
        ModelConfig config = ModelConfig.load(writeConfig(QWEN25_05B));
        assertEquals(new ModelConfig("qwen2", 151936, 896, 24, 14, 2, 64, 4864, 1_000_000.0, 1e-6, true, 32768),
                config);
        assertTrue(config.attentionBias());
        assertEquals(7, config.groupSize());
    }

    @Test
    void writeThenLoadGivesTheSameConfigAndHuggingFaceKeys() throws IOException {
        ModelConfig qwen = new ModelConfig("qwen2", 1000, 64, 3, 8, 2, 8, 100, 5e5, 1e-5, false, 4096);
        qwen.write(dir, TensorType.BF16);
        assertEquals(qwen, ModelConfig.load(dir));
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        assertEquals("Qwen2ForCausalLM", json.getAsJsonArray("architectures").get(0).getAsString());
        assertEquals("bfloat16", json.get("torch_dtype").getAsString());
        assertEquals(3, json.get("num_hidden_layers").getAsInt());

        ModelConfig llama = new ModelConfig("llama", 1000, 64, 3, 8, 8, 8, 100, 1e4, 1e-5, false, 2048);
        llama.write(dir);
        assertEquals(llama, ModelConfig.load(dir));
        assertFalse(llama.attentionBias());
    }

    @Test
    void llamaIsAcceptedOnlyWhereTheMathIsTheSame() throws IOException {
        String llama = """
                {"model_type": "llama", "vocab_size": 32000, "hidden_size": 2048, "num_hidden_layers": 22,
                 "num_attention_heads": 32, "num_key_value_heads": 4, "intermediate_size": 5632,
                 "hidden_act": "silu", "rms_norm_eps": 1e-05, "rope_scaling": null, "attention_bias": false}
                """;
        ModelConfig config = ModelConfig.load(writeConfig(llama));
        assertEquals(64, config.headDim());
        assertEquals(10000.0, config.ropeTheta());
        assertFalse(config.tieWordEmbeddings());
        assertRejected(llama.replace("\"attention_bias\": false", "\"attention_bias\": true"), "attention_bias");
        assertRejected(llama.replace("\"rope_scaling\": null", "\"rope_scaling\": {\"rope_type\": \"llama3\"}"),
                "rope_scaling");
        assertRejected(llama.replace("\"silu\"", "\"gelu\""), "hidden_act 'gelu'");
    }

    @Test
    void badConfigsFailWithAMessageNamingTheProblem() throws IOException {
        assertRejected(QWEN25_05B.replace("\"qwen2\"", "\"mistral\""), "unsupported architecture 'mistral'");
        assertRejected(QWEN25_05B.replace("\"hidden_size\": 896,", ""), "required key 'hidden_size'");
        assertRejected(QWEN25_05B.replace("\"use_sliding_window\": false", "\"use_sliding_window\": true"),
                "use_sliding_window");
        assertRejected(QWEN25_05B.replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3"),
                "multiple of numKvHeads");
        assertRejected("[1, 2]", "not a JSON object");
        Files.delete(dir.resolve("config.json"));
        ModelLoadException noFile = assertThrows(ModelLoadException.class, () -> ModelConfig.load(dir));
        assertTrue(noFile.getMessage().contains("has no config.json"), noFile.getMessage());
        ModelLoadException noDir = assertThrows(ModelLoadException.class,
                () -> ModelConfig.load(dir.resolve("absent")));
        assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
    }

    @Test
    void theRecordValidatesItself() {
        assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig("qwen2", 10, 8, 1, 2, 1, 3, 8, 1e4, 1e-6, true, 16)); // odd head dim
        assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig("qwen2", 0, 8, 1, 2, 1, 4, 8, 1e4, 1e-6, true, 16));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig("gpt2", 10, 8, 1, 2, 1, 4, 8, 1e4, 1e-6, true, 16));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig("qwen2", 10, 8, 1, 2, 1, 4, 8, -1, 1e-6, true, 16));
    }

    private void assertRejected(String json, String expected) throws IOException {
        writeConfig(json);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelConfig.load(dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}

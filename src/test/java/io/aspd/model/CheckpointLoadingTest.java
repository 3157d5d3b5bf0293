package io.aspd.model;

import static io.aspd.model.Numerics.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.aspd.testkit.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hugging Face folders in every supported form load to the right weights; broken ones fail with clear messages. */
class CheckpointLoadingTest {

    @TempDir
    Path root;

    private final TestModels.Spec spec = TestModels.Spec.defaults();
    private final Map<String, FloatTensor> original =
            Qwen2Layout.randomTensors(spec.config(), spec.scheme(), spec.seed());

    private static Map<String, FloatTensor> rounded(Map<String, FloatTensor> tensors, UnaryOperator<Float> round) {
        Map<String, FloatTensor> result = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            float[] values = t.values().clone();
            for (int i = 0; i < values.length; i++) {
                values[i] = round.apply(values[i]);
            }
            result.put(name, new FloatTensor(t.shape(), values));
        });
        return result;
    }

    private static void assertWeights(Map<String, FloatTensor> expected, Path modelDir) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                Qwen2Weights weights = Qwen2Weights.load(modelDir, manager)) {
            assertEquals(expected.keySet(), weights.parameters().keySet());
            Map<String, FloatTensor> loaded = weights.toFloatTensors();
            expected.forEach((name, tensor) -> {
                assertArrayEquals(tensor.shape(), loaded.get(name).shape(), name);
                assertArrayEquals(tensor.values(), loaded.get(name).values(), name);
            });
        }
    }

    @Test
    void shardedBf16CheckpointHoldsExactlyTheBf16RoundedWeights() {
        Path dir = TestModels.tinyRandom(root.resolve("bf16"), spec.withDtype(TensorType.BF16).withShards(3));
        assertTrue(Files.exists(dir.resolve("model-00003-of-00003.safetensors")));
        assertWeights(rounded(original, v -> HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(v))), dir);
    }

    @Test
    void f16AndF32CheckpointsHoldTheirWeights() {
        assertWeights(rounded(original, v -> HalfFloats.halfToFloat(HalfFloats.floatToHalf(v))),
                TestModels.tinyRandom(root.resolve("f16"), spec.withDtype(TensorType.F16)));
        assertWeights(original, TestModels.tinyRandom(root.resolve("f32"), spec.withShards(2)));
    }

    @Test
    void bf16ModelComputesWhatTheF32ModelOfTheRoundedWeightsComputes() {
        Path bf16 = TestModels.tinyRandom(root.resolve("bf16"), spec.withDtype(TensorType.BF16).withShards(2));
        Path f32 = root.resolve("f32-rounded");
        spec.config().write(f32);
        SafetensorsWriter.writeCheckpoint(f32,
                rounded(original, v -> HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(v))), TensorType.F32, 1);
        int[] tokens = IntStream.range(0, 10).map(i -> (i * 37) % spec.config().vocabSize()).toArray();
        assertClose(logits(bf16, tokens), logits(f32, tokens), 0, "bf16 vs rounded f32");
        float[] unrounded = logits(TestModels.tinyRandom(root.resolve("exact"), spec), tokens);
        double roundingEffect = Numerics.maxAbsDiff(unrounded, logits(bf16, tokens));
        assertTrue(roundingEffect > 0 && roundingEffect < 1.0, "bf16 rounding moved logits by " + roundingEffect);
    }

    @Test
    void llamaWithoutBiasesAndWithASeparateLmHeadMatchesTheReference() {
        ModelConfig llama = new ModelConfig("llama", TestModels.TOKENIZER_VOCAB, 32, 2, 4, 2, 8, 48, 10000.0, 1e-5,
                false, 512);
        Path dir = TestModels.tinyRandom(root.resolve("llama"), spec.withConfig(llama));
        Map<String, FloatTensor> weights = Qwen2Layout.randomTensors(llama, spec.scheme(), spec.seed());
        assertTrue(weights.containsKey(Qwen2Layout.LM_HEAD));
        assertTrue(weights.keySet().stream().noneMatch(name -> name.endsWith(".bias")));
        int[] tokens = {5, 300, 17, 581, 42, 99};
        int[] positions = IntStream.range(0, tokens.length).toArray();
        assertClose(Reference.logits(llama, weights, tokens, positions, Reference.causal(tokens.length)),
                logits(dir, tokens), 1e-4, "llama");
    }

    /** Logits of every row of a causal sequence, flattened. */
    private static float[] logits(Path dir, int[] tokens) {
        try (CausalLm model = CausalLm.load(dir); KvCache cache = model.newCache(tokens.length)) {
            boolean[] all = new boolean[tokens.length];
            java.util.Arrays.fill(all, true);
            float[][] rows = model.forward(List.of(new SequenceRows(cache, tokens,
                    IntStream.range(0, tokens.length).toArray(), AttentionMask.causal(0), all))).get(0);
            int vocab = model.config().vocabSize();
            float[] flat = new float[rows.length * vocab];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, flat, i * vocab, vocab);
            }
            return flat;
        }
    }

    // ---- folders that cannot be used ----

    private void assertLoadFails(Path dir, String... expectedParts) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> CausalLm.load(dir));
        for (String part : expectedParts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void missingFolderOrFilesAreNamed() throws IOException {
        assertLoadFails(root.resolve("absent"), "absent", "does not exist");
        Path configOnly = root.resolve("config-only");
        spec.config().write(configOnly);
        assertLoadFails(configOnly, "neither model.safetensors nor model.safetensors.index.json");
        Path sharded = TestModels.tinyRandom(root.resolve("sharded"), spec.withShards(2));
        Files.delete(sharded.resolve("model-00002-of-00002.safetensors"));
        assertLoadFails(sharded, "model-00002-of-00002.safetensors", "does not exist");
        Path noConfig = TestModels.tinyRandom(root.resolve("no-config"));
        Files.delete(noConfig.resolve("config.json"));
        assertLoadFails(noConfig, "has no config.json");
    }

    @Test
    void unknownArchitectureIsNamed() throws IOException {
        Path dir = TestModels.tinyRandom(root.resolve("arch"));
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"qwen2\"", "\"gemma\""));
        assertLoadFails(dir, "unsupported architecture 'gemma'");
    }

    @Test
    void missingTensorIsNamedWithItsExpectedShape() {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>(original);
        tensors.remove("model.layers.1.mlp.up_proj.weight");
        assertLoadFails(writeCheckpoint("missing", tensors, TensorType.F32),
                "model.layers.1.mlp.up_proj.weight", "[128, 64]", "missing");
    }

    @Test
    void wrongShapeIsNamedWithActualAndExpectedShape() {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>(original);
        FloatTensor q = tensors.get("model.layers.0.self_attn.q_proj.weight");
        tensors.put("model.layers.0.self_attn.q_proj.weight", new FloatTensor(new long[] {32, 128}, q.values()));
        assertLoadFails(writeCheckpoint("shape", tensors, TensorType.BF16),
                "model.layers.0.self_attn.q_proj.weight", "[32, 128]", "[64, 64]");
    }

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        Path dir = writeCheckpoint("dtype", original, TensorType.F32);
        Path file = dir.resolve(SafetensorsWriter.SINGLE_FILE);
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        String entry = "\"model.norm.weight\":{\"dtype\":\"F32\"";
        assertTrue(bytes.contains(entry));
        Files.write(file, bytes.replace(entry, entry.replace("F32", "F64")).getBytes(StandardCharsets.ISO_8859_1));
        assertLoadFails(dir, "model.norm.weight", "unsupported dtype F64");
    }

    @Test
    void corruptedHeaderIsReported() throws IOException {
        Path dir = writeCheckpoint("corrupt", original, TensorType.F16);
        Path file = dir.resolve(SafetensorsWriter.SINGLE_FILE);
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 8; i < 40; i++) {
            bytes[i] = '#';
        }
        Files.write(file, bytes);
        assertLoadFails(dir, "corrupted safetensors header", file.toString());
    }

    private Path writeCheckpoint(String name, Map<String, FloatTensor> tensors, TensorType type) {
        Path dir = root.resolve(name);
        spec.config().write(dir, type);
        SafetensorsWriter.writeCheckpoint(dir, tensors, type, 1);
        return dir;
    }
}

package io.aspd.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The tensor names and shapes of a Hugging Face Qwen2 (or bias-free Llama) checkpoint, exactly as HF names them. */
public final class Qwen2Layout {

    public static final String EMBED_TOKENS = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String LM_HEAD = "lm_head.weight";

    public static final String INPUT_NORM = "input_layernorm.weight";
    public static final String Q_PROJ = "self_attn.q_proj";
    public static final String K_PROJ = "self_attn.k_proj";
    public static final String V_PROJ = "self_attn.v_proj";
    public static final String O_PROJ = "self_attn.o_proj";
    public static final String POST_ATTENTION_NORM = "post_attention_layernorm.weight";
    public static final String GATE_PROJ = "mlp.gate_proj";
    public static final String UP_PROJ = "mlp.up_proj";
    public static final String DOWN_PROJ = "mlp.down_proj";

    private Qwen2Layout() {}

    /** {@code model.layers.<layer>.<suffix>}, e.g. {@code layerTensor(3, Q_PROJ + ".bias")}. */
    public static String layerTensor(int layer, String suffix) {
        return "model.layers." + layer + "." + suffix;
    }

    /**
     * Every tensor the model needs, in a stable order (embeddings, layers in order, final norm, separate LM head if
     * the embeddings are not tied), with its expected shape. Linear weights are {@code [out, in]} like PyTorch.
     */
    public static Map<String, long[]> tensorShapes(ModelConfig c) {
        long hidden = c.hiddenSize();
        long qWidth = (long) c.numHeads() * c.headDim();
        long kvWidth = (long) c.numKvHeads() * c.headDim();
        long inter = c.intermediateSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(EMBED_TOKENS, new long[] {c.vocabSize(), hidden});
        for (int layer = 0; layer < c.numLayers(); layer++) {
            shapes.put(layerTensor(layer, INPUT_NORM), new long[] {hidden});
            shapes.put(layerTensor(layer, Q_PROJ + ".weight"), new long[] {qWidth, hidden});
            shapes.put(layerTensor(layer, K_PROJ + ".weight"), new long[] {kvWidth, hidden});
            shapes.put(layerTensor(layer, V_PROJ + ".weight"), new long[] {kvWidth, hidden});
            if (c.attentionBias()) {
                shapes.put(layerTensor(layer, Q_PROJ + ".bias"), new long[] {qWidth});
                shapes.put(layerTensor(layer, K_PROJ + ".bias"), new long[] {kvWidth});
                shapes.put(layerTensor(layer, V_PROJ + ".bias"), new long[] {kvWidth});
            }
            shapes.put(layerTensor(layer, O_PROJ + ".weight"), new long[] {hidden, qWidth});
            shapes.put(layerTensor(layer, POST_ATTENTION_NORM), new long[] {hidden});
            shapes.put(layerTensor(layer, GATE_PROJ + ".weight"), new long[] {inter, hidden});
            shapes.put(layerTensor(layer, UP_PROJ + ".weight"), new long[] {inter, hidden});
            shapes.put(layerTensor(layer, DOWN_PROJ + ".weight"), new long[] {hidden, inter});
        }
        shapes.put(FINAL_NORM, new long[] {hidden});
        if (!c.tieWordEmbeddings()) {
            shapes.put(LM_HEAD, new long[] {c.vocabSize(), hidden});
        }
        return shapes;
    }

    /** A complete random checkpoint in Java memory (for test fixtures and tools; large models use NDArrays). */
    public static Map<String, FloatTensor> randomTensors(ModelConfig config, InitScheme scheme, long seed) {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensorShapes(config).forEach((name, shape) -> tensors.put(name, scheme.sample(name, shape, seed)));
        return tensors;
    }
}

package io.aspd.model;

import static io.aspd.model.Qwen2Layout.layerTensor;

import java.util.Map;

/**
 * A plain-Java Qwen2 decoder over float arrays (double accumulation, loops only): the independent reference that the
 * NDArray implementation is checked against. Layouts are row-major; a "visible" matrix says which slot each row may
 * attend to.
 */
final class Reference {

    private Reference() {}

    /** RMSNorm of each row of {@code x [rows, dim]}. */
    static float[] rmsNorm(float[] x, int dim, float[] weight, double eps) {
        float[] out = new float[x.length];
        for (int row = 0; row < x.length / dim; row++) {
            double sum = 0;
            for (int i = 0; i < dim; i++) {
                sum += (double) x[row * dim + i] * x[row * dim + i];
            }
            double scale = 1.0 / Math.sqrt(sum / dim + eps);
            for (int i = 0; i < dim; i++) {
                out[row * dim + i] = (float) (x[row * dim + i] * scale * weight[i]);
            }
        }
        return out;
    }

    /** {@code x [rows, in] · W^T + b} with {@code W [out, in]}; bias may be null. */
    static float[] linear(float[] x, int in, float[] weight, int out, float[] bias) {
        int rows = x.length / in;
        float[] y = new float[rows * out];
        for (int row = 0; row < rows; row++) {
            for (int o = 0; o < out; o++) {
                double sum = bias == null ? 0 : bias[o];
                for (int i = 0; i < in; i++) {
                    sum += (double) x[row * in + i] * weight[o * in + i];
                }
                y[row * out + o] = (float) sum;
            }
        }
        return y;
    }

    /** Rotate-half RoPE of {@code x [rows, heads, headDim]}, row r at {@code positions[r]}. */
    static float[] rope(float[] x, int heads, int headDim, int[] positions, double theta) {
        float[] out = new float[x.length];
        int half = headDim / 2;
        for (int row = 0; row < positions.length; row++) {
            for (int h = 0; h < heads; h++) {
                int base = (row * heads + h) * headDim;
                for (int i = 0; i < half; i++) {
                    double angle = positions[row] * Math.pow(theta, -2.0 * i / headDim);
                    double cos = Math.cos(angle);
                    double sin = Math.sin(angle);
                    double a = x[base + i];
                    double b = x[base + i + half];
                    out[base + i] = (float) (a * cos - b * sin);
                    out[base + i + half] = (float) (b * cos + a * sin);
                }
            }
        }
        return out;
    }

    /**
     * Masked grouped-query attention: {@code q [rows, heads, hd]}, {@code k, v [slots, kvHeads, hd]}, query head h uses
     * key/value head {@code h / (heads / kvHeads)}. Returns {@code [rows, heads * hd]}.
     */
    static float[] attention(float[] q, float[] k, float[] v, boolean[][] visible, int heads, int kvHeads, int hd) {
        int rows = visible.length;
        int slots = visible[0].length;
        int group = heads / kvHeads;
        float[] out = new float[rows * heads * hd];
        double[] weights = new double[slots];
        for (int row = 0; row < rows; row++) {
            for (int h = 0; h < heads; h++) {
                int kvHead = h / group;
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < slots; s++) {
                    if (!visible[row][s]) {
                        continue;
                    }
                    double dot = 0;
                    for (int i = 0; i < hd; i++) {
                        dot += (double) q[(row * heads + h) * hd + i] * k[(s * kvHeads + kvHead) * hd + i];
                    }
                    weights[s] = dot / Math.sqrt(hd);
                    max = Math.max(max, weights[s]);
                }
                double total = 0;
                for (int s = 0; s < slots; s++) {
                    weights[s] = visible[row][s] ? Math.exp(weights[s] - max) : 0;
                    total += weights[s];
                }
                for (int i = 0; i < hd; i++) {
                    double sum = 0;
                    for (int s = 0; s < slots; s++) {
                        sum += weights[s] * v[(s * kvHeads + kvHead) * hd + i];
                    }
                    out[(row * heads + h) * hd + i] = (float) (sum / total);
                }
            }
        }
        return out;
    }

    /** {@code down(silu(gate x) * up x)}. */
    static float[] mlp(float[] x, int hidden, float[] gate, float[] up, float[] down, int inter) {
        float[] g = linear(x, hidden, gate, inter, null);
        float[] u = linear(x, hidden, up, inter, null);
        float[] product = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            double silu = g[i] / (1.0 + Math.exp(-g[i]));
            product[i] = (float) (silu * u[i]);
        }
        return linear(product, inter, down, hidden, null);
    }

    /** Logits {@code [rows, vocab]} of a whole sequence: row r at {@code positions[r]} sees the rows marked visible. */
    static float[] logits(
            ModelConfig c, Map<String, FloatTensor> w, int[] tokens, int[] positions, boolean[][] visible) {
        int hidden = c.hiddenSize();
        int rows = tokens.length;
        int qWidth = c.numHeads() * c.headDim();
        int kvWidth = c.numKvHeads() * c.headDim();
        float[] x = new float[rows * hidden];
        float[] embed = w.get(Qwen2Layout.EMBED_TOKENS).values();
        for (int row = 0; row < rows; row++) {
            System.arraycopy(embed, tokens[row] * hidden, x, row * hidden, hidden);
        }
        for (int layer = 0; layer < c.numLayers(); layer++) {
            float[] h = rmsNorm(x, hidden, values(w, layer, Qwen2Layout.INPUT_NORM), c.rmsNormEps());
            float[] q = linear(h, hidden, values(w, layer, "self_attn.q_proj.weight"), qWidth,
                    bias(c, w, layer, "self_attn.q_proj.bias"));
            float[] k = linear(h, hidden, values(w, layer, "self_attn.k_proj.weight"), kvWidth,
                    bias(c, w, layer, "self_attn.k_proj.bias"));
            float[] v = linear(h, hidden, values(w, layer, "self_attn.v_proj.weight"), kvWidth,
                    bias(c, w, layer, "self_attn.v_proj.bias"));
            q = rope(q, c.numHeads(), c.headDim(), positions, c.ropeTheta());
            k = rope(k, c.numKvHeads(), c.headDim(), positions, c.ropeTheta());
            float[] attended = attention(q, k, v, visible, c.numHeads(), c.numKvHeads(), c.headDim());
            add(x, linear(attended, qWidth, values(w, layer, "self_attn.o_proj.weight"), hidden, null));
            float[] m = rmsNorm(x, hidden, values(w, layer, Qwen2Layout.POST_ATTENTION_NORM), c.rmsNormEps());
            add(x, mlp(m, hidden, values(w, layer, "mlp.gate_proj.weight"), values(w, layer, "mlp.up_proj.weight"),
                    values(w, layer, "mlp.down_proj.weight"), c.intermediateSize()));
        }
        float[] normed = rmsNorm(x, hidden, w.get(Qwen2Layout.FINAL_NORM).values(), c.rmsNormEps());
        float[] head = w.get(c.tieWordEmbeddings() ? Qwen2Layout.EMBED_TOKENS : Qwen2Layout.LM_HEAD).values();
        return linear(normed, hidden, head, c.vocabSize(), null);
    }

    /** Causal visibility for a plain sequence of n rows. */
    static boolean[][] causal(int n) {
        boolean[][] visible = new boolean[n][n];
        for (int row = 0; row < n; row++) {
            for (int slot = 0; slot <= row; slot++) {
                visible[row][slot] = true;
            }
        }
        return visible;
    }

    private static float[] values(Map<String, FloatTensor> w, int layer, String suffix) {
        return w.get(layerTensor(layer, suffix)).values();
    }

    private static float[] bias(ModelConfig c, Map<String, FloatTensor> w, int layer, String name) {
        return c.attentionBias() ? values(w, layer, name) : null;
    }

    private static void add(float[] x, float[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }
}

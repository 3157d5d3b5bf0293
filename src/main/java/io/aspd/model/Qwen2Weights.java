package io.aspd.model;

import static io.aspd.model.Qwen2Layout.DOWN_PROJ;
import static io.aspd.model.Qwen2Layout.GATE_PROJ;
import static io.aspd.model.Qwen2Layout.INPUT_NORM;
import static io.aspd.model.Qwen2Layout.K_PROJ;
import static io.aspd.model.Qwen2Layout.O_PROJ;
import static io.aspd.model.Qwen2Layout.POST_ATTENTION_NORM;
import static io.aspd.model.Qwen2Layout.Q_PROJ;
import static io.aspd.model.Qwen2Layout.UP_PROJ;
import static io.aspd.model.Qwen2Layout.V_PROJ;
import static io.aspd.model.Qwen2Layout.layerTensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a Qwen2-family decoder as float32 NDArrays, keyed by their Hugging Face names. The same arrays
 * serve inference ({@link CausalLm}) and training ({@link Qwen2Decoder#sequenceLogits}): a trainer marks
 * {@link #parameters()} with {@code setRequiresGradient(true)} and updates them in place.
 *
 * <p>The arrays live in a sub-manager of the manager passed in, closed by {@link #close()} (or with that manager).
 */
public final class Qwen2Weights implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final List<LayerWeights> layers;

    private Qwen2Weights(ModelConfig config, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.manager = manager;
        this.parameters = parameters;
        this.layers = new ArrayList<>(config.numLayers());
        for (int layer = 0; layer < config.numLayers(); layer++) {
            layers.add(layerWeights(layer, null, null, null));
        }
    }

    private LayerWeights layerWeights(int layer, NDArray qkvWeight, NDArray qkvBias, NDArray gateUpWeight) {
        return new LayerWeights(
                    parameters.get(layerTensor(layer, INPUT_NORM)),
                    parameters.get(layerTensor(layer, Q_PROJ + ".weight")),
                    parameters.get(layerTensor(layer, Q_PROJ + ".bias")),
                    parameters.get(layerTensor(layer, K_PROJ + ".weight")),
                    parameters.get(layerTensor(layer, K_PROJ + ".bias")),
                    parameters.get(layerTensor(layer, V_PROJ + ".weight")),
                    parameters.get(layerTensor(layer, V_PROJ + ".bias")),
                    parameters.get(layerTensor(layer, O_PROJ + ".weight")),
                    parameters.get(layerTensor(layer, POST_ATTENTION_NORM)),
                    parameters.get(layerTensor(layer, GATE_PROJ + ".weight")),
                    parameters.get(layerTensor(layer, UP_PROJ + ".weight")),
                    parameters.get(layerTensor(layer, DOWN_PROJ + ".weight")),
                    qkvWeight,
                    qkvBias,
                    gateUpWeight);
    }

    /**
     * Stores every layer's q, k and v projections as one matrix (and one bias), and gate and up as one matrix, so that
     * a forward computes each group with one product; the named parameters become views into them (same values, saved
     * and exported as before). For serving: a trainer needs every named parameter as its own array, so it must not
     * train fused weights. Does nothing if already fused.
     */
    public void fuseProjections() {
        for (int layer = 0; layer < layers.size(); layer++) {
            LayerWeights w = layers.get(layer);
            if (w.fused()) {
                continue;
            }
            NDArray qkvWeight = fuse(layer, Q_PROJ + ".weight", K_PROJ + ".weight", V_PROJ + ".weight");
            NDArray qkvBias = w.qBias() == null
                    ? null
                    : fuse(layer, Q_PROJ + ".bias", K_PROJ + ".bias", V_PROJ + ".bias");
            NDArray gateUpWeight = fuse(layer, GATE_PROJ + ".weight", UP_PROJ + ".weight");
            layers.set(layer, layerWeights(layer, qkvWeight, qkvBias, gateUpWeight));
        }
    }

    /** Concatenates the named parameters along their first axis and replaces each by a view of its rows. */
    private NDArray fuse(int layer, String... suffixes) {
        NDList parts = new NDList(suffixes.length);
        for (String suffix : suffixes) {
            parts.add(parameters.get(layerTensor(layer, suffix)));
        }
        NDArray fused = NDArrays.concat(parts, 0);
        NDScope.unregister(fused);
        long from = 0;
        for (int i = 0; i < suffixes.length; i++) {
            String name = layerTensor(layer, suffixes[i]);
            long rows = parts.get(i).getShape().get(0);
            NDArray view = fused.get(new NDIndex("{}:{}", from, from + rows));
            NDScope.unregister(view);
            view.setName(name);
            parameters.put(name, view);
            parts.get(i).close();
            from += rows;
        }
        return fused;
    }

    /**
     * Loads {@code config.json} and the safetensors weights (single file or sharded; F32, F16 or BF16, widened to
     * float32) of a Hugging Face model folder.
     *
     * @throws ModelLoadException naming the folder, file or tensor when anything is missing, malformed or mis-shaped
     */
    public static Qwen2Weights load(Path modelDir, NDManager parent) {
        ModelConfig config = ModelConfig.load(modelDir);
        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(modelDir)) {
            Map<String, long[]> expected = Qwen2Layout.tensorShapes(config);
            expected.forEach((name, shape) -> checkShape(checkpoint, name, shape));
            NDManager manager = parent.newSubManager();
            try {
                Map<String, NDArray> parameters = new LinkedHashMap<>();
                Staging staging = new Staging();
                for (Map.Entry<String, long[]> e : expected.entrySet()) {
                    FloatBuffer floats = staging.floats(e.getValue());
                    checkpoint.readFloats(e.getKey(), floats);
                    parameters.put(e.getKey(), staging.copyTo(manager, e.getKey(), e.getValue()));
                }
                return new Qwen2Weights(config, manager, parameters);
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        }
    }

    private static void checkShape(SafetensorsCheckpoint checkpoint, String name, long[] expected) {
        SafetensorsFile.Entry entry = checkpoint.entry(name).orElseThrow(() -> new ModelLoadException(
                "tensor " + name + " (shape " + Arrays.toString(expected) + ") is missing from the checkpoint in "
                        + checkpoint.dir()));
        if (!Arrays.equals(entry.shape(), expected)) {
            throw new ModelLoadException("tensor " + name + " has shape " + Arrays.toString(entry.shape())
                    + " but config.json implies " + Arrays.toString(expected) + " (checkpoint in " + checkpoint.dir()
                    + ")");
        }
    }

    /** Random weights drawn as Hugging Face initialises Qwen2 for training ({@link InitScheme#TRAINING}). */
    public static Qwen2Weights randomInit(ModelConfig config, NDManager parent, long seed) {
        return random(config, parent, InitScheme.TRAINING, seed);
    }

    public static Qwen2Weights random(ModelConfig config, NDManager parent, InitScheme scheme, long seed) {
        NDManager manager = parent.newSubManager();
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        Staging staging = new Staging();
        // one tensor at a time, so that a large model never holds all its weights in Java memory
        Qwen2Layout.tensorShapes(config).forEach((name, shape) -> {
            staging.floats(shape).put(scheme.sample(name, shape, seed).values());
            parameters.put(name, staging.copyTo(manager, name, shape));
        });
        return new Qwen2Weights(config, manager, parameters);
    }

    /**
     * One reusable direct buffer through which every tensor passes into native memory. NDArrays made from a direct
     * buffer keep pointing at it, so each parameter is cloned into tensor-owned memory: the weights then do not count
     * against the JVM's direct-memory limit, and loading needs only as much direct memory as the largest tensor.
     */
    private static final class Staging {
        private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

        /** An empty float view of exactly the tensor's size, to be filled by the caller. */
        FloatBuffer floats(long[] shape) {
            long bytes = Arrays.stream(shape).reduce(Float.BYTES, Math::multiplyExact);
            if (bytes > Integer.MAX_VALUE) {
                throw new ModelLoadException("tensor of shape " + Arrays.toString(shape)
                        + " exceeds 2 GiB as float32, which is not supported");
            }
            if (buffer.capacity() < bytes) {
                buffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
            }
            buffer.clear().limit((int) bytes);
            return buffer.asFloatBuffer();
        }

        /** Copies the staged values into a new parameter that outlives any NDScope open on this thread. */
        NDArray copyTo(NDManager manager, String name, long[] shape) {
            NDArray parameter;
            try (NDArray staged = manager.create(buffer, new Shape(shape), DataType.FLOAT32)) {
                parameter = staged.duplicate();
            }
            parameter.setName(name);
            NDScope.unregister(parameter);
            return parameter;
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** The manager that owns the parameters; per-step arrays may be created on it inside an NDScope. */
    public NDManager manager() {
        return manager;
    }

    /**
     * Every parameter by Hugging Face name, in checkpoint order. With tied embeddings there is no
     * {@code lm_head.weight}: the LM head is {@code model.embed_tokens.weight}.
     */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    NDArray embedTokens() {
        return parameters.get(Qwen2Layout.EMBED_TOKENS);
    }

    NDArray finalNorm() {
        return parameters.get(Qwen2Layout.FINAL_NORM);
    }

    NDArray lmHead() {
        return config.tieWordEmbeddings() ? embedTokens() : parameters.get(Qwen2Layout.LM_HEAD);
    }

    List<LayerWeights> layers() {
        return layers;
    }

    /** The current values in Java memory, by Hugging Face name. */
    public Map<String, FloatTensor> toFloatTensors() {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        parameters.forEach((name, array) -> tensors.put(name,
                new FloatTensor(array.getShape().getShape(), array.toFloatArray())));
        return tensors;
    }

    /**
     * Exports a loadable Hugging Face checkpoint: {@code config.json} plus the weights in {@code type}, in one file
     * or in {@code shards} files with an index. Tokenizer files are not written here.
     */
    public void save(Path modelDir, TensorType type, int shards) {
        config.write(modelDir, type);
        SafetensorsWriter.writeCheckpoint(modelDir, toFloatTensors(), type, shards);
    }

    @Override
    public void close() {
        manager.close();
    }
}

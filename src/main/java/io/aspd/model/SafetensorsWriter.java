package io.aspd.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors files (and sharded Hugging Face checkpoints) from float tensors, converting to F32, F16 or BF16 in
 * Java. Tensors are written in the map's iteration order; the header is padded with spaces to a multiple of 8 bytes
 * so that every tensor starts aligned, as the reference implementation does.
 */
public final class SafetensorsWriter {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    /** Values converted per chunk, so that writing a large tensor needs only a small staging buffer. */
    private static final int CHUNK_ELEMENTS = 1 << 20;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private SafetensorsWriter() {}

    /** Writes one safetensors file with {@code __metadata__ = {"format": "pt"}}. */
    public static void write(Path file, Map<String, FloatTensor> tensors, TensorType type) {
        write(file, tensors, type, Map.of("format", "pt"));
    }

    public static void write(Path file, Map<String, FloatTensor> tensors, TensorType type, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        long offset = 0;
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            long size = (long) e.getValue().values().length * type.bytesPerElement();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", type.safetensorsName());
            entry.put("shape", e.getValue().shape());
            entry.put("data_offsets", new long[] {offset, offset + size});
            header.put(e.getKey(), entry);
            offset += size;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        prefix.flip();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                writeFully(channel, prefix);
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ELEMENTS * type.bytesPerElement())
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (FloatTensor tensor : tensors.values()) {
                    float[] values = tensor.values();
                    for (int from = 0; from < values.length; from += CHUNK_ELEMENTS) {
                        chunk.clear();
                        type.encode(values, from, Math.min(CHUNK_ELEMENTS, values.length - from), chunk);
                        chunk.flip();
                        writeFully(channel, chunk);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Writes a Hugging Face checkpoint into {@code dir}: {@code model.safetensors} when {@code shards == 1}, otherwise
     * {@code model-0000i-of-0000n.safetensors} files of about equal size plus {@code model.safetensors.index.json}.
     */
    public static void writeCheckpoint(Path dir, Map<String, FloatTensor> tensors, TensorType type, int shards) {
        if (shards < 1 || shards > tensors.size()) {
            throw new IllegalArgumentException(
                    "shards must be between 1 and the tensor count " + tensors.size() + ", got " + shards);
        }
        if (shards == 1) {
            write(dir.resolve(SINGLE_FILE), tensors, type);
            return;
        }
        List<Map<String, FloatTensor>> groups = splitBySize(tensors, shards);
        Map<String, String> weightMap = new LinkedHashMap<>();
        long totalBytes = 0;
        for (int i = 0; i < groups.size(); i++) {
            String name = String.format("model-%05d-of-%05d.safetensors", i + 1, groups.size());
            write(dir.resolve(name), groups.get(i), type);
            for (Map.Entry<String, FloatTensor> e : groups.get(i).entrySet()) {
                weightMap.put(e.getKey(), name);
                totalBytes += (long) e.getValue().values().length * type.bytesPerElement();
            }
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", totalBytes));
        index.put("weight_map", weightMap);
        try {
            Files.writeString(dir.resolve(INDEX_FILE), PRETTY.toJson(index) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(INDEX_FILE), e);
        }
    }

    /** Consecutive groups of roughly equal element count; every group gets at least one tensor. */
    private static List<Map<String, FloatTensor>> splitBySize(Map<String, FloatTensor> tensors, int shards) {
        long total = tensors.values().stream().mapToLong(t -> t.values().length).sum();
        List<Map<String, FloatTensor>> groups = new ArrayList<>();
        Map<String, FloatTensor> current = new LinkedHashMap<>();
        long written = 0;
        int remainingTensors = tensors.size();
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            current.put(e.getKey(), e.getValue());
            written += e.getValue().values().length;
            remainingTensors--;
            int groupsLeftAfterThis = shards - groups.size() - 1;
            boolean reachedShare = written * shards >= total * (groups.size() + 1);
            boolean mustClose = remainingTensors == groupsLeftAfterThis;
            if (groupsLeftAfterThis > 0 && (reachedShare || mustClose)) {
                groups.add(current);
                current = new LinkedHashMap<>();
            }
        }
        groups.add(current);
        return groups;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}

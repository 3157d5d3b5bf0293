package io.aspd.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One safetensors file, read with our own parser instead of DJL's {@code NDList.decode}: DJL holds the whole file in
 * one byte array (2 GiB limit) and aborts the JVM on BF16. The header is validated completely when the file is opened
 * so that a damaged file fails early with a message naming it; tensor data is memory-mapped and widened to float32
 * only when read.
 */
final class SafetensorsFile implements AutoCloseable {

    /** A header larger than this is certainly corrupt (real headers are a few hundred kilobytes). */
    private static final long MAX_HEADER_BYTES = 100L << 20;

    /** One tensor's header entry. {@code type} is empty for dtypes we cannot read (they may still be present). */
    record Entry(String name, String dtype, Optional<TensorType> type, long[] shape, long begin, long end) {

        long elementCount() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    static SafetensorsFile open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new ModelLoadException("cannot open weights file " + file + ": " + e, e);
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw corrupt(file, "file is " + size + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw corrupt(file, "declared header length " + Long.toUnsignedString(headerLength)
                        + " does not fit the file size " + size);
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            String json = new String(headerBytes.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLength;
            Map<String, Entry> entries = parseHeader(file, json, size - dataStart);
            return new SafetensorsFile(file, channel, dataStart, entries);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ModelLoadException("cannot read weights file " + file + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static Map<String, Entry> parseHeader(Path file, String json, long dataSize) {
        JsonObject header;
        try {
            header = JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw corrupt(file, "header is not a JSON object (" + e.getMessage() + ")");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            entries.put(e.getKey(), parseEntry(file, e.getKey(), e.getValue(), dataSize));
        }
        return Collections.unmodifiableMap(entries);
    }

    private static Entry parseEntry(Path file, String name, JsonElement element, long dataSize) {
        try {
            JsonObject json = element.getAsJsonObject();
            String dtype = json.get("dtype").getAsString();
            JsonArray shapeJson = json.getAsJsonArray("shape");
            long[] shape = new long[shapeJson.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
                if (shape[i] < 0) {
                    throw corrupt(file, "tensor " + name + " has a negative dimension " + shapeJson);
                }
            }
            JsonArray offsets = json.getAsJsonArray("data_offsets");
            if (offsets.size() != 2) {
                throw corrupt(file, "tensor " + name + " has data_offsets " + offsets + ", expected [begin, end]");
            }
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            if (begin < 0 || end < begin || end > dataSize) {
                throw corrupt(file, "tensor " + name + " has data_offsets [" + begin + ", " + end
                        + "] outside the " + dataSize + " data bytes");
            }
            Optional<TensorType> type = TensorType.fromSafetensorsName(dtype);
            Entry entry = new Entry(name, dtype, type, shape, begin, end);
            if (type.isPresent() && entry.elementCount() * type.get().bytesPerElement() != end - begin) {
                throw corrupt(file, "tensor " + name + " of shape " + Arrays.toString(shape) + " and dtype " + dtype
                        + " needs " + entry.elementCount() * type.get().bytesPerElement() + " bytes but its"
                        + " data_offsets span " + (end - begin));
            }
            return entry;
        } catch (ModelLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(file, "entry for tensor " + name + " is malformed: " + element);
        }
    }

    Path path() {
        return file;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    Optional<Entry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** Number of float values {@link #readFloats} writes for this tensor; the tensor must exist. */
    long elementCount(String name) {
        return entry(name).orElseThrow(() -> new ModelLoadException("tensor " + name + " is not in " + file))
                .elementCount();
    }

    /**
     * Reads a tensor widened to float32 into {@code target} (at its position, which advances).
     *
     * @throws ModelLoadException when the tensor is missing, has a dtype other than F32/F16/BF16, or cannot be read
     */
    void readFloats(String name, FloatBuffer target) {
        Entry entry = entry(name).orElseThrow(() -> new ModelLoadException("tensor " + name + " is not in " + file));
        TensorType type = entry.type().orElseThrow(() -> new ModelLoadException(
                "tensor " + name + " in " + file + " has unsupported dtype " + entry.dtype()
                        + "; supported: F32, F16, BF16"));
        if (entry.elementCount() * Float.BYTES > Integer.MAX_VALUE) {
            throw new ModelLoadException("tensor " + name + " in " + file + " has " + entry.elementCount()
                    + " elements; tensors over 2 GiB as float32 are not supported");
        }
        int count = (int) entry.elementCount();
        if (target.remaining() < count) {
            throw new IllegalArgumentException("buffer too small for tensor " + name);
        }
        try {
            ByteBuffer source = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin(),
                    entry.end() - entry.begin()).order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer window = target.slice();
            window.limit(count);
            type.decode(source, window);
            target.position(target.position() + count);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tensor " + name + " from " + file + ": " + e, e);
        }
    }

    /** Reads a tensor into Java memory (tests and tools; models stream tensors into native memory instead). */
    FloatTensor readFloatTensor(String name) {
        float[] values = new float[Math.toIntExact(elementCount(name))];
        readFloats(name, FloatBuffer.wrap(values));
        return new FloatTensor(entries.get(name).shape(), values);
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static ModelLoadException corrupt(Path file, String problem) {
        return new ModelLoadException("corrupted safetensors header in " + file + ": " + problem);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do: the file was only read
        }
    }
}

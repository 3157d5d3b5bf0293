package io.aspd.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a Hugging Face model folder: either one {@code model.safetensors} or the shards listed in
 * {@code model.safetensors.index.json}. Files stay open until {@link #close()}.
 */
final class SafetensorsCheckpoint implements AutoCloseable {

    private final Path dir;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> fileByTensor;

    private SafetensorsCheckpoint(Path dir, List<SafetensorsFile> files, Map<String, SafetensorsFile> fileByTensor) {
        this.dir = dir;
        this.files = files;
        this.fileByTensor = fileByTensor;
    }

    static SafetensorsCheckpoint open(Path dir) {
        Path index = dir.resolve(SafetensorsWriter.INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return openSharded(dir, index);
        }
        Path single = dir.resolve(SafetensorsWriter.SINGLE_FILE);
        if (!Files.isRegularFile(single)) {
            throw new ModelLoadException("model folder " + dir + " has neither " + SafetensorsWriter.SINGLE_FILE
                    + " nor " + SafetensorsWriter.INDEX_FILE);
        }
        SafetensorsFile file = SafetensorsFile.open(single);
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        file.entries().keySet().forEach(name -> byTensor.put(name, file));
        return new SafetensorsCheckpoint(dir, List.of(file), byTensor);
    }

    private static SafetensorsCheckpoint openSharded(Path dir, Path index) {
        Map<String, String> weightMap = readWeightMap(index);
        Map<String, SafetensorsFile> openFiles = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                String fileName = e.getValue();
                SafetensorsFile file = openFiles.get(fileName);
                if (file == null) {
                    Path path = dir.resolve(fileName);
                    if (!Files.isRegularFile(path)) {
                        throw new ModelLoadException(
                                "weights file " + path + " listed in " + index + " does not exist");
                    }
                    file = SafetensorsFile.open(path);
                    openFiles.put(fileName, file);
                }
                if (file.entry(e.getKey()).isEmpty()) {
                    throw new ModelLoadException(
                            index + " puts tensor " + e.getKey() + " in " + fileName + ", which does not contain it");
                }
                byTensor.put(e.getKey(), file);
            }
        } catch (RuntimeException e) {
            openFiles.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new SafetensorsCheckpoint(dir, new ArrayList<>(openFiles.values()), byTensor);
    }

    private static Map<String, String> readWeightMap(Path index) {
        try {
            JsonObject json = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonElement weightMap = json.get("weight_map");
            if (weightMap == null || !weightMap.isJsonObject()) {
                throw new ModelLoadException(index + " has no weight_map object");
            }
            Map<String, String> result = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : weightMap.getAsJsonObject().entrySet()) {
                result.put(e.getKey(), e.getValue().getAsString());
            }
            return result;
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + index + ": " + e, e);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new ModelLoadException(index + " is not a valid safetensors index: " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    Optional<SafetensorsFile.Entry> entry(String name) {
        SafetensorsFile file = fileByTensor.get(name);
        return file == null ? Optional.empty() : file.entry(name);
    }

    /** Reads a tensor widened to float32 into {@code target}; the tensor must exist. */
    void readFloats(String name, FloatBuffer target) {
        file(name).readFloats(name, target);
    }

    FloatTensor readFloatTensor(String name) {
        return file(name).readFloatTensor(name);
    }

    private SafetensorsFile file(String name) {
        SafetensorsFile file = fileByTensor.get(name);
        if (file == null) {
            throw new ModelLoadException("tensor " + name + " is missing from the checkpoint in " + dir);
        }
        return file;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}

package io.aspd.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads every tensor of one safetensors file into Java memory, widened to float32: for small state such as optimizer moments. */
public final class SafetensorsReader {
    private SafetensorsReader() {
    }

    public static Map<String, FloatTensor> readAll(Path file) {
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            for (String name : safetensors.entries().keySet()) {
                tensors.put(name, safetensors.readFloatTensor(name));
            }
            return tensors;
        }
    }
}

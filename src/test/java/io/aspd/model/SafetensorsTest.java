package io.aspd.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our safetensors writer and reader: round trips, DJL interoperability, sharding, and damaged files. */
class SafetensorsTest {

    @TempDir
    Path dir;

    private final Random random = new Random(5);

    private Map<String, FloatTensor> sampleTensors() {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("a.weight", new FloatTensor(new long[] {3, 5}, Numerics.gaussian(random, 15)));
        tensors.put("b.bias", new FloatTensor(new long[] {7}, Numerics.gaussian(random, 7)));
        tensors.put("scalar", new FloatTensor(new long[] {}, new float[] {2.5f}));
        tensors.put("c.weight", new FloatTensor(new long[] {2, 3, 4}, Numerics.gaussian(random, 24)));
        return tensors;
    }

    @Test
    void float32RoundTripIsExactAndDjlReadsTheSameValues() throws IOException {
        Map<String, FloatTensor> tensors = sampleTensors();
        Path file = dir.resolve("f32.safetensors");
        SafetensorsWriter.write(file, tensors, TensorType.F32);
        try (SafetensorsFile read = SafetensorsFile.open(file);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDList djl = NDList.decode(manager, Files.readAllBytes(file));
            for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
                FloatTensor mine = read.readFloatTensor(e.getKey());
                assertArrayEquals(e.getValue().shape(), mine.shape(), e.getKey());
                assertArrayEquals(e.getValue().values(), mine.values(), e.getKey());
                assertArrayEquals(e.getValue().values(), djl.get(e.getKey()).toFloatArray(), "DJL " + e.getKey());
            }
        }
    }

    @Test
    void halfPrecisionFilesHoldTheRoundedValues() throws IOException {
        Map<String, FloatTensor> tensors = sampleTensors();
        Path f16 = dir.resolve("f16.safetensors");
        Path bf16 = dir.resolve("bf16.safetensors");
        SafetensorsWriter.write(f16, tensors, TensorType.F16);
        SafetensorsWriter.write(bf16, tensors, TensorType.BF16);
        try (SafetensorsFile halfFile = SafetensorsFile.open(f16);
                SafetensorsFile bfloatFile = SafetensorsFile.open(bf16);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDList djlHalf = NDList.decode(manager, Files.readAllBytes(f16)); // DJL reads F16 safely (not BF16)
            for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
                float[] original = e.getValue().values();
                float[] half = halfFile.readFloatTensor(e.getKey()).values();
                float[] bfloat = bfloatFile.readFloatTensor(e.getKey()).values();
                for (int i = 0; i < original.length; i++) {
                    assertEquals(HalfFloats.halfToFloat(HalfFloats.floatToHalf(original[i])), half[i]);
                    assertEquals(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(original[i])), bfloat[i]);
                }
                assertEquals(DataType.FLOAT16, djlHalf.get(e.getKey()).getDataType());
                assertArrayEquals(half, djlHalf.get(e.getKey()).toType(DataType.FLOAT32, false).toFloatArray());
                assertEquals("BF16", bfloatFile.entries().get(e.getKey()).dtype());
            }
        }
    }

    @Test
    void headerIsPaddedSoThatDataStartsAligned() throws IOException {
        Path file = dir.resolve("x.safetensors");
        SafetensorsWriter.write(file, sampleTensors(), TensorType.F32);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.getLong();
        assertEquals(0, headerLength % 8);
        JsonObject header = JsonParser.parseString(
                new String(bytes.array(), 8, (int) headerLength, StandardCharsets.UTF_8).trim()).getAsJsonObject();
        assertEquals("pt", header.getAsJsonObject("__metadata__").get("format").getAsString());
        assertEquals(8 + headerLength + 4 * (15 + 7 + 1 + 24), Files.size(file));
    }

    @Test
    void shardedCheckpointSplitsTensorsAndIndexesEveryOne() throws IOException {
        Map<String, FloatTensor> tensors = sampleTensors();
        SafetensorsWriter.writeCheckpoint(dir, tensors, TensorType.BF16, 3);
        JsonObject weightMap = JsonParser.parseString(
                Files.readString(dir.resolve(SafetensorsWriter.INDEX_FILE))).getAsJsonObject()
                .getAsJsonObject("weight_map");
        assertEquals(tensors.keySet(), weightMap.keySet());
        Set<String> files = new HashSet<>();
        weightMap.entrySet().forEach(e -> files.add(e.getValue().getAsString()));
        assertEquals(Set.of("model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                "model-00003-of-00003.safetensors"), files);
        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(dir)) {
            for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
                assertArrayEquals(e.getValue().shape(), checkpoint.entry(e.getKey()).orElseThrow().shape());
                float[] read = checkpoint.readFloatTensor(e.getKey()).values();
                assertEquals(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(e.getValue().values()[0])), read[0]);
            }
        }
    }

    @Test
    void damagedFilesAreRejectedWithAMessageNamingTheProblem() throws IOException {
        Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
        assertMessage(tiny, "shorter than the 8-byte header length");

        Path hugeHeader = Files.write(dir.resolve("huge.safetensors"), littleEndianLong(1_000_000));
        assertMessage(hugeHeader, "declared header length 1000000");

        assertMessage(rawFile("notjson", "{\"a\": {\"dtype\": \"F32\", ", new byte[0]), "not a JSON object");
        assertMessage(rawFile("sizes", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}",
                new byte[12]), "needs 16 bytes but its data_offsets span 12");
        assertMessage(rawFile("beyond", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                new byte[8]), "outside the 8 data bytes");
        assertMessage(rawFile("noshape", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]),
                "entry for tensor a is malformed");
    }

    @Test
    void aTensorOfAnUnsupportedDtypeFailsWhenRead() throws IOException {
        Path file = rawFile("int", "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}", new byte[20]);
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {0f}, read.readFloatTensor("w").values());
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> read.readFloatTensor("ids"));
            assertTrue(e.getMessage().contains("tensor ids") && e.getMessage().contains("unsupported dtype I64"),
                    e.getMessage());
        }
    }

    private void assertMessage(Path file, String expected) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(file.toString()), e.getMessage());
    }

    /** A safetensors file with a hand-written header (unpadded) and raw data bytes. */
    private Path rawFile(String name, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json).put(data);
        return Files.write(dir.resolve(name + ".safetensors"), bytes.array());
    }

    private static byte[] littleEndianLong(long value) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }
}

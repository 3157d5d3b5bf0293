package io.aspd.model.template;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.loads} into template values: objects become insertion-ordered maps, integers stay integers
 * (Long, or BigInteger when larger) and numbers with a fraction or exponent become doubles, so that {@code tojson}
 * writes {@code 3} back as {@code 3} and {@code 3.0} as {@code 3.0}, as Python would.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** The value of {@code text} read as a strict JSON document, or the text itself when it is not one. */
    public static Object parseOrKeep(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            Object value = read(reader);
            return reader.peek() == JsonToken.END_DOCUMENT ? value : text;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            return text;
        }
    }

    private static Object read(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    object.put(reader.nextName(), read(reader));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                List<Object> array = new ArrayList<>();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return reader.nextString();
            }
            case NUMBER -> {
                return number(reader.nextString());
            }
            case BOOLEAN -> {
                return reader.nextBoolean();
            }
            case NULL -> {
                reader.nextNull();
                return null;
            }
            default -> throw new IllegalStateException("unexpected " + reader.peek());
        }
    }

    private static Object number(String literal) {
        if (literal.contains(".") || literal.contains("e") || literal.contains("E")) {
            return Double.parseDouble(literal);
        }
        BigInteger value = new BigInteger(literal);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }
}

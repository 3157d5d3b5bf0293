package io.aspd.api;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's JSON, on its own mapper so that it follows OpenAI rather than Spring's defaults: snake_case names, unknown
 * fields ignored, and no silent type coercion ({@code "temperature": "0.5"} or {@code "n": 1.5} is a 400 naming the
 * field, as OpenAI answers it, not a guess). Read errors become {@link ApiException}s with the field's JSON path.
 */
@Component
public class WireJson {
    private final JsonMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads a request body. */
    public <T> T read(byte[] body, Class<T> type) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JacksonException e) { // not JSON, or JSON followed by more than whitespace
            throw ApiException.malformedJson("We could not parse the JSON body of your request" + where(e)
                    + ". Send one JSON object.");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.malformedJson("The request body must be a JSON object.");
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (InputCoercionException e) { // an integer too large for its field: a client's mistake, not a fault
            String param = path(e);
            throw ApiException.invalid(param, "Invalid value for '" + param + "': " + at(tree, e)
                    + " is out of range; expected an integer from " + range(e.getTargetType()) + ".");
        } catch (MismatchedInputException e) {
            String param = path(e);
            throw ApiException.invalidType(param, "Invalid type for '" + param + "': expected "
                    + expected(e.getTargetType()) + ", but got " + JsonParams.describe(at(tree, e)) + " instead.");
        } catch (DatabindException e) {
            String param = path(e);
            throw ApiException.invalid(param, "Invalid value for '" + param + "'.");
        }
    }

    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    public byte[] writeBytes(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    /** The JSON path of the failing field, as OpenAI names parameters: {@code messages[0].content}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** Where parsing stopped, in the words of an editor (Jackson's own message names its internals). */
    private static String where(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The value the failing path points at, to say what the client sent. */
    private static JsonNode at(JsonNode tree, JacksonException e) {
        JsonNode node = tree;
        for (JacksonException.Reference reference : e.getPath()) {
            if (node == null) {
                break;
            }
            node = reference.getPropertyName() != null ? node.get(reference.getPropertyName())
                    : node.get(reference.getIndex());
        }
        return node;
    }

    private static String range(Class<?> type) {
        return type == Long.class || type == long.class ? Long.MIN_VALUE + " to " + Long.MAX_VALUE
                : Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a value of another type";
    }
}

package io.aspd.engine.constraint;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random schemas of the supported subset and random valid instances of them, written independently of the automaton
 * (straight from the schema text), for cross-checks against a real validator.
 */
final class RandomSchemas {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] NAMES = {"id", "name", "a", "b", "title", "x y", "é", "quote\"d", "n\\m", "tags"};
    private static final String CHARS = "abcXYZ 019-_.\"\\/\n\té€中😀";

    private final Random random;

    RandomSchemas(Random random) {
        this.random = random;
    }

    /** A schema of depth at most {@code depth}; sometimes with a recursive {@code $defs} entry. */
    ObjectNode schema(int depth) {
        if (random.nextInt(6) == 0) {
            ObjectNode node = object(depth, F.objectNode().put("$ref", "#/$defs/node"));
            ObjectNode root = F.objectNode();
            root.putObject("$defs").set("node", node);
            root.put("$ref", "#/$defs/node");
            return root;
        }
        return value(depth);
    }

    private ObjectNode value(int depth) {
        int kind = random.nextInt(depth <= 0 ? 7 : 11);
        ObjectNode schema = F.objectNode();
        switch (kind) {
            case 0 -> {
                schema.put("type", "string");
                int min = random.nextInt(3);
                if (random.nextBoolean()) {
                    schema.put("minLength", min);
                }
                if (random.nextBoolean()) {
                    schema.put("maxLength", min + random.nextInt(4));
                }
            }
            case 1 -> schema.put("type", "integer");
            case 2 -> schema.put("type", "number");
            case 3 -> schema.put("type", "boolean");
            case 4 -> schema.put("type", "null");
            case 5 -> {
                ArrayNode values = schema.putArray("enum");
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    values.add(random.nextBoolean() ? F.stringNode(string(0, 4)) : F.numberNode(random.nextInt(30)));
                }
            }
            case 6 -> schema.set("const", random.nextBoolean() ? F.stringNode(string(0, 3)) : F.booleanNode(true));
            case 7, 8 -> {
                return object(depth, null);
            }
            case 9 -> {
                schema.put("type", "array");
                schema.set("items", value(depth - 1));
                int min = random.nextInt(3);
                if (random.nextBoolean()) {
                    schema.put("minItems", min);
                }
                if (random.nextBoolean()) {
                    schema.put("maxItems", min + random.nextInt(3));
                }
            }
            default -> {
                ArrayNode alternatives = schema.putArray("anyOf");
                for (int i = 2 + random.nextInt(2); i > 0; i--) {
                    alternatives.add(value(depth - 1));
                }
            }
        }
        return schema;
    }

    private ObjectNode object(int depth, ObjectNode recursiveItem) {
        ObjectNode schema = F.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = F.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            String name = NAMES[random.nextInt(NAMES.length)];
            properties.set(name, value(depth - 1));
            if (random.nextBoolean() && !contains(required, name)) {
                required.add(name);
            }
        }
        if (recursiveItem != null) {
            properties.putObject("kids").put("type", "array").set("items", recursiveItem);
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        switch (random.nextInt(3)) {
            case 0 -> schema.put("additionalProperties", false);
            case 1 -> schema.set("additionalProperties", value(0));
            default -> { } // absent: any other key with any value
        }
        return schema;
    }

    private static boolean contains(ArrayNode array, String text) {
        return array.valueStream().anyMatch(v -> v.asString().equals(text));
    }

    String string(int min, int max) {
        StringBuilder text = new StringBuilder();
        int length = min + random.nextInt(max - min + 1);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(CHARS.codePoints().toArray()[random.nextInt(CHARS.codePointCount(0, CHARS.length()))]);
        }
        return text.toString();
    }

    /** A random instance valid against {@code schema} (resolved against {@code root}). */
    JsonNode instance(JsonNode schema, JsonNode root, int depth) {
        if (schema.has("$ref")) {
            return instance(root.at(schema.get("$ref").asString().substring(1)), root, depth);
        }
        if (schema.has("anyOf")) {
            JsonNode alternatives = schema.get("anyOf");
            return instance(alternatives.get(random.nextInt(alternatives.size())), root, depth);
        }
        if (schema.has("enum")) {
            JsonNode values = schema.get("enum");
            return values.get(random.nextInt(values.size()));
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        switch (schema.get("type").asString()) {
            case "string": {
                int min = schema.path("minLength").asInt(0);
                int max = schema.has("maxLength") ? schema.get("maxLength").asInt() : min + 6;
                return F.stringNode(string(min, max));
            }
            case "integer":
                return F.numberNode((long) random.nextInt(2_000_000) - 1_000_000);
            case "number":
                return random.nextBoolean() ? F.numberNode(random.nextInt(1000) / 8.0)
                        : F.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case "boolean":
                return F.booleanNode(random.nextBoolean());
            case "null":
                return F.nullNode();
            case "array": {
                int min = schema.path("minItems").asInt(0);
                int max = schema.has("maxItems") ? schema.get("maxItems").asInt() : min + 3;
                ArrayNode array = F.arrayNode();
                for (int i = min + random.nextInt(max - min + 1); i > 0; i--) {
                    array.add(instance(schema.get("items"), root, depth + 1));
                }
                return array;
            }
            default:
                return object(schema, root, depth);
        }
    }

    private JsonNode object(JsonNode schema, JsonNode root, int depth) {
        ObjectNode object = F.objectNode();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asString()));
        for (var property : schema.path("properties").properties()) {
            String name = property.getKey();
            boolean recursive = name.equals("kids");
            if (required.contains(name) || random.nextBoolean() && !(recursive && depth > 2)) {
                object.set(name, instance(property.getValue(), root, depth + 1));
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        if (random.nextBoolean() && (additional == null || additional.isObject())) {
            String name = "extra" + random.nextInt(3);
            object.set(name, additional == null ? F.stringNode(string(0, 3)) : instance(additional, root, depth + 1));
        }
        return object;
    }
}

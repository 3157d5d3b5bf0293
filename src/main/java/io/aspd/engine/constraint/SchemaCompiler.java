package io.aspd.engine.constraint;

import io.aspd.engine.constraint.SchemaNode.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compiles JSON Schema (the subset below) into a {@link JsonGrammar}.
 *
 * <p>Enforced: {@code type} (one or a list), {@code properties}, {@code required}, {@code additionalProperties}
 * ({@code false}, a schema, or {@code true}/absent which means any other key with any value, as JSON Schema says),
 * {@code items}, {@code minItems}/{@code maxItems}, {@code enum}, {@code const}, {@code anyOf}, {@code $ref} to
 * {@code #}, {@code #/$defs/...} or {@code #/definitions/...} (recursion is a cycle in the node graph),
 * {@code minLength}/{@code maxLength}. Annotations ({@code title}, {@code description}, {@code default}, ...) are
 * accepted and have no effect. Every other keyword ({@code pattern}, {@code format}, {@code minimum}, {@code oneOf},
 * {@code allOf}, ...) is unsupported: compiled strict, it is an {@link UnsupportedSchemaKeywordException} naming it;
 * otherwise it is left out and listed in {@link JsonGrammar#ignoredKeywords()}.
 *
 * <p>The automaton writes a subset of the valid documents: declared property names, enum and const values in their
 * canonical compact spelling (no optional escapes), each property at most once, integers without fraction or
 * exponent, digit runs bounded (see {@link JsonFrames.Num}), no lone surrogate escapes; a schema without
 * {@code type} takes the type its keywords imply (object for {@code properties}, array for {@code items}, ...).
 */
public final class SchemaCompiler {
    /** Whitespace bytes allowed in a row between two JSON tokens (a pretty-printed line break plus indent fits). */
    public static final int DEFAULT_MAX_WHITESPACE = 8;
    /** Declared properties per object: the automaton tracks which were written in one long. */
    static final int MAX_PROPERTIES = 64;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$schema", "$id", "$comment",
            "examples", "default", "deprecated", "readOnly", "writeOnly", "$defs", "definitions");
    private static final Set<String> SUPPORTED = Set.of("type", "properties", "required", "additionalProperties",
            "items", "minItems", "maxItems", "enum", "const", "anyOf", "$ref", "minLength", "maxLength");
    private static final Set<String> OBJECT_KEYWORDS = Set.of("properties", "required", "additionalProperties");
    private static final Set<String> ARRAY_KEYWORDS = Set.of("items", "minItems", "maxItems");
    private static final Set<String> STRING_KEYWORDS = Set.of("minLength", "maxLength");

    private final int maxWhitespace;
    private boolean strict;
    private String label = "";
    private final List<SchemaNode> nodes = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private final Map<String, Integer> compiled = new HashMap<>();
    /** Pairs (literal node, node of the same schema without enum/const): values must also satisfy the latter. */
    private final List<int[]> literalChecks = new ArrayList<>();
    private int scope = -1;
    private JsonNode scopeRoot;
    private int anyValue = -1;

    SchemaCompiler(int maxWhitespace) {
        this.maxWhitespace = maxWhitespace;
    }

    /** The grammar of one schema (a {@code response_format} of type {@code json_schema}). */
    public static JsonGrammar compile(JsonNode schema, boolean strict) {
        SchemaCompiler compiler = new SchemaCompiler(DEFAULT_MAX_WHITESPACE);
        return compiler.build(compiler.addSchema(schema, strict, ""));
    }

    /** Any JSON object ({@code response_format} {@code json_object}). */
    public static JsonGrammar anyObject() {
        SchemaCompiler compiler = new SchemaCompiler(DEFAULT_MAX_WHITESPACE);
        SchemaNode object = new SchemaNode(Kind.OBJECT);
        object.additional = compiler.anyValue();
        return compiler.build(compiler.add(object));
    }

    /**
     * Compiles a schema document; its {@code $ref}s resolve against itself. Returns its node.
     *
     * @param schemaLabel names the schema in errors and in the ignored-keyword list (e.g. a tool's name); may be ""
     */
    int addSchema(JsonNode schema, boolean strictKeywords, String schemaLabel) {
        strict = strictKeywords;
        label = schemaLabel;
        scope++;
        scopeRoot = schema;
        return compileAt("");
    }

    /** An object node with exactly the given properties, all required, no others (a tool call's envelope). */
    int addClosedObject(String[] names, int[] schemas) {
        SchemaNode object = new SchemaNode(Kind.OBJECT);
        declare(object, names, schemas);
        object.required = (1L << names.length) - 1;
        return add(object);
    }

    int addConst(JsonNode value) {
        SchemaNode literal = new SchemaNode(Kind.LITERAL);
        literal.literals = new byte[][] {canonical(value)};
        return add(literal);
    }

    int addAnyOf(int[] alternatives) {
        SchemaNode anyOf = new SchemaNode(Kind.ANY_OF);
        anyOf.alternatives = alternatives.clone();
        return add(anyOf);
    }

    /** The grammar rooted at {@code root}, after checking enum/const values against the rest of their schema. */
    JsonGrammar build(int root) {
        boolean changed = !literalChecks.isEmpty();
        while (changed) {
            changed = false;
            // rooted at "any value" only so that a draft can be built whatever the real root is
            JsonGrammar draft = new JsonGrammar(nodes, anyValue(), maxWhitespace, ignored);
            for (int[] check : literalChecks) {
                SchemaNode literal = nodes.get(check[0]);
                List<byte[]> kept = new ArrayList<>();
                for (byte[] text : literal.literals) {
                    JsonState state = JsonState.startAt(draft, check[1]).steps(text);
                    if (state != null && state.canEnd()) {
                        kept.add(text);
                    }
                }
                if (kept.size() < literal.literals.length) {
                    literal.literals = kept.toArray(new byte[0][]);
                    changed = true;
                }
            }
        }
        return new JsonGrammar(nodes, root, maxWhitespace, ignored);
    }

    private int add(SchemaNode node) {
        nodes.add(node);
        return nodes.size() - 1;
    }

    private int compileAt(String pointer) {
        String key = scope + "#" + pointer;
        Integer known = compiled.get(key);
        if (known != null) {
            return known;
        }
        JsonNode schema = scopeRoot.at(pointer);
        if (schema == null || schema.isMissingNode()) {
            throw new SchemaException("no schema at '#" + pointer + "'");
        }
        int id = add(null);
        compiled.put(key, id);
        nodes.set(id, compileBody(schema, pointer, id));
        return id;
    }

    private SchemaNode compileBody(JsonNode schema, String pointer, int id) {
        if (schema.isBoolean()) {
            return schema.booleanValue() ? alias(anyValue()) : new SchemaNode(Kind.NEVER);
        }
        if (!schema.isObject()) {
            throw new SchemaException("the schema at '#" + pointer + "' is not an object or a boolean");
        }
        Set<String> keywords = new LinkedHashSet<>();
        for (String name : schema.propertyNames()) {
            if (SUPPORTED.contains(name)) {
                keywords.add(name);
            } else if (!ANNOTATIONS.contains(name)) {
                unsupported(name, pointer);
            }
        }
        for (String combinator : new String[] {"$ref", "anyOf"}) {
            if (keywords.contains(combinator)) {
                // siblings of $ref/anyOf would have to hold as well (an intersection), which the automaton cannot do
                for (String sibling : keywords) {
                    if (!sibling.equals(combinator)) {
                        unsupported(sibling, pointer);
                    }
                }
                return combinator.equals("$ref") ? alias(resolveRef(schema.get("$ref"), pointer))
                        : anyOf(schema.get("anyOf"), pointer);
            }
        }
        if (keywords.contains("enum") || keywords.contains("const")) {
            int base = add(typed(schema, pointer, keywords));
            literalChecks.add(new int[] {id, base});
            return literal(schema, pointer);
        }
        return typed(schema, pointer, keywords);
    }

    private SchemaNode typed(JsonNode schema, String pointer, Set<String> keywords) {
        List<String> types = new ArrayList<>();
        JsonNode type = schema.get("type");
        if (type == null) {
            if (keywords.stream().anyMatch(OBJECT_KEYWORDS::contains)) {
                types.add("object");
            } else if (keywords.stream().anyMatch(ARRAY_KEYWORDS::contains)) {
                types.add("array");
            } else if (keywords.stream().anyMatch(STRING_KEYWORDS::contains)) {
                types.add("string");
            } else {
                return alias(anyValue());
            }
        } else if (type.isString()) {
            types.add(type.stringValue());
        } else if (type.isArray() && !type.isEmpty()) {
            type.forEach(t -> types.add(t.asString()));
        } else {
            throw new SchemaException("'type' at '#" + pointer + "' must be a string or a non-empty array");
        }
        if (types.size() == 1) {
            return leaf(types.get(0), schema, pointer);
        }
        SchemaNode anyOf = new SchemaNode(Kind.ANY_OF);
        anyOf.alternatives = types.stream().mapToInt(t -> add(leaf(t, schema, pointer))).toArray();
        return anyOf;
    }

    private SchemaNode leaf(String type, JsonNode schema, String pointer) {
        switch (type) {
            case "object":
                return object(schema, pointer);
            case "array": {
                SchemaNode array = new SchemaNode(Kind.ARRAY);
                JsonNode items = schema.get("items");
                if (items != null && items.isBoolean() && !items.booleanValue()) {
                    array.items = anyValue();
                    array.maxItems = 0;
                } else {
                    array.items = items == null ? anyValue() : compileAt(pointer + "/items");
                }
                array.minItems = count(schema, "minItems", 0, pointer);
                array.maxItems = Math.min(array.maxItems, count(schema, "maxItems", SchemaNode.UNBOUNDED, pointer));
                return array;
            }
            case "string": {
                SchemaNode string = new SchemaNode(Kind.STRING);
                string.minLength = count(schema, "minLength", 0, pointer);
                string.maxLength = count(schema, "maxLength", SchemaNode.UNBOUNDED, pointer);
                return string;
            }
            case "number":
                return new SchemaNode(Kind.NUMBER);
            case "integer":
                return new SchemaNode(Kind.INTEGER);
            case "boolean":
                return literalOf(MAPPER.getNodeFactory().booleanNode(true), MAPPER.getNodeFactory().booleanNode(false));
            case "null":
                return literalOf(MAPPER.getNodeFactory().nullNode());
            default:
                throw new SchemaException("unknown type '" + type + "' at '#" + pointer + "'");
        }
    }

    private SchemaNode object(JsonNode schema, String pointer) {
        SchemaNode object = new SchemaNode(Kind.OBJECT);
        JsonNode additional = schema.get("additionalProperties");
        if (additional == null || additional.isBoolean() && additional.booleanValue()) {
            object.additional = anyValue();
        } else if (additional.isBoolean()) {
            object.additional = -1;
        } else {
            object.additional = compileAt(pointer + "/additionalProperties");
        }
        List<String> names = new ArrayList<>();
        List<Integer> schemas = new ArrayList<>();
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            if (!properties.isObject()) {
                throw new SchemaException("'properties' at '#" + pointer + "' must be an object");
            }
            for (String name : properties.propertyNames()) {
                names.add(name);
                schemas.add(compileAt(pointer + "/properties/" + escapePointer(name)));
            }
        }
        long required = 0;
        JsonNode requiredNames = schema.get("required");
        if (requiredNames != null) {
            if (!requiredNames.isArray()) {
                throw new SchemaException("'required' at '#" + pointer + "' must be an array");
            }
            for (JsonNode required1 : requiredNames) {
                String name = required1.asString();
                int index = names.indexOf(name);
                if (index < 0) {
                    if (object.additional < 0) {
                        return new SchemaNode(Kind.NEVER); // a required key no schema allows
                    }
                    names.add(name); // a required key without a declared schema takes additionalProperties
                    schemas.add(object.additional);
                    index = names.size() - 1;
                }
                if (index < MAX_PROPERTIES) {
                    required |= 1L << index;
                }
            }
        }
        if (names.size() > MAX_PROPERTIES) {
            throw new SchemaException("the object at '#" + pointer + "' declares more than " + MAX_PROPERTIES
                    + " properties");
        }
        declare(object, names.toArray(new String[0]), schemas.stream().mapToInt(Integer::intValue).toArray());
        object.required = required;
        return object;
    }

    private static void declare(SchemaNode object, String[] names, int[] schemas) {
        object.names = names;
        object.propertySchemas = schemas;
        object.keyTexts = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            object.keyTexts[i] = canonical(MAPPER.getNodeFactory().stringNode(names[i]));
        }
    }

    private SchemaNode literal(JsonNode schema, String pointer) {
        List<JsonNode> values = new ArrayList<>();
        JsonNode constant = schema.get("const");
        JsonNode enumeration = schema.get("enum");
        if (enumeration != null && !enumeration.isArray()) {
            throw new SchemaException("'enum' at '#" + pointer + "' must be an array");
        }
        if (constant != null) {
            values.add(constant);
        } else {
            enumeration.forEach(values::add);
        }
        if (constant != null && enumeration != null) {
            values.removeIf(v -> !enumeration.valueStream().anyMatch(v::equals));
        }
        return literalOf(values.toArray(new JsonNode[0]));
    }

    private static SchemaNode literalOf(JsonNode... values) {
        Set<String> seen = new LinkedHashSet<>();
        List<byte[]> texts = new ArrayList<>();
        for (JsonNode value : values) {
            byte[] text = canonical(value);
            if (seen.add(new String(text, StandardCharsets.UTF_8))) {
                texts.add(text);
            }
        }
        SchemaNode literal = new SchemaNode(Kind.LITERAL);
        literal.literals = texts.toArray(new byte[0][]);
        return literal;
    }

    private SchemaNode anyOf(JsonNode alternatives, String pointer) {
        if (alternatives == null || !alternatives.isArray() || alternatives.isEmpty()) {
            throw new SchemaException("'anyOf' at '#" + pointer + "' must be a non-empty array");
        }
        SchemaNode anyOf = new SchemaNode(Kind.ANY_OF);
        anyOf.alternatives = new int[alternatives.size()];
        for (int i = 0; i < alternatives.size(); i++) {
            anyOf.alternatives[i] = compileAt(pointer + "/anyOf/" + i);
        }
        return anyOf;
    }

    private int resolveRef(JsonNode ref, String pointer) {
        String target = ref == null || !ref.isString() ? "" : ref.stringValue();
        if (target.equals("#")) {
            return compileAt("");
        }
        if (target.startsWith("#/$defs/") || target.startsWith("#/definitions/")) {
            return compileAt(target.substring(1));
        }
        if (strict) {
            throw new UnsupportedSchemaKeywordException("$ref", pointer, label);
        }
        ignored.add(pointerLabel(pointer) + ": $ref");
        return anyValue();
    }

    /** The node of "any JSON value", shared by every use in this compiler. */
    private int anyValue() {
        if (anyValue >= 0) {
            return anyValue;
        }
        anyValue = add(null);
        SchemaNode object = new SchemaNode(Kind.OBJECT);
        object.additional = anyValue;
        SchemaNode array = new SchemaNode(Kind.ARRAY);
        array.items = anyValue;
        var factory = MAPPER.getNodeFactory();
        SchemaNode any = new SchemaNode(Kind.ANY_OF);
        any.alternatives = new int[] {add(object), add(array), add(new SchemaNode(Kind.STRING)),
                add(new SchemaNode(Kind.NUMBER)), add(literalOf(factory.booleanNode(true),
                        factory.booleanNode(false), factory.nullNode()))};
        nodes.set(anyValue, any);
        return anyValue;
    }

    private static SchemaNode alias(int target) {
        SchemaNode alias = new SchemaNode(Kind.ANY_OF);
        alias.alternatives = new int[] {target};
        return alias;
    }

    private void unsupported(String keyword, String pointer) {
        if (strict) {
            throw new UnsupportedSchemaKeywordException(keyword, pointer, label);
        }
        ignored.add(pointerLabel(pointer) + ": " + keyword);
    }

    private static int count(JsonNode schema, String keyword, int absent, String pointer) {
        JsonNode value = schema.get(keyword);
        if (value == null) {
            return absent;
        }
        if (!value.isIntegralNumber() || value.longValue() < 0) {
            throw new SchemaException("'" + keyword + "' at '#" + pointer + "' must be a non-negative integer");
        }
        return (int) Math.min(Integer.MAX_VALUE - 1, value.longValue());
    }

    private static byte[] canonical(JsonNode value) {
        return MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
    }

    private static String escapePointer(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private String pointerLabel(String pointer) {
        return label + "#" + pointer;
    }
}

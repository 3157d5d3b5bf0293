package io.aspd.engine.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Accept/reject corpus per supported keyword: a document is accepted when it leads to a state that may end. */
class JsonAutomatonCorpusTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static JsonGrammar grammar(String schema) {
        return SchemaCompiler.compile(MAPPER.readTree(schema), true);
    }

    static boolean accepts(JsonGrammar grammar, String document) {
        JsonState state = grammar.start().steps(document.getBytes(StandardCharsets.UTF_8));
        return state != null && state.canEnd();
    }

    private static void check(String schema, List<String> valid, List<String> invalid) {
        JsonGrammar grammar = grammar(schema);
        for (String document : valid) {
            assertThat(accepts(grammar, document)).as("%s accepts %s", schema, document).isTrue();
        }
        for (String document : invalid) {
            assertThat(accepts(grammar, document)).as("%s rejects %s", schema, document).isFalse();
        }
    }

    @Test
    void strings() {
        check("{\"type\":\"string\"}",
                List.of("\"\"", "\"abc\"", "\"a\\\"b\"", "\"\\u00e9\\n\\t\\/\"", "\"é€😀\"", "\"\\ud83d\\ude00\"",
                        "  \"x\" "),
                List.of("\"abc", "abc", "\"a\nb\"", "\"\\x\"", "\"\\ude00\"", "\"\\ud83d\"", "\"\\ud83dx\"", "1",
                        "\"\\u12G4\"", "\"a\"\"", "\"a\" x"));
        check("{\"type\":\"string\",\"minLength\":2,\"maxLength\":3}",
                List.of("\"ab\"", "\"abc\"", "\"é😀\"", "\"\\u0041\\n\"", "\"\\ud83d\\ude00a\""),
                List.of("\"a\"", "\"abcd\"", "\"\"", "\"😀\""));
    }

    @Test
    void invalidUtf8IsRefused() {
        JsonGrammar grammar = grammar("{\"type\":\"string\"}");
        for (byte[] bad : new byte[][] {{'"', (byte) 0xC0, (byte) 0x80, '"'}, {'"', (byte) 0xED, (byte) 0xA0,
                (byte) 0x80, '"'}, {'"', (byte) 0x80, '"'}, {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                '"'}, {'"', (byte) 0xE2, (byte) 0x82, '"'}}) {
            JsonState state = grammar.start().steps(bad);
            assertThat(state != null && state.canEnd()).isFalse();
        }
    }

    @Test
    void numbersAndIntegers() {
        check("{\"type\":\"number\"}", List.of("0", "-0", "12", "1.5", "-1.25e+10", "3E-2", "7e5", " 1 "),
                List.of("01", "1.", ".5", "-", "1e", "1e+", "+1", "1.2.3", "NaN", "0x1", "123456789012345678901"));
        check("{\"type\":\"integer\"}", List.of("0", "-7", "42"), List.of("1.0", "1e3", "-", "007"));
    }

    @Test
    void literalsEnumAndConst() {
        check("{\"type\":\"boolean\"}", List.of("true", "false"), List.of("tru", "truee", "null", "1"));
        check("{\"type\":\"null\"}", List.of("null"), List.of("nul", "false"));
        check("{\"enum\":[\"red\",\"green\",1,10,null,{\"a\":[1]}]}",
                List.of("\"red\"", "\"green\"", "1", "10", "null", "{\"a\":[1]}"),
                List.of("\"blue\"", "\"re\"", "2", "100", "{\"a\": [1]}"));
        check("{\"const\":\"x\"}", List.of("\"x\""), List.of("\"y\"", "\"xx\""));
        check("{\"type\":\"string\",\"enum\":[\"a\",1,\"bb\"],\"maxLength\":1}", List.of("\"a\""),
                List.of("1", "\"bb\""));
    }

    @Test
    void objects() {
        String closed = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\"],\"additionalProperties\":false}";
        check(closed,
                List.of("{\"name\":\"x\"}", "{\"age\":3,\"name\":\"x\"}", "{ \"name\" : \"x\" , \"age\" : 3 }"),
                List.of("{}", "{\"age\":3}", "{\"name\":\"x\",\"other\":1}", "{\"name\":\"x\",\"name\":\"y\"}",
                        "{\"name\":1}", "{\"name\":\"x\",}", "{\"name\":\"x\"", "{\"nam\":\"x\"}"));
        String open = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}";
        check(open, List.of("{\"name\":\"x\",\"other\":[1,{\"z\":null}]}", "{\"n\":1,\"name\":\"y\"}",
                        "{\"na\\u006D\":1,\"name\":\"y\"}"),
                List.of("{\"other\":1}", "{\"name\":1}"));
        check("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}",
                List.of("{}", "{\"a\":1,\"b\":2}"), List.of("{\"a\":\"x\"}"));
        check("{\"type\":\"object\",\"required\":[\"id\"]}", List.of("{\"id\":true}"), List.of("{}"));
    }

    @Test
    void arrays() {
        check("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":1,\"maxItems\":3}",
                List.of("[1]", "[1,2,3]", "[ 1 , 2 ]"), List.of("[]", "[1,2,3,4]", "[1,]", "[\"a\"]", "[1 2]"));
        check("{\"type\":\"array\"}", List.of("[]", "[1,\"a\",[],{}]"), List.of("[", "[,]"));
    }

    @Test
    void anyOfTypeListsAndRefs() {
        check("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},"
                        + "\"required\":[\"a\"],\"additionalProperties\":false},{\"type\":\"object\",\"properties\":"
                        + "{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"],\"additionalProperties\":false}]}",
                List.of("\"s\"", "{\"a\":1}", "{\"a\":\"s\"}"), List.of("{\"a\":true}", "1"));
        check("{\"type\":[\"string\",\"null\"]}", List.of("\"s\"", "null"), List.of("1"));
        String tree = "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\"},"
                + "\"kids\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/node\"}}},\"required\":[\"v\"],"
                + "\"additionalProperties\":false}},\"$ref\":\"#/$defs/node\"}";
        check(tree, List.of("{\"v\":1}", "{\"v\":1,\"kids\":[{\"v\":2,\"kids\":[{\"v\":3}]},{\"v\":4}]}"),
                List.of("{\"v\":1,\"kids\":[{}]}", "{\"kids\":[]}"));
    }

    @Test
    void whitespaceIsBounded() {
        JsonGrammar grammar = grammar("{\"type\":\"array\"}");
        String spaces = " ".repeat(SchemaCompiler.DEFAULT_MAX_WHITESPACE);
        assertThat(accepts(grammar, "[" + spaces + "1" + spaces + "]")).isTrue();
        assertThat(accepts(grammar, "[" + spaces + " 1]")).isFalse();
        assertThat(accepts(grammar, spaces + " []")).isFalse();
    }

    @Test
    void jsonObjectModeIsAnyObject() {
        JsonGrammar grammar = SchemaCompiler.anyObject();
        assertThat(accepts(grammar, "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}")).isTrue();
        assertThat(accepts(grammar, "[]")).isFalse();
        assertThat(accepts(grammar, "\"x\"")).isFalse();
    }

    @Test
    void unsupportedKeywordsAreNamedWhenStrictAndListedOtherwise() {
        String schema = "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\",\"pattern\":\"^[A-Z]+$\"},"
                + "\"n\":{\"type\":\"integer\",\"minimum\":3}}}";
        JsonNode node = MAPPER.readTree(schema);
        assertThatThrownBy(() -> SchemaCompiler.compile(node, true))
                .isInstanceOfSatisfying(UnsupportedSchemaKeywordException.class, e -> {
                    assertThat(e.keyword()).isEqualTo("pattern");
                    assertThat(e.pointer()).isEqualTo("/properties/code");
                });
        JsonGrammar lenient = SchemaCompiler.compile(node, false);
        assertThat(lenient.ignoredKeywords()).containsExactly("#/properties/code: pattern", "#/properties/n: minimum");
        assertThat(accepts(lenient, "{\"code\":\"abc\",\"n\":1}")).isTrue();
    }

    @Test
    void schemasWithoutFiniteDocumentsAreRefused() {
        assertThatThrownBy(() -> grammar("{\"$ref\":\"#\"}")).isInstanceOf(SchemaException.class);
        assertThatThrownBy(() -> grammar("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#\"}},"
                + "\"required\":[\"a\"]}")).isInstanceOf(SchemaException.class);
        assertThatThrownBy(() -> grammar("{\"type\":\"string\",\"minLength\":3,\"maxLength\":2}"))
                .isInstanceOf(SchemaException.class);
        // an optional recursive property is fine: the automaton never offers the key when it cannot be finished
        assertThat(accepts(grammar("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#\"}}}"), "{\"a\":{}}"))
                .isTrue();
    }
}

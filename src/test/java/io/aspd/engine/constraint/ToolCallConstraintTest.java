package io.aspd.engine.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aspd.model.TextTokenizer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tool-call modes, markers, the parser, and the token budget on the embedded vocabulary. */
class ToolCallConstraintTest {
    private static TextTokenizer tokenizer;
    private static TokenMasker masker;
    private static final List<ToolDefinition> TOOLS = List.of(
            new ToolDefinition("get_weather", RandomSchemas.MAPPER.readTree("{\"type\":\"object\",\"properties\":"
                    + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],\"additionalProperties\":false}"), true),
            new ToolDefinition("ping", null, true));

    @BeforeAll
    static void load() {
        tokenizer = TextTokenizer.load(TokenMaskTest.EMBEDDED);
        masker = new TokenMasker(TokenVocabulary.load(TokenMaskTest.EMBEDDED, tokenizer, 2313));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    /** Writes {@code text} byte by byte (every byte is a token of the embedded vocabulary); false if refused. */
    private static boolean write(TokenConstraint constraint, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int id = singleByteToken(b & 0xFF);
            BitSet allowed = new BitSet();
            constraint.allowedTokens(allowed);
            if (!allowed.get(id)) {
                return false;
            }
            constraint.advance(id);
        }
        return true;
    }

    private static int singleByteToken(int b) {
        for (int id = 0; id < masker.vocabulary().size(); id++) {
            byte[] bytes = masker.vocabulary().bytes(id);
            if (bytes != null && bytes.length == 1 && (bytes[0] & 0xFF) == b) {
                return id;
            }
        }
        throw new IllegalStateException("no token for byte " + b);
    }

    private static int eos() {
        return masker.vocabulary().eosIds()[0];
    }

    private static boolean eosAllowed(TokenConstraint constraint) {
        BitSet allowed = new BitSet();
        constraint.allowedTokens(allowed);
        return allowed.get(eos());
    }

    @Test
    void autoAllowsFreeTextThenConstrainsFromTheOpenMarker() {
        OutputConstraint spec = OutputConstraint.toolCalls(masker, TOOLS, ToolChoice.auto(), false,
                ToolCallFormat.HERMES);
        TokenConstraint text = spec.newConstraint();
        assertThat(text.constrained()).isFalse();
        assertThat(write(text, "Sure, <tool but not a call.")).isTrue();
        assertThat(eosAllowed(text)).isTrue();

        TokenConstraint call = spec.newConstraint();
        assertThat(write(call, "Let me check. <tool_call>\n")).isTrue();
        assertThat(call.constrained()).isTrue();
        assertThat(eosAllowed(call)).isFalse();
        assertThat(write(call.copy(), "{\"name\": \"get_time\"")).isFalse();
        assertThat(write(call.copy(), "{\"name\": \"get_weather\", \"arguments\": {\"town\"")).isFalse();
        assertThat(write(call, "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>"))
                .isTrue();
        assertThat(eosAllowed(call)).isTrue();
        assertThat(write(call.copy(), "\n<tool_call>")).as("parallel calls are off").isFalse();
        BitSet allowed = new BitSet();
        call.allowedTokens(allowed);
        for (int id : tokenizer.specialTokenIds()) {
            assertThat(allowed.get(id)).isEqualTo(masker.vocabulary().isEos(id));
        }
    }

    @Test
    void requiredForcesACallFromTheFirstTokenAndParallelAllowsMore() {
        OutputConstraint spec = OutputConstraint.toolCalls(masker, TOOLS, ToolChoice.required(), true,
                ToolCallFormat.HERMES);
        TokenConstraint constraint = spec.newConstraint();
        assertThat(constraint.constrained()).isTrue();
        assertThat(eosAllowed(constraint)).isFalse();
        assertThat(write(constraint.copy(), "Hi")).isFalse();
        String calls = "<tool_call>\n{\"name\":\"ping\",\"arguments\":{}}\n</tool_call>\n"
                + "<tool_call>\n{\"arguments\":{\"city\":\"Rome\"},\"name\":\"get_weather\"}\n</tool_call>";
        assertThat(write(constraint, calls)).isTrue();
        assertThat(eosAllowed(constraint)).isTrue();
        ToolCallParser.Parsed parsed = new ToolCallParser(ToolCallFormat.HERMES).parse(calls);
        assertThat(parsed.complete()).isTrue();
        assertThat(parsed.content()).isNull();
        assertThat(parsed.calls()).containsExactly(new ToolCallParser.ToolCall("ping", "{}"),
                new ToolCallParser.ToolCall("get_weather", "{\"city\":\"Rome\"}"));
    }

    @Test
    void namedChoiceAllowsOnlyThatToolAndUnknownNamesAreRefused() {
        TokenConstraint constraint = OutputConstraint.toolCalls(masker, TOOLS, ToolChoice.named("ping"), false,
                ToolCallFormat.HERMES).newConstraint();
        assertThat(write(constraint.copy(), "<tool_call>{\"name\":\"get_weather\"")).isFalse();
        assertThat(write(constraint, "<tool_call>{\"name\":\"ping\",\"arguments\":{}}</tool_call>")).isTrue();
        assertThatThrownBy(() -> OutputConstraint.toolCalls(masker, TOOLS, ToolChoice.named("nope"), false,
                ToolCallFormat.HERMES)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void customMarkersAndParserReportsContentAndUnfinishedCalls() {
        ToolCallFormat format = new ToolCallFormat("[CALL]", "[/CALL]");
        TokenConstraint constraint = OutputConstraint.toolCalls(masker, TOOLS, ToolChoice.auto(), false, format)
                .newConstraint();
        assertThat(write(constraint, "ok [CALL]{\"name\":\"ping\",\"arguments\":{}}[/CALL]")).isTrue();
        ToolCallParser parser = new ToolCallParser(format);
        ToolCallParser.Parsed parsed = parser.parse("Checking. [CALL]{\"name\":\"ping\",\"arguments\":{}}[/CALL]"
                + "[CALL]{\"name\":\"ping\"");
        assertThat(parsed.content()).isEqualTo("Checking. ");
        assertThat(parsed.calls()).hasSize(1);
        assertThat(parsed.complete()).isFalse();
        assertThat(parser.parse("just text").calls()).isEmpty();
    }

    @Test
    void unsupportedKeywordInAStrictToolIsNamedAndListedWhenNotStrict() {
        var schema = RandomSchemas.MAPPER.readTree("{\"type\":\"object\",\"properties\":{\"d\":{\"type\":\"string\","
                + "\"format\":\"date\"}}}");
        assertThatThrownBy(() -> OutputConstraint.toolCalls(masker, List.of(new ToolDefinition("f", schema, true)),
                ToolChoice.required(), false, ToolCallFormat.HERMES))
                .isInstanceOfSatisfying(UnsupportedSchemaKeywordException.class,
                        e -> assertThat(e.keyword()).isEqualTo("format"))
                .hasMessageContaining("tools[f].parameters");
        assertThat(OutputConstraint.toolCalls(masker, List.of(new ToolDefinition("f", schema, false)),
                ToolChoice.required(), false, ToolCallFormat.HERMES).ignoredKeywords())
                .containsExactly("tools[f].parameters#/properties/d: format");
    }

    @Test
    void aTightTokenBudgetStillEndsWithACompleteDocument() {
        OutputConstraint spec = OutputConstraint.jsonSchema(masker, RandomSchemas.MAPPER.readTree(
                TokenMaskTest.SCHEMAS.get(0)), true);
        Random random = new Random(5);
        BitSet allowed = new BitSet();
        for (int walk = 0; walk < 300; walk++) {
            int budget = spec.minTokens() + random.nextInt(12);
            TokenConstraint constraint = spec.newConstraint(budget);
            StringBuilder text = new StringBuilder();
            while (constraint.tokensLeft() > 0) {
                constraint.allowedTokens(allowed);
                allowed.clear(eos());
                if (allowed.isEmpty()) {
                    break; // only EOS is left: the document is complete (checked below)
                }
                int[] ids = allowed.stream().toArray();
                int id = ids[random.nextInt(ids.length)];
                text.append(new String(masker.vocabulary().bytes(id), StandardCharsets.ISO_8859_1));
                constraint.advance(id);
            }
            assertThat(constraint.canEnd()).as("budget %d: %s", budget, text).isTrue();
        }
    }
}

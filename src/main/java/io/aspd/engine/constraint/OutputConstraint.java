package io.aspd.engine.constraint;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a request asks of its output ({@code response_format} json_schema / json_object, or tools with a
 * {@code tool_choice}), compiled once per request; {@link #newConstraint} gives each choice or branch a fresh state.
 */
public final class OutputConstraint {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final TokenMasker masker;
    private final AutomatonState start;
    private final List<String> ignoredKeywords;

    private OutputConstraint(TokenMasker masker, AutomatonState start, List<String> ignoredKeywords) {
        this.masker = masker;
        this.start = start;
        this.ignoredKeywords = List.copyOf(ignoredKeywords);
    }

    /**
     * A JSON document valid against {@code schema}.
     *
     * @throws UnsupportedSchemaKeywordException when {@code strict} and the schema uses a keyword not enforced
     * @throws SchemaException when the schema is malformed or has no finite document
     */
    public static OutputConstraint jsonSchema(TokenMasker masker, JsonNode schema, boolean strict) {
        JsonGrammar grammar = SchemaCompiler.compile(schema, strict);
        return new OutputConstraint(masker, grammar.start(), grammar.ignoredKeywords());
    }

    /** Any JSON object. */
    public static OutputConstraint jsonObject(TokenMasker masker) {
        return new OutputConstraint(masker, SchemaCompiler.anyObject().start(), List.of());
    }

    /**
     * Tool calls in {@code format}: each call's object is {@code {"name": <a declared name>, "arguments": <that
     * tool's parameters>}} (both keys required, in either order, nothing else).
     *
     * @param parallel whether several calls may follow one another in one turn
     * @throws IllegalArgumentException when {@code choice} names a tool that is not declared, or no tool is declared
     */
    public static OutputConstraint toolCalls(TokenMasker masker, List<ToolDefinition> tools, ToolChoice choice,
            boolean parallel, ToolCallFormat format) {
        List<ToolDefinition> callable = tools.stream()
                .filter(t -> choice.mode() != ToolChoice.Mode.NAMED || t.name().equals(choice.forcedName())).toList();
        if (callable.isEmpty()) {
            throw new IllegalArgumentException(choice.mode() == ToolChoice.Mode.NAMED
                    ? "tool_choice names '" + choice.forcedName() + "', which is not a declared tool"
                    : "no tools are declared");
        }
        SchemaCompiler compiler = new SchemaCompiler(SchemaCompiler.DEFAULT_MAX_WHITESPACE);
        int[] envelopes = new int[callable.size()];
        for (int i = 0; i < envelopes.length; i++) {
            ToolDefinition tool = callable.get(i);
            JsonNode parameters = tool.parameters() != null ? tool.parameters()
                    : MAPPER.readTree("{\"type\":\"object\",\"additionalProperties\":false}");
            int arguments = compiler.addSchema(parameters, tool.strict(), "tools[" + tool.name() + "].parameters");
            int name = compiler.addConst(MAPPER.getNodeFactory().stringNode(tool.name()));
            envelopes[i] = compiler.addClosedObject(new String[] {"name", "arguments"}, new int[] {name, arguments});
        }
        JsonGrammar envelope = compiler.build(compiler.addAnyOf(envelopes));
        ToolCallState.Spec spec = ToolCallState.Spec.of(format, envelope, parallel);
        ToolCallState.Phase first = choice.mode() == ToolChoice.Mode.AUTO ? ToolCallState.Phase.FREE
                : ToolCallState.Phase.OPEN;
        return new OutputConstraint(masker, new ToolCallState(spec, first, 0, null), envelope.ignoredKeywords());
    }

    /** Keywords left out (non-strict schemas only), as {@code where#pointer: keyword}. */
    public List<String> ignoredKeywords() {
        return ignoredKeywords;
    }

    /** A fresh constraint for one choice or branch that may write at most {@code maxTokens} more tokens. */
    public TokenConstraint newConstraint(int maxTokens) {
        return new AutomatonConstraint(masker, start, maxTokens);
    }

    /** The fewest tokens a complete output can take (a budget below it cannot be met). */
    public int minTokens() {
        return start.minBytesToEnd();
    }

    /** Same as {@link #newConstraint} with no token budget. */
    public TokenConstraint newConstraint() {
        return newConstraint(Integer.MAX_VALUE);
    }
}

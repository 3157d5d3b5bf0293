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
        JsonGrammar envelope = envelope(tools, choice);
        ToolCallState.Spec spec = ToolCallState.Spec.of(format, envelope, parallel);
        ToolCallState.Phase first = choice.mode() == ToolChoice.Mode.AUTO ? ToolCallState.Phase.FREE
                : ToolCallState.Phase.OPEN;
        return new OutputConstraint(masker, new ToolCallState(spec, first, 0, null), envelope.ignoredKeywords());
    }

    /**
     * Tool calls as {@link #toolCalls}, or instead an answer under {@code answer} (a JSON {@code response_format}):
     * with {@code tool_choice} auto the output either opens with a call (and is calls only) or is, as a whole, a
     * document of {@code answer}; no free text precedes a call. A forced choice (required, named) makes the output
     * calls only, as {@link #toolCalls} does: the answer format is for a later turn.
     */
    public static OutputConstraint toolCallsOrAnswer(TokenMasker masker, List<ToolDefinition> tools,
            ToolChoice choice, boolean parallel, ToolCallFormat format, OutputConstraint answer) {
        if (choice.mode() != ToolChoice.Mode.AUTO) {
            return toolCalls(masker, tools, choice, parallel, format);
        }
        JsonGrammar envelope = envelope(tools, choice);
        ToolCallState call = new ToolCallState(ToolCallState.Spec.of(format, envelope, parallel),
                ToolCallState.Phase.OPEN, 0, null);
        List<String> ignored = new ArrayList<>(envelope.ignoredKeywords());
        ignored.addAll(answer.ignoredKeywords());
        return new OutputConstraint(masker, EitherState.of(call, answer.start), ignored);
    }

    /** The grammar of one call's object over the tools {@code choice} lets the model call. */
    private static JsonGrammar envelope(List<ToolDefinition> tools, ToolChoice choice) {
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
        return compiler.build(compiler.addAnyOf(envelopes));
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

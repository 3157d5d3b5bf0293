package io.aspd.api;

import io.aspd.engine.constraint.OutputConstraint;
import io.aspd.engine.constraint.SchemaException;
import io.aspd.engine.constraint.TokenMasker;
import io.aspd.engine.constraint.ToolCallFormat;
import io.aspd.engine.constraint.ToolChoice;
import io.aspd.engine.constraint.ToolDefinition;
import io.aspd.engine.constraint.UnsupportedSchemaKeywordException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a chat request asks of the shape of its answer: OpenAI's {@code tools}, {@code tool_choice},
 * {@code parallel_tool_calls} and {@code response_format}, checked (each mistake a 400 naming the parameter) and
 * compiled into the engine's {@link OutputConstraint}, so that a tool call or JSON answer is valid by construction.
 * Tool calls are written in the served model's call syntax (its {@link ToolCallFormat}, Hermes/Qwen2.5's by default).
 *
 * <p>Tools together with a JSON {@code response_format}: as OpenAI, the turn is either tool calls or the JSON answer.
 * With {@code tool_choice} auto the model chooses at its first token (a call, or a document valid against the format;
 * no free text before a call); with required or a named tool the turn is calls only, the format being for the answer
 * of a later turn; with none the answer is the JSON document.
 */
final class ChatOutputOptions {
    /** OpenAI's rule for function names. */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private enum Format { TEXT, JSON_OBJECT, JSON_SCHEMA }

    private final List<ToolDefinition> tools;
    private final List<Map<String, Object>> templateTools;
    /** Null for {@code tool_choice: none} (or no tools): the answer is text. */
    private final ToolChoice choice;
    private final boolean parallel;
    private final Format format;
    private final JsonNode schema;
    private final boolean strictSchema;

    private ChatOutputOptions(List<ToolDefinition> tools, List<Map<String, Object>> templateTools, ToolChoice choice,
            boolean parallel, Format format, JsonNode schema, boolean strictSchema) {
        this.tools = tools;
        this.templateTools = templateTools;
        this.choice = choice;
        this.parallel = parallel;
        this.format = format;
        this.schema = schema;
        this.strictSchema = strictSchema;
    }

    static ChatOutputOptions of(ChatCompletionRequest chat) {
        List<ToolDefinition> tools = tools(chat.tools());
        ToolChoice choice = choice(chat.toolChoice(), tools);
        boolean parallel = !Boolean.FALSE.equals(chat.parallelToolCalls());
        JsonNode format = chat.responseFormat();
        Format kind = Format.TEXT;
        JsonNode schema = null;
        boolean strict = false;
        if (!JsonParams.absent(format)) {
            JsonNode type = format.get("type");
            if (!format.isObject() || type == null || !type.isString()) {
                throw ApiException.invalidType("response_format",
                        "Invalid type for 'response_format': expected an object with a string 'type'.");
            }
            switch (type.asString()) {
                case "text" -> { }
                case "json_object" -> kind = Format.JSON_OBJECT;
                case "json_schema" -> {
                    kind = Format.JSON_SCHEMA;
                    JsonNode jsonSchema = format.get("json_schema");
                    if (jsonSchema == null || !jsonSchema.isObject()) {
                        throw ApiException.invalid("response_format.json_schema",
                                "Missing required parameter: 'response_format.json_schema'.");
                    }
                    JsonNode name = jsonSchema.get("name");
                    if (name == null || !name.isString() || !FUNCTION_NAME.matcher(name.asString()).matches()) {
                        throw ApiException.invalid("response_format.json_schema.name", "'response_format.json_schema"
                                + ".name' must be a string of letters, digits, '_' or '-' (at most 64).");
                    }
                    schema = jsonSchema.get("schema");
                    if (JsonParams.absent(schema)) {
                        schema = MAPPER.createObjectNode();
                    } else if (!schema.isObject()) {
                        throw ApiException.invalidType("response_format.json_schema.schema",
                                "Invalid type for 'response_format.json_schema.schema': expected an object.");
                    }
                    strict = flag(jsonSchema.get("strict"), "response_format.json_schema.strict");
                }
                default -> throw ApiException.invalid("response_format.type", "Invalid value for"
                        + " 'response_format.type': '" + type.asString() + "'. Use text, json_object or json_schema.");
            }
        }
        return new ChatOutputOptions(tools, templateTools(chat.tools()), choice, parallel, kind, schema, strict);
    }

    /** The tools as the chat template gets them (empty for none). */
    List<Map<String, Object>> templateTools() {
        return templateTools;
    }

    /**
     * A request's {@code tools} checked as a chat request's are (each mistake a 400 naming the parameter) and as the
     * chat template gets them: for {@code /tokenize}, which must count what the chat endpoint prompts with.
     */
    static List<Map<String, Object>> checkedTemplateTools(JsonNode tools) {
        tools(tools);
        return templateTools(tools);
    }

    /** Whether the answer is to be read as tool calls (tools given and tool_choice not none). */
    boolean callsTools() {
        return choice != null;
    }

    /**
     * Whether free text may precede the calls; false when the answer is either calls or, as a whole, a JSON document
     * (tools with tool_choice auto and a JSON response_format), whose strings may contain a call marker.
     */
    boolean textBeforeCalls() {
        return format == Format.TEXT;
    }

    /**
     * The engine constraint over {@code masker}'s vocabulary, with calls in {@code callFormat}, or null when the
     * answer is free text.
     *
     * @throws ApiException 400 for a schema that is malformed, or strict and using a keyword that cannot be enforced
     */
    OutputConstraint constraint(TokenMasker masker, ToolCallFormat callFormat) {
        OutputConstraint answer;
        try {
            answer = switch (format) {
                case TEXT -> null;
                case JSON_OBJECT -> OutputConstraint.jsonObject(masker);
                case JSON_SCHEMA -> OutputConstraint.jsonSchema(masker, schema, strictSchema);
            };
        } catch (SchemaException e) {
            throw schemaError("response_format.json_schema.schema", e);
        }
        if (choice == null) {
            return answer;
        }
        try {
            return answer == null ? OutputConstraint.toolCalls(masker, tools, choice, parallel, callFormat)
                    : OutputConstraint.toolCallsOrAnswer(masker, tools, choice, parallel, callFormat, answer);
        } catch (SchemaException e) {
            throw schemaError("tools", e);
        }
    }

    private static ApiException schemaError(String param, SchemaException e) {
        if (e instanceof UnsupportedSchemaKeywordException unsupported) {
            return ApiException.invalid(param, "Unsupported JSON Schema keyword '" + unsupported.keyword() + "' with"
                    + " strict: true: " + e.getMessage() + ". Remove it, or set strict to false to have it ignored.");
        }
        return ApiException.invalid(param, "Invalid JSON Schema in '" + param + "': " + e.getMessage());
    }

    private static List<ToolDefinition> tools(JsonNode tools) {
        if (JsonParams.absent(tools)) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw ApiException.invalidType("tools", "Invalid type for 'tools': expected an array of tools.");
        }
        List<ToolDefinition> definitions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            String param = "tools[" + i + "]";
            JsonNode tool = tools.get(i);
            JsonNode type = tool.get("type");
            if (!tool.isObject() || type == null || !"function".equals(type.asString())) {
                throw ApiException.invalid(param + ".type", "Invalid value for '" + param + ".type': only tools of"
                        + " type 'function' are supported.");
            }
            JsonNode function = tool.get("function");
            if (function == null || !function.isObject()) {
                throw ApiException.invalid(param + ".function", "Missing required parameter: '" + param
                        + ".function'.");
            }
            JsonNode name = function.get("name");
            if (name == null || !name.isString() || !FUNCTION_NAME.matcher(name.asString()).matches()) {
                throw ApiException.invalid(param + ".function.name", "'" + param + ".function.name' must be a string"
                        + " of letters, digits, '_' or '-' (at most 64).");
            }
            if (!names.add(name.asString())) {
                throw ApiException.invalid(param + ".function.name", "Tool names must be unique: '"
                        + name.asString() + "' is declared twice.");
            }
            JsonNode parameters = function.get("parameters");
            if (!JsonParams.absent(parameters) && !parameters.isObject()) {
                throw ApiException.invalidType(param + ".function.parameters", "Invalid type for '" + param
                        + ".function.parameters': expected a JSON Schema object.");
            }
            boolean strict = flag(function.get("strict"), param + ".function.strict");
            definitions.add(new ToolDefinition(name.asString(), JsonParams.absent(parameters) ? null : parameters,
                    strict));
        }
        return List.copyOf(definitions);
    }

    /** The tool choice, or null when the answer is text ({@code none}, or no tools and no choice). */
    private static ToolChoice choice(JsonNode choice, List<ToolDefinition> tools) {
        if (JsonParams.absent(choice)) {
            return tools.isEmpty() ? null : ToolChoice.auto();
        }
        ToolChoice parsed;
        if (choice.isString()) {
            parsed = switch (choice.asString()) {
                case "none" -> null;
                case "auto" -> tools.isEmpty() ? null : ToolChoice.auto();
                case "required" -> ToolChoice.required();
                default -> throw ApiException.invalid("tool_choice", "Invalid value for 'tool_choice': '"
                        + choice.asString() + "'. Use none, auto, required or {\"type\": \"function\", \"function\":"
                        + " {\"name\": ...}}.");
            };
        } else {
            JsonNode name = choice.path("function").get("name");
            if (!choice.isObject() || !"function".equals(choice.path("type").asString()) || name == null
                    || !name.isString()) {
                throw ApiException.invalid("tool_choice", "Invalid value for 'tool_choice': expected none, auto,"
                        + " required or {\"type\": \"function\", \"function\": {\"name\": ...}}.");
            }
            if (tools.stream().noneMatch(t -> t.name().equals(name.asString()))) {
                throw ApiException.invalid("tool_choice", "Invalid value for 'tool_choice': no tool named '"
                        + name.asString() + "' is declared in 'tools'.");
            }
            parsed = ToolChoice.named(name.asString());
        }
        if (parsed != null && tools.isEmpty()) {
            throw ApiException.invalid("tool_choice",
                    "'tool_choice' is only allowed when 'tools' are specified.");
        }
        return parsed;
    }

    private static boolean flag(JsonNode value, String param) {
        if (JsonParams.absent(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.invalidType(param, "Invalid type for '" + param + "': expected a boolean.");
        }
        return value.booleanValue();
    }

    private static List<Map<String, Object>> templateTools(JsonNode tools) {
        if (JsonParams.absent(tools)) {
            return List.of();
        }
        return MAPPER.convertValue(tools, new TypeReference<List<Map<String, Object>>>() { });
    }
}

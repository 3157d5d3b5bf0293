package io.aspd.train.corpus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

/**
 * One function call in a tool dialog: its id (which the tool message answering it names), the tool, and the
 * arguments in the order of the tool's schema. Every argument of the corpus toolset is a string.
 */
public record ToolInvocation(String id, String name, Map<String, String> arguments) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ToolInvocation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /** The arguments as OpenAI sends {@code function.arguments}: compact JSON text. */
    public String argumentsJson() {
        return JSON.writeValueAsString(arguments);
    }
}

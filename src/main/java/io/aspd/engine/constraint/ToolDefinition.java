package io.aspd.engine.constraint;

import tools.jackson.databind.JsonNode;

/**
 * A declared function tool: its name and its parameters' JSON Schema (null means no parameters: the arguments are
 * {@code {}}). {@code strict}: an unsupported keyword in the schema is an error rather than left out.
 */
public record ToolDefinition(String name, JsonNode parameters, boolean strict) {
    public ToolDefinition {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a tool needs a name");
        }
    }
}

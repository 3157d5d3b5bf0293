package io.aspd.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aspd.engine.constraint.ToolCallParser;
import java.security.SecureRandom;

/**
 * A tool call on OpenAI's wire: in a message {@code {id, type: "function", function: {name, arguments}}}; in a stream
 * the first delta of a call adds its {@code index}, and later deltas carry only the index and a piece of the arguments.
 *
 * @param index the call's place among the choice's calls (stream deltas only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatToolCall(Integer index, String id, String type, Function function) {
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code arguments} is the JSON text of the arguments, as OpenAI sends it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(String name, String arguments) {
    }

    /** A whole call of a message, with a fresh id. */
    static ChatToolCall of(ToolCallParser.ToolCall call) {
        return new ChatToolCall(null, newId(), "function", new Function(call.name(), call.argumentsJson()));
    }

    /** OpenAI's id shape: {@code call_} and 24 letters and digits. */
    static String newId() {
        StringBuilder id = new StringBuilder("call_");
        for (int i = 0; i < 24; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}

package io.aspd.train.corpus;

import java.util.List;
import java.util.Objects;

/**
 * A message of a record's history or tool exchange: a user or assistant text, an assistant turn of tool calls
 * (content null, as on OpenAI's wire), or a tool result answering the call {@code toolCallId}.
 */
public record DialogTurn(String role, String content, List<ToolInvocation> calls, String toolCallId) {

    public DialogTurn {
        Objects.requireNonNull(role, "role");
        calls = List.copyOf(calls);
        if ((content == null) != !calls.isEmpty()) {
            throw new IllegalArgumentException("a turn has either text or tool calls: " + role);
        }
        if (role.equals("tool") != (toolCallId != null)) {
            throw new IllegalArgumentException("exactly the tool messages name the call they answer");
        }
        if (content != null) {
            Answer.requireNoMarkup(content);
        }
    }

    public static DialogTurn user(String content) {
        return new DialogTurn("user", content, List.of(), null);
    }

    /** A previous assistant answer, as the client sends it back: the plain text the user read. */
    public static DialogTurn assistant(String content) {
        return new DialogTurn("assistant", content, List.of(), null);
    }

    public static DialogTurn calls(List<ToolInvocation> calls) {
        return new DialogTurn("assistant", null, calls, null);
    }

    public static DialogTurn toolResult(ToolInvocation call, String result) {
        return new DialogTurn("tool", result, List.of(), call.id());
    }
}

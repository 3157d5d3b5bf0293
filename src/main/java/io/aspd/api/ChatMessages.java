package io.aspd.api;

import io.aspd.model.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** OpenAI chat messages checked and turned into what the chat template renders. */
final class ChatMessages {
    private ChatMessages() {
    }

    /** The conversation as the chat template sees it; OpenAI's {@code developer} role is a system message. */
    static List<ChatMessage> of(List<ChatCompletionRequest.Message> messages) {
        if (messages == null) {
            throw ApiException.invalid("messages", "Missing required parameter: 'messages'.");
        }
        if (messages.isEmpty()) {
            throw ApiException.invalid("messages", "'messages' must contain at least one message.");
        }
        List<ChatMessage> conversation = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            conversation.add(toChatMessage(messages.get(i), "messages[" + i + "]"));
        }
        return conversation;
    }

    private static ChatMessage toChatMessage(ChatCompletionRequest.Message message, String param) {
        if (message == null) {
            throw ApiException.invalidType(param, "Invalid type for '" + param + "': expected an object, but got null.");
        }
        if (message.role() == null) {
            throw ApiException.invalid(param + ".role", "Missing required parameter: '" + param + ".role'.");
        }
        String role = message.role().toLowerCase(Locale.ROOT);
        switch (role) {
            case "system", "user" -> {
            }
            case "developer" -> role = "system";
            case "assistant" -> {
                if (!JsonParams.absent(message.toolCalls())) {
                    List<ChatMessage.ToolCall> calls = toolCalls(message.toolCalls(), param + ".tool_calls");
                    String content = JsonParams.absent(message.content()) ? null
                            : text(message.content(), param + ".content");
                    return calls.isEmpty() ? new ChatMessage(role, content == null ? "" : content)
                            : ChatMessage.assistantToolCalls(content, calls);
                }
            }
            case "tool" -> {
                if (message.toolCallId() == null) {
                    throw ApiException.invalid(param + ".tool_call_id",
                            "Missing required parameter: '" + param + ".tool_call_id'.");
                }
                return ChatMessage.toolResult(message.toolCallId(), message.name(),
                        text(message.content(), param + ".content"));
            }
            case "function" -> throw ApiException.unsupported(param + ".role",
                    "Messages with role 'function' (deprecated) are not supported: use role 'tool'.");
            default -> throw ApiException.invalid(param + ".role", "Invalid value for '" + param + ".role': '"
                    + message.role() + "'. Supported roles: system, developer, user, assistant, tool.");
        }
        JsonParams.rejectIfNotEmpty(message.toolCalls(), param + ".tool_calls", "only assistant messages make tool calls");
        return new ChatMessage(role, text(message.content(), param + ".content"));
    }

    /** OpenAI's {@code tool_calls} of an assistant message: {@code {id, type: "function", function: {name, arguments}}}. */
    private static List<ChatMessage.ToolCall> toolCalls(JsonNode calls, String param) {
        if (!calls.isArray()) {
            throw ApiException.invalidType(param, "Invalid type for '" + param + "': expected an array of tool calls.");
        }
        List<ChatMessage.ToolCall> result = new ArrayList<>(calls.size());
        for (int j = 0; j < calls.size(); j++) {
            String callParam = param + "[" + j + "]";
            JsonNode call = calls.get(j);
            JsonNode function = call.get("function");
            if (!call.isObject() || function == null || !function.isObject()) {
                throw ApiException.invalid(callParam + ".function",
                        "Missing required parameter: '" + callParam + ".function'.");
            }
            JsonNode type = call.get("type");
            if (type != null && !"function".equals(type.asString())) {
                throw ApiException.invalid(callParam + ".type", "Invalid value for '" + callParam + ".type': only"
                        + " 'function' calls are supported.");
            }
            JsonNode name = function.get("name");
            JsonNode arguments = function.get("arguments");
            if (name == null || !name.isString()) {
                throw ApiException.invalid(callParam + ".function.name",
                        "Missing required parameter: '" + callParam + ".function.name'.");
            }
            if (arguments == null || !arguments.isString()) {
                throw ApiException.invalidType(callParam + ".function.arguments", "Invalid type for '" + callParam
                        + ".function.arguments': expected a string of JSON.");
            }
            JsonNode id = call.get("id");
            result.add(new ChatMessage.ToolCall(id != null && id.isString() ? id.asString() : null, name.asString(),
                    arguments.asString()));
        }
        return result;
    }

    /** A string, or the text parts of an array joined by newlines (as vLLM does); other part types are rejected. */
    private static String text(JsonNode content, String param) {
        if (JsonParams.absent(content)) {
            throw ApiException.invalid(param, "Missing required parameter: '" + param + "'.");
        }
        if (content.isString()) {
            return content.asString();
        }
        if (!content.isArray()) {
            throw ApiException.invalidType(param, "Invalid type for '" + param
                    + "': expected a string or an array of content parts, but got " + JsonParams.describe(content) + ".");
        }
        List<String> texts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            String partParam = param + "[" + j + "]";
            JsonNode part = content.get(j);
            JsonNode type = part.get("type");
            if (!part.isObject() || type == null || !type.isString()) {
                throw ApiException.invalidType(partParam,
                        "Invalid content part '" + partParam + "': expected an object with a string 'type'.");
            }
            if (!"text".equals(type.asString())) {
                throw ApiException.unsupported(partParam + ".type", "Content parts of type '" + type.asString()
                        + "' are not supported: this model reads text only.");
            }
            JsonNode text = part.get("text");
            if (text == null || !text.isString()) {
                throw ApiException.invalidType(partParam + ".text",
                        "Invalid type for '" + partParam + ".text': expected a string.");
            }
            texts.add(text.asString());
        }
        return String.join("\n", texts);
    }
}

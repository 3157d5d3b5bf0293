package io.aspd.model;

import java.util.Objects;

/** One message of a conversation, as chat templates see it. */
public record ChatMessage(String role, String content) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}

package io.aspd.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Builds chat JSONL lines for tests. */
final class ChatLines {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String TIPS = "Here are a few ways to sleep better:\n- Keep a fixed bedtime, even at weekends.\n"
            + "- Avoid caffeine after two in the afternoon.\n- Keep the bedroom cool and dark.\n\nSleep well!";
    static final String PROSE = "The capital of France is Paris.";
    static final String PROCEDURE = "Follow these steps:\n1. Download the installer.\n2. Run it and accept the licence.";

    private ChatLines() {
    }

    /** A record with a user question and the given answer, plus an id field the tool must keep. */
    static String chat(String id, String question, String answer) {
        return JSON.writeValueAsString(Map.of("id", id, "messages", List.of(
                Map.of("role", "user", "content", question), Map.of("role", "assistant", "content", answer))));
    }

    /** A record with a system prompt and earlier turns. */
    static String multiTurn(String system, String... turns) {
        List<Map<String, String>> messages = new ArrayList<>();
        messages.add(Map.of("role", "system", "content", system));
        for (int i = 0; i < turns.length; i++) {
            messages.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content", turns[i]));
        }
        return JSON.writeValueAsString(Map.of("messages", messages));
    }
}

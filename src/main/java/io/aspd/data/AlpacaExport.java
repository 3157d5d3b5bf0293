package io.aspd.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the Alpaca-style JSON array that LLaMA-Factory (the official ASPD training recipe) reads, from the chat JSONL
 * output of a run (all of it, so a resumed run exports everything). One element per record:
 * {@code {"instruction": last user message, "input": "", "output": the answer (ASPD markup where converted),
 * "system": system message or "", "history": [[user, assistant], ...] earlier turns}}.
 * Only conversations that Alpaca can express are exported: an optional system message, then user and assistant turns in
 * strict alternation ending with the answer. Others are counted and skipped. The array is written to a temporary file and
 * moved into place, so a reader never sees half of it.
 */
final class AlpacaExport {

    /** How many records were exported, and the output line numbers of those skipped. */
    record Result(long exported, List<Integer> skippedLines) {
    }

    private AlpacaExport() {
    }

    static Result write(Path chatJsonl, Path alpaca) {
        Path temporary = alpaca.resolveSibling(alpaca.getFileName() + ".tmp");
        long exported = 0;
        List<Integer> skipped = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(chatJsonl, StandardCharsets.UTF_8);
             Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            out.write("[");
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                Optional<ObjectNode> element = toAlpaca(Jsonl.MAPPER.readTree(line));
                if (element.isEmpty()) {
                    skipped.add(number);
                    continue;
                }
                out.write(exported == 0 ? "\n" : ",\n");
                out.write(Jsonl.MAPPER.writeValueAsString(element.get()));
                exported++;
            }
            out.write("\n]\n");
        } catch (IOException e) {
            throw new DataException("cannot write Alpaca file " + alpaca + ": " + e, e);
        }
        try {
            Files.move(temporary, alpaca, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException("cannot move " + temporary + " to " + alpaca + ": " + e, e);
        }
        return new Result(exported, skipped);
    }

    static Optional<ObjectNode> toAlpaca(JsonNode record) {
        JsonNode messages = record.path("messages");
        int first = 0;
        String system = "";
        if (messages.size() > 0 && "system".equals(role(messages.get(0)))) {
            system = messages.get(0).path("content").asString("");
            first = 1;
        }
        int turns = messages.size() - first;
        if (turns < 2 || turns % 2 != 0) {
            return Optional.empty();
        }
        ObjectNode element = Jsonl.MAPPER.createObjectNode();
        ArrayNode history = Jsonl.MAPPER.createArrayNode();
        for (int i = first; i < messages.size(); i += 2) {
            JsonNode user = messages.get(i);
            JsonNode assistant = messages.get(i + 1);
            if (!"user".equals(role(user)) || !"assistant".equals(role(assistant))
                    || !user.path("content").isString() || !assistant.path("content").isString()) {
                return Optional.empty();
            }
            if (i + 2 < messages.size()) {
                history.addArray().add(user.get("content").stringValue()).add(assistant.get("content").stringValue());
            } else {
                element.put("instruction", user.get("content").stringValue());
                element.put("input", "");
                element.put("output", assistant.get("content").stringValue());
            }
        }
        element.put("system", system);
        element.set("history", history);
        return Optional.of(element);
    }

    private static String role(JsonNode message) {
        return message.path("role").asString("");
    }
}

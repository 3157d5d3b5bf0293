package io.aspd.serving;

import io.aspd.engine.InferenceEngine;
import io.aspd.engine.constraint.TokenMasker;
import io.aspd.engine.constraint.ToolCallFormat;
import io.aspd.model.ChatMessage;
import io.aspd.model.ChatTemplate;
import io.aspd.model.SamplingDefaults;
import io.aspd.model.TextTokenizer;
import java.util.List;
import java.util.Map;

/**
 * The model the server answers with, once loaded and warmed up: its id, tokenizer, chat template and the engine that
 * decodes with it.
 *
 * @param id            the model id of the API
 * @param created       when it was loaded, in epoch seconds (the {@code created} of {@code /v1/models})
 * @param contextLength prompt + completion tokens one generation may use
 * @param systemFingerprint the {@code system_fingerprint} of every answer: model id and server version
 * @param tokenMasker   the model's vocabulary as token masks, for output constraints (JSON, tool calls)
 * @param toolCallFormat the markers around the model's tool calls ({@code aspd.model.tool-call.*})
 * @param samplingDefaults the sampling a request that leaves a parameter out gets (the model folder's
 *                      {@code generation_config.json}, unless {@code aspd.model.generation-config} is false)
 */
public record ServedModel(String id, long created, TextTokenizer tokenizer, ChatTemplate chatTemplate,
                          InferenceEngine engine, int contextLength, String systemFingerprint, TokenMasker tokenMasker,
                          ToolCallFormat toolCallFormat, SamplingDefaults samplingDefaults) {

    /** Renders a conversation with the model's chat template, ready for the assistant's answer. */
    public int[] chatPrompt(List<ChatMessage> messages) {
        return chatPrompt(messages, List.of());
    }

    /**
     * Renders a conversation and the request's tools (OpenAI's {@code tools} entries as plain Java values; empty for
     * none) with the model's chat template, or its tool-calling fallback, ready for the assistant's answer.
     */
    public int[] chatPrompt(List<ChatMessage> messages, List<Map<String, Object>> tools) {
        return chatPrompt(messages, tools, true);
    }

    /**
     * The prompt of {@link #chatPrompt(List, List)}, with the opening of the assistant's turn only when
     * {@code addGenerationPrompt}: the one way conversations become tokens (chat completions, {@code /tokenize}).
     */
    public int[] chatPrompt(List<ChatMessage> messages, List<Map<String, Object>> tools, boolean addGenerationPrompt) {
        return tokenizer.encode(chatTemplate.render(messages, tools, addGenerationPrompt,
                Map.of(ChatTemplate.TOOL_CALL_OPEN_ARGUMENT, toolCallFormat.open(),
                        ChatTemplate.TOOL_CALL_CLOSE_ARGUMENT, toolCallFormat.close())));
    }

    /** The size of a logits row: token ids at or above it do not exist. */
    public int vocabularySize() {
        return engine.vocabulary().logitsSize();
    }
}

package io.aspd.data.llm;

/** A chat model behind some endpoint. Implementations must be thread-safe: records are converted concurrently. */
public interface ChatModel {
    /**
     * The assistant's reply text.
     *
     * @throws EndpointException when no reply could be obtained (after any retries)
     */
    String complete(ChatPrompt prompt);
}

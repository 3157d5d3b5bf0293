package io.aspd.train;

import io.aspd.markup.AspdMarkupParser;
import io.aspd.model.ChatMessage;
import io.aspd.model.ChatTemplate;
import io.aspd.model.TextTokenizer;
import java.util.List;

/**
 * Encodes a conversation exactly as the server will see it: the prompt is the chat template rendered over every
 * message but the last with the generation prompt, tokenized on its own (as the server tokenizes a request); the
 * answer is the last (assistant) message in ASPD markup plus the EOS token, tokenized on its own (as the model writes
 * it). In {@code plain} mode the answer's markup is rendered away first: the serial-only baseline learns the same
 * text without the structure.
 */
public final class ExampleEncoder {
    private final ChatTemplate template;
    private final TextTokenizer tokenizer;
    private final String eos;
    private final boolean plain;

    public ExampleEncoder(ChatTemplate template, TextTokenizer tokenizer, String eos, boolean plain) {
        this.template = template;
        this.tokenizer = tokenizer;
        this.eos = eos;
        this.plain = plain;
    }

    public TrainingExample encode(List<ChatMessage> conversation) {
        ChatMessage answer = conversation.get(conversation.size() - 1);
        if (!answer.role().equals("assistant")) {
            throw new IllegalArgumentException("the last message must be the assistant's answer");
        }
        String prompt = template.render(conversation.subList(0, conversation.size() - 1), true);
        String target = plain ? AspdMarkupParser.parse(answer.content()).render() : answer.content();
        int[] promptTokens = tokenizer.encode(prompt);
        int[] answerTokens = tokenizer.encode(target + eos);
        int[] tokens = new int[promptTokens.length + answerTokens.length];
        System.arraycopy(promptTokens, 0, tokens, 0, promptTokens.length);
        System.arraycopy(answerTokens, 0, tokens, promptTokens.length, answerTokens.length);
        return new TrainingExample(tokens, promptTokens.length);
    }
}

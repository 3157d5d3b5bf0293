package io.aspd.train;

import io.aspd.markup.AspdMarkupParser;
import io.aspd.model.ChatMessage;
import io.aspd.model.ChatTemplate;
import io.aspd.model.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes a conversation exactly as the server will see it. The prompt is the chat template rendered over every
 * message but the last, with the conversation's tools and the generation prompt, tokenized on its own (as the server
 * tokenizes a request). The target is exactly what the template renders for the last (assistant) turn, then EOS:
 * the whole conversation rendered without the generation prompt must extend the prompt; the difference, less what
 * the template writes after every turn's text (ChatML's {@code <|im_end|>\n}, found with a probe turn), is the turn,
 * and EOS is where the model stops. So an answer is its ASPD markup plus EOS, and a tool-call turn is byte for byte the
 * {@code <tool_call>} text that the server's tool-call parser reads and its constrained decoding forces. In
 * {@code plain} mode the answer's markup is rendered away first: the serial-only baseline learns the same text
 * without the structure.
 */
public final class ExampleEncoder {
    private final ChatTemplate template;
    private final TextTokenizer tokenizer;
    private final String eos;
    private final boolean plain;

    /** A stand-in answer that shows what the template writes around an assistant turn's text. */
    private static final String PROBE = "probe";

    public ExampleEncoder(ChatTemplate template, TextTokenizer tokenizer, String eos, boolean plain) {
        this.template = template;
        this.tokenizer = tokenizer;
        this.eos = eos;
        this.plain = plain;
    }

    /** The text of an encoded conversation: the prompt, and the target (the last turn through EOS). */
    record Rendered(String prompt, String target) {
    }

    public TrainingExample encode(ChatConversation conversation) {
        Rendered rendered = render(conversation);
        int[] promptTokens = tokenizer.encode(rendered.prompt());
        int[] answerTokens = tokenizer.encode(rendered.target());
        int[] tokens = new int[promptTokens.length + answerTokens.length];
        System.arraycopy(promptTokens, 0, tokens, 0, promptTokens.length);
        System.arraycopy(answerTokens, 0, tokens, promptTokens.length, answerTokens.length);
        return new TrainingExample(tokens, promptTokens.length);
    }

    Rendered render(ChatConversation conversation) {
        List<ChatMessage> messages = conversation.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        if (!last.role().equals("assistant")) {
            throw new IllegalArgumentException("the last message must be the assistant's turn");
        }
        if (plain && last.content() != null) {
            last = new ChatMessage(last.role(), AspdMarkupParser.parse(last.content()).render(), last.toolCalls(),
                    last.toolCallId(), last.name());
        }
        List<ChatMessage> context = messages.subList(0, messages.size() - 1);
        String prompt = template.render(context, conversation.tools(), true, Map.of());
        // What the template writes after a turn's text (ChatML: "<|im_end|>\n"), learnt from a probe turn.
        String probe = turn(context, new ChatMessage("assistant", PROBE), conversation.tools(), prompt);
        if (!probe.startsWith(PROBE)) {
            throw new IllegalArgumentException("the template does not render an assistant turn's text verbatim");
        }
        String endOfTurn = probe.substring(PROBE.length());
        String turn = turn(context, last, conversation.tools(), prompt);
        if (!turn.endsWith(endOfTurn)) {
            throw new IllegalArgumentException("the template ends this assistant turn unlike a text turn: " + turn);
        }
        return new Rendered(prompt, turn.substring(0, turn.length() - endOfTurn.length()) + eos);
    }

    /** The text the template renders for {@code last} after {@code context}, which must extend the prompt. */
    private String turn(List<ChatMessage> context, ChatMessage last, List<Map<String, Object>> tools, String prompt) {
        List<ChatMessage> whole = new ArrayList<>(context);
        whole.add(last);
        String rendered = template.render(whole, tools, false, Map.of());
        if (!rendered.startsWith(prompt)) {
            throw new IllegalArgumentException("the template does not render the assistant turn as a continuation"
                    + " of the generation prompt");
        }
        return rendered.substring(prompt.length());
    }
}

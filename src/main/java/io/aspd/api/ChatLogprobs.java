package io.aspd.api;

import io.aspd.engine.TokenLogprob;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OpenAI's chat {@code logprobs}: one entry per visible token, in document order, plus one for each separator between
 * two branches. An entry's {@code token} (and {@code bytes}) is the text it adds to the content, so the entries join to
 * exactly the content; alternatives keep their own token text.
 */
public record ChatLogprobs(List<Entry> content, String refusal) {

    public record Entry(String token, float logprob, List<Integer> bytes, List<Top> topLogprobs) {
    }

    public record Top(String token, float logprob, List<Integer> bytes) {
    }

    static ChatLogprobs of(List<PositionedLogprob> tokens) {
        return new ChatLogprobs(tokens.stream().map(ChatLogprobs::entry).toList(), null);
    }

    private static Entry entry(PositionedLogprob positioned) {
        TokenLogprob token = positioned.logprob();
        return new Entry(positioned.text(), LogprobValues.clamp(token.logprob()), bytes(positioned.text()),
                token.top().stream().map(a -> new Top(a.token(), LogprobValues.clamp(a.logprob()), bytes(a.token())))
                        .toList());
    }

    private static List<Integer> bytes(String token) {
        byte[] utf8 = token.getBytes(StandardCharsets.UTF_8);
        Integer[] values = new Integer[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            values[i] = utf8[i] & 0xFF;
        }
        return List.of(values);
    }
}

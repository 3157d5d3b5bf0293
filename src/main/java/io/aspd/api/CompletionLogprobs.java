package io.aspd.api;

import io.aspd.engine.TokenLogprob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy completions {@code logprobs}: parallel lists per visible token (and per separator between two branches),
 * in document order, following the same join rule as {@link ChatLogprobs}: {@code tokens} join to exactly the text;
 * {@code text_offset} is the character offset of each in the choice's text.
 */
public record CompletionLogprobs(List<String> tokens, List<Float> tokenLogprobs, List<Map<String, Float>> topLogprobs,
                                 List<Integer> textOffset) {

    static CompletionLogprobs of(List<PositionedLogprob> entries) {
        List<String> tokens = new ArrayList<>(entries.size());
        List<Float> logprobs = new ArrayList<>(entries.size());
        List<Map<String, Float>> tops = new ArrayList<>(entries.size());
        List<Integer> offsets = new ArrayList<>(entries.size());
        for (PositionedLogprob entry : entries) {
            TokenLogprob token = entry.logprob();
            tokens.add(entry.text());
            logprobs.add(LogprobValues.clamp(token.logprob()));
            Map<String, Float> top = new LinkedHashMap<>();
            token.top().forEach(a -> top.putIfAbsent(a.token(), LogprobValues.clamp(a.logprob())));
            tops.add(top);
            offsets.add(entry.textOffset());
        }
        return new CompletionLogprobs(tokens, logprobs, tops, offsets);
    }
}

package io.aspd.data.llm;

import io.aspd.data.convert.BlockLimits;
import io.aspd.data.convert.CandidateSource;
import io.aspd.data.convert.Proposals;
import io.aspd.data.convert.Rejection;
import io.aspd.data.convert.RejectionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Asks a chat model for several markups of an answer (prompts {@code rewrite-system.txt} and {@code rewrite-user.txt},
 * sampled at a temperature so the candidates differ). A reply of {@code SERIAL} means the model found nothing
 * independent. A code fence around the whole reply is removed unless the answer itself starts with one. When the
 * endpoint fails for good, the remaining candidates are not requested: the same endpoint would fail again.
 */
public final class LlmRewriter implements CandidateSource {
    private static final String FENCE = "```";

    private final ChatModel model;
    private final int candidates;
    private final double temperature;
    private final String systemPrompt;
    private final PromptTemplate userPrompt = PromptTemplate.load("rewrite-user");

    public LlmRewriter(ChatModel model, int candidates, double temperature, BlockLimits limits) {
        this.model = Objects.requireNonNull(model, "model");
        if (candidates < 1) {
            throw new IllegalArgumentException("at least one candidate per answer, got " + candidates);
        }
        this.candidates = candidates;
        this.temperature = temperature;
        this.systemPrompt = PromptTemplate.load("rewrite-system").fill(Map.of(
                "max_branches", String.valueOf(limits.maxBranches()),
                "max_title_chars", String.valueOf(limits.maxTitleChars()),
                "max_title_words", String.valueOf(limits.maxTitleWords()),
                "min_body_chars", String.valueOf(limits.minBodyChars())));
    }

    @Override
    public Proposals propose(String question, String answer) {
        ChatPrompt prompt = new ChatPrompt(systemPrompt,
                userPrompt.fill(Map.of("question", question, "answer", answer)), temperature);
        List<String> markups = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            String reply;
            try {
                reply = ReplyText.withoutReasoning(model.complete(prompt));
            } catch (EndpointException e) {
                rejections.add(new Rejection(RejectionReason.ENDPOINT_FAILED, "rewrite: " + e.getMessage()));
                break;
            }
            if (reply.strip().replaceFirst("\\.$", "").equalsIgnoreCase("SERIAL")) {
                rejections.add(new Rejection(RejectionReason.NO_CANDIDATE, "the rewriter found no independent parts"));
            } else {
                markups.add(unfenced(reply, answer));
            }
        }
        return new Proposals(markups, rejections);
    }

    private static String unfenced(String reply, String answer) {
        String stripped = reply.strip();
        if (!stripped.startsWith(FENCE) || !stripped.endsWith(FENCE) || stripped.length() < 2 * FENCE.length()
                || answer.strip().startsWith(FENCE)) {
            return reply;
        }
        int firstLineEnd = stripped.indexOf('\n');
        int closing = stripped.lastIndexOf(FENCE);
        return firstLineEnd < 0 || firstLineEnd >= closing ? reply : stripped.substring(firstLineEnd + 1, closing);
    }
}

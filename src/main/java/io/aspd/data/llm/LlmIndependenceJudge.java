package io.aspd.data.llm;

import io.aspd.data.convert.IndependenceJudge;
import io.aspd.markup.AspdDocument;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An LLM that votes on each block (prompts {@code judge-system.txt} and {@code judge-user.txt}). A block passes with at
 * least {@code threshold} of {@code votes} votes for INDEPENDENT; a reply without a readable verdict counts as a vote
 * against. Voting stops as soon as the outcome is settled, so a 3-of-3 judge stops at the first vote against.
 */
public final class LlmIndependenceJudge implements IndependenceJudge {
    private static final Pattern VERDICT = Pattern.compile("VERDICT:\\s*\\**\\s*(INDEPENDENT|DEPENDENT)\\b",
            Pattern.CASE_INSENSITIVE);

    private final ChatModel model;
    private final int votes;
    private final int threshold;
    private final double temperature;
    private final String systemPrompt = PromptTemplate.load("judge-system").fill(Map.of());
    private final PromptTemplate userPrompt = PromptTemplate.load("judge-user");

    public LlmIndependenceJudge(ChatModel model, int votes, int threshold, double temperature) {
        this.model = Objects.requireNonNull(model, "model");
        if (votes < 1 || threshold < 1 || threshold > votes) {
            throw new IllegalArgumentException("need 1 <= threshold <= votes, got " + threshold + " of " + votes);
        }
        this.votes = votes;
        this.threshold = threshold;
        this.temperature = temperature;
    }

    @Override
    public Verdict judge(String question, String precedingText, AspdDocument.Block block) {
        ChatPrompt prompt = new ChatPrompt(systemPrompt, userPrompt.fill(Map.of("question", question,
                "preceding", precedingText.isBlank() ? "(none)" : precedingText, "parts", parts(block))), temperature);
        int independent = 0;
        int cast = 0;
        while (cast < votes && independent < threshold && independent + (votes - cast) >= threshold) {
            String reply;
            try {
                reply = model.complete(prompt);
            } catch (EndpointException e) {
                throw new Unavailable(e.getMessage(), e);
            }
            cast++;
            if (saysIndependent(reply)) {
                independent++;
            }
        }
        return new Verdict(independent, cast, independent >= threshold);
    }

    /** The last verdict line of the reply decides; reasoning before it may mention both words. */
    static boolean saysIndependent(String reply) {
        Matcher m = VERDICT.matcher(ReplyText.withoutReasoning(reply));
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return "INDEPENDENT".equalsIgnoreCase(last);
    }

    private static String parts(AspdDocument.Block block) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < block.branches().size(); k++) {
            AspdDocument.Branch branch = block.branches().get(k);
            out.append("### Part ").append(k + 1).append(", titled \"").append(branch.title()).append("\"\n")
                    .append(branch.body()).append("\n\n");
        }
        return out.toString().stripTrailing();
    }
}

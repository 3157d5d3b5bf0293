package io.aspd.data.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aspd.data.convert.AnswerConverter;
import io.aspd.data.convert.BlockLimits;
import io.aspd.data.convert.CandidateScorer;
import io.aspd.data.convert.CandidateValidator;
import io.aspd.data.convert.Conversion;
import io.aspd.data.convert.Rejection;
import io.aspd.data.convert.RejectionReason;
import io.aspd.data.convert.WordPieceEstimate;
import io.aspd.markup.AspdMarkupParser;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The LLM path against a scripted OpenAI-compatible server: each candidate accepted or rejected for the right reason. */
class LlmConversionTest {
    static final String QUESTION = "How do I get to the old town?";
    static final String ANSWER = """
            Two ways:
            - By tram: line 4 stops at the market square.
            - On foot: twenty minutes along the river.
            Both are free.""";
    static final String GOOD = "Two ways:\n<|title|>Tram<|/title|><|title|>Walk<|/title|><|para|>"
            + "<|branch|>Tram: - By tram: line 4 stops at the market square.<|/branch|>"
            + "<|branch|>Walk: - On foot: twenty minutes along the river.<|/branch|><|/para|>\nBoth are free.";
    static final String MALFORMED = "Two ways:\n<|title|>Tram<|/title|><|title|>Walk<|/title|><|para|>"
            + "<|branch|>Tram: - By tram: line 4 stops at the market square.<|/branch|>"
            + "<|branch|>Foot: - On foot: twenty minutes along the river.<|/branch|><|/para|>\nBoth are free.";
    static final String TEXT_CHANGED = GOOD.replace("line 4", "line 5");
    static final BlockLimits LIMITS = new BlockLimits(10, 20, 4, 10);

    private final ScriptedChatServer server = newServer();

    private static ScriptedChatServer newServer() {
        try {
            return new ScriptedChatServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AnswerConverter converter(int candidates, int votes, int threshold, int maxAttempts, Duration timeout) {
        OpenAiChatEndpoint endpoint = new OpenAiChatEndpoint(server.settings(maxAttempts, timeout));
        return new AnswerConverter(new LlmRewriter(endpoint, candidates, 0.7, LIMITS),
                new CandidateValidator(LIMITS, Optional.of(new LlmIndependenceJudge(endpoint, votes, threshold, 0.7))),
                new CandidateScorer(new WordPieceEstimate()));
    }

    private AnswerConverter converter(int candidates) {
        return converter(candidates, 3, 3, 3, Duration.ofSeconds(5));
    }

    @Test
    void aFaithfulIndependentRewriteIsAccepted() {
        server.rewrite(GOOD).votes("INDEPENDENT", "INDEPENDENT", "INDEPENDENT");

        Conversion conversion = converter(1).convert(QUESTION, ANSWER);

        assertThat(conversion.isParallel()).isTrue();
        assertThat(conversion.trainingText()).isEqualTo(GOOD);
        assertThat(conversion.rejections()).isEmpty();
        assertThat(AspdMarkupParser.parse(conversion.trainingText()).render()).isEqualTo(ANSWER);
        assertThat(server.judgeRequests()).isEqualTo(3);
    }

    @Test
    void requestsCarryTheModelTheKeyAndBothPrompts() {
        server.rewrite(GOOD).votes("INDEPENDENT", "INDEPENDENT", "INDEPENDENT");

        converter(1).convert(QUESTION, ANSWER);

        JsonNode rewrite = server.requests().get(0);
        assertThat(rewrite.path("model").asString()).isEqualTo("test-model");
        assertThat(rewrite.path("temperature").asDouble()).isEqualTo(0.7);
        assertThat(rewrite.path("messages").path(0).path("content").asString()).contains("At most 10 parts per block");
        assertThat(rewrite.path("messages").path(1).path("content").asString()).contains(QUESTION).contains(ANSWER);
        JsonNode judge = server.requests().get(1);
        assertThat(judge.path("messages").path(1).path("content").asString())
                .contains("Text before the block:\nTwo ways:\n").contains("titled \"Walk\"\n- On foot");
        assertThat(server.authorizations()).containsOnly("Bearer secret");
    }

    @Test
    void aMalformedRewriteIsRejectedForItsFormat() {
        server.rewrite(MALFORMED);

        Conversion conversion = converter(1).convert(QUESTION, ANSWER);

        assertThat(conversion.isParallel()).isFalse();
        assertThat(conversion.trainingText()).isEqualTo(ANSWER);
        assertThat(conversion.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.FORMAT);
            assertThat(r.detail()).contains("branch must start with its title 'Walk:'");
        });
        assertThat(server.judgeRequests()).isZero();
    }

    @Test
    void aRewriteThatChangesTheTextIsRejectedForFidelity() {
        server.rewrite(TEXT_CHANGED);

        Conversion conversion = converter(1).convert(QUESTION, ANSWER);

        assertThat(conversion.trainingText()).isEqualTo(ANSWER);
        assertThat(conversion.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.FIDELITY);
            assertThat(r.detail()).contains("expected '4 stops").contains("found '5 stops");
        });
    }

    @Test
    void whitespaceDifferencesPassTheFidelityCheck() {
        String looser = GOOD.replace("<|/para|>\nBoth", "<|/para|>\n\nBoth").replace("Tram: - By", "Tram:  - By");
        server.rewrite(looser).votes("INDEPENDENT", "INDEPENDENT", "INDEPENDENT");

        assertThat(converter(1).convert(QUESTION, ANSWER).trainingText()).isEqualTo(looser);
    }

    @Test
    void aDependentBlockFailsTheJudgeAndVotingStopsAtTheFirstVoteAgainst() {
        server.rewrite(GOOD).votes("INDEPENDENT", "DEPENDENT", "INDEPENDENT");

        Conversion conversion = converter(1).convert(QUESTION, ANSWER);

        assertThat(conversion.isParallel()).isFalse();
        assertThat(conversion.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.NOT_INDEPENDENT);
            assertThat(r.detail()).contains("1 of 2 votes");
        });
        assertThat(server.judgeRequests()).isEqualTo(2);
    }

    @Test
    void aLowerThresholdAcceptsAMajority() {
        server.rewrite(GOOD).votes("DEPENDENT", "INDEPENDENT", "INDEPENDENT");

        Conversion conversion = converter(1, 3, 2, 3, Duration.ofSeconds(5)).convert(QUESTION, ANSWER);

        assertThat(conversion.isParallel()).isTrue();
        assertThat(server.judgeRequests()).isEqualTo(3);
    }

    @Test
    void anUnreadableVoteCountsAgainst() {
        assertThat(LlmIndependenceJudge.saysIndependent("They look independent to me.")).isFalse();
        assertThat(LlmIndependenceJudge.saysIndependent("Not DEPENDENT at all.\nVERDICT: **INDEPENDENT**")).isTrue();
        assertThat(LlmIndependenceJudge.saysIndependent("VERDICT: INDEPENDENT? No.\nVERDICT: DEPENDENT")).isFalse();
        assertThat(LlmIndependenceJudge.saysIndependent("<think>VERDICT: DEPENDENT</think>VERDICT: INDEPENDENT"))
                .isTrue();
    }

    @Test
    void serverErrorsAreRetriedUntilTheRewriteArrives() {
        server.rewriteFails(500, 2).rewrite(GOOD).votes("INDEPENDENT", "INDEPENDENT", "INDEPENDENT");

        Conversion conversion = converter(1).convert(QUESTION, ANSWER);

        assertThat(conversion.isParallel()).isTrue();
        assertThat(conversion.rejections()).isEmpty();
        assertThat(server.rewriteRequests()).isEqualTo(3);
    }

    @Test
    void aPermanentlyFailingEndpointKeepsTheRecordSerialAfterItsRetries() {
        server.rewriteFails(503, 10);

        Conversion conversion = converter(3).convert(QUESTION, ANSWER);

        assertThat(conversion.isParallel()).isFalse();
        assertThat(conversion.trainingText()).isEqualTo(ANSWER);
        assertThat(conversion.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.ENDPOINT_FAILED);
            assertThat(r.detail()).contains("HTTP 503").contains("(3 attempts)");
        });
        assertThat(server.rewriteRequests()).as("one candidate's attempts, then no more candidates").isEqualTo(3);
    }

    @Test
    void aSlowEndpointTimesOutAndIsRetried() {
        server.rewriteTooSlow(Duration.ofSeconds(2), 2);

        Conversion conversion = converter(1, 3, 3, 2, Duration.ofMillis(200)).convert(QUESTION, ANSWER);

        assertThat(conversion.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.ENDPOINT_FAILED);
            assertThat(r.detail()).contains("no answer within 200 ms").contains("(2 attempts)");
        });
    }

    @Test
    void clientErrorsAreNotRetried() {
        server.rewriteFails(400, 3);

        Conversion conversion = converter(1).convert(QUESTION, ANSWER);

        assertThat(conversion.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.ENDPOINT_FAILED);
        assertThat(server.rewriteRequests()).isEqualTo(1);
    }

    @Test
    void aFailingJudgeKeepsTheBlockSerial() {
        server.rewrite(GOOD).votesFail(500, 3);

        Conversion conversion = converter(1).convert(QUESTION, ANSWER);

        assertThat(conversion.isParallel()).isFalse();
        assertThat(conversion.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.ENDPOINT_FAILED);
            assertThat(r.detail()).startsWith("judge: HTTP 500");
        });
    }

    @Test
    void aSerialVerdictOfTheRewriterIsNoCandidate() {
        server.rewrite("SERIAL");

        Conversion conversion = converter(1).convert(QUESTION, ANSWER);

        assertThat(conversion.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.NO_CANDIDATE);
    }

    @Test
    void theCandidateWithTheLargestParallelShareWins() {
        String wider = GOOD.replace("river.<|/branch|><|/para|>\nBoth are free.",
                "river.\nBoth are free.<|/branch|><|/para|>");
        server.rewrite(TEXT_CHANGED).rewrite(GOOD).rewrite(wider).votes("INDEPENDENT", "INDEPENDENT", "INDEPENDENT",
                "INDEPENDENT", "INDEPENDENT", "INDEPENDENT");

        Conversion conversion = converter(3).convert(QUESTION, ANSWER);

        assertThat(conversion.trainingText()).isEqualTo(wider);
        assertThat(conversion.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.FIDELITY);
        WordPieceEstimate tokens = new WordPieceEstimate();
        double expectedShare = (double) (tokens.count("- By tram: line 4 stops at the market square.")
                + tokens.count("- On foot: twenty minutes along the river.\nBoth are free.")) / tokens.count(ANSWER);
        assertThat(conversion.score().parallelShare()).isCloseTo(expectedShare, within(1e-9));
    }

    @Test
    void identicalCandidatesAreJudgedOnce() {
        server.rewrite(GOOD).rewrite(GOOD).votes("INDEPENDENT", "INDEPENDENT", "INDEPENDENT");

        assertThat(converter(2).convert(QUESTION, ANSWER).isParallel()).isTrue();
        assertThat(server.judgeRequests()).isEqualTo(3);
    }

    @Test
    void reasoningAndAFenceAroundTheReplyAreRemoved() {
        server.rewrite("<think>Let me see.</think>\n```text\n" + GOOD + "\n```").votes("INDEPENDENT", "INDEPENDENT",
                "INDEPENDENT");

        Conversion conversion = converter(1).convert(QUESTION, ANSWER);

        assertThat(conversion.isParallel()).isTrue();
        assertThat(conversion.trainingText()).isEqualTo(GOOD + "\n");
    }

    @Test
    void blocksOverTheLimitsBecomeSerialWithoutAskingTheJudge() {
        String shortTitle = GOOD.replace("Walk", "Walk along the pretty river");
        server.rewrite(shortTitle);

        Conversion conversion = converter(1).convert(QUESTION, ANSWER);

        assertThat(conversion.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.TITLE_TOO_LONG);
        assertThat(server.judgeRequests()).isZero();
    }
}

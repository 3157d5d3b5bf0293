package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With log-probabilities asked for, the pieces of a block answer join to exactly its text and every piece of text
 * stands for a token: a branch body's first token without the dropped space, and the separator between two branches
 * with the token that closed the branch before it.
 */
class LogprobJoinTest extends SharedEngineTestBed {
    private static final int TOP = 2;

    static int[] prompt;

    @BeforeAll
    static void loadModel() {
        prompt = bed.prompt("How can I pay?");
    }

    private static EngineTestBed.Run run(ScriptedProbe.Builder script, int branchCap, List<String> stop) {
        GenerationRequest request = new GenerationRequest(prompt, 500, SamplingParams.greedy(), stop, AspdMode.PARALLEL,
                8, branchCap, TOP);
        return bed.decode(request, 3, script.build());
    }

    private static void assertEveryPieceStandsForAToken(EngineTestBed.Run run) {
        assertThat(run.streamed()).isEqualTo(run.result().text());
        assertThat(run.pieces()).allSatisfy(piece -> assertThat(piece.logprob()).as("'%s'", piece.text()).isNotNull());
    }

    @Test
    void separatorsCarryTheClosingTokenAndBodiesLoseOnlyTheDroppedSpace() {
        // the middle branch never ends by itself: the per-branch cap (6) closes it
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(3).block(4, 1000, 2).text(3).eos();
        EngineTestBed.Run run = run(script, 6, List.of());
        GenerationResult result = run.result();

        assertEveryPieceStandsForAToken(run);
        List<TextPiece> separators = run.pieces().stream()
                .filter(piece -> piece.logprob().tokenId() == bed.ids.branchEnd()).toList();
        assertThat(separators).extracting(TextPiece::text).containsExactly("\n", "\n");
        assertThat(separators.get(0).logprob().logprob()).as("sampled close").isNegative();
        assertThat(separators.get(0).logprob().top()).hasSize(TOP);
        assertThat(separators.get(1).logprob().logprob()).as("closed by the cap, not sampled").isZero();
        assertThat(run.pieces()).hasSize(result.stats().visibleTokens() + separators.size());

        int spaceDropped = 0;
        for (TextPiece piece : run.pieces()) {
            String raw = piece.logprob().token();
            if (piece.logprob().tokenId() == bed.ids.branchEnd() || raw.indexOf('\uFFFD') >= 0 || piece.text().isEmpty()) {
                continue;
            }
            if (!piece.text().equals(raw)) {
                assertThat(" " + piece.text()).as("only a body's leading space is dropped").isEqualTo(raw);
                spaceDropped++;
            }
        }
        assertThat(spaceDropped).isLessThanOrEqualTo(result.structure().blocks().get(0).branches().size());
    }

    @Test
    void aStopStringInsideABranchCutsATokenButNeverSplitsOneAcrossPieces() {
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(3).block(12, 12, 12).text(3).eos();
        GenerationResult full = run(script, 64, List.of()).result();
        String secondBody = full.structure().blocks().get(0).branches().get(1).body();
        String stop = secondBody.substring(4, 7);

        EngineTestBed.Run cut = run(script, 64, List.of(stop));
        assertThat(cut.result().text()).isEqualTo(full.text().substring(0, full.text().indexOf(stop)));
        assertEveryPieceStandsForAToken(cut);
    }
}

package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.markup.AspdDocument;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderedMergerTest {
    private final FakeByteTokenizer tokenizer = new FakeByteTokenizer();
    private final int branchEnd = tokenizer.add("<|/branch|>");
    private final int head = tokenizer.add("<|branch|>T:");
    private final StringBuilder shown = new StringBuilder();
    private final VisibleText text = new VisibleText(tokenizer::decode, List.of(), p -> shown.append(p.text()));

    private BranchState branch(int k, String title) {
        BranchState state = new BranchState(k, k, title, null, TokenHistory.ofPrompt(new int[0]), null, branchEnd);
        state.start(new int[] {head});
        return state;
    }

    @Test
    void branchesFinishingInReverseOrderStillReachTheClientInDocumentOrder() {
        List<String> bodies = List.of(" Restart the router.", " Check the cable: it clicks.", " Call us, 24/7 — ünd so.");
        List<BranchState> branches = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            branches.add(branch(k, "T" + k));
        }
        OpenBlock block = new OpenBlock(0, BranchSchedule.TOGETHER, 0, 0, branches);
        OrderedMerger merger = new OrderedMerger(block, text, new TokenBudget(Integer.MAX_VALUE, Integer.MAX_VALUE));
        List<int[]> tokens = bodies.stream().map(tokenizer::bytesOf).toList();
        // Branch 3 is shortest in steps (it gets 3 bytes a step), branch 1 the slowest (1 byte a step).
        int[] perStep = {1, 2, 3};
        int[] next = new int[3];
        String branchOneSoFar = "";
        while (branches.stream().anyMatch(b -> !b.isFinished())) {
            for (int k = 2; k >= 0; k--) {
                for (int s = 0; s < perStep[k] && !branches.get(k).isFinished(); s++) {
                    if (next[k] < tokens.get(k).length) {
                        branches.get(k).add(tokens.get(k)[next[k]++], null);
                    } else {
                        branches.get(k).add(branchEnd, null);
                    }
                }
            }
            merger.advance();
            if (!branches.get(0).isFinished()) {
                assertThat(shown.toString()).as("only branch 1 is live").doesNotContain("Check", "Call");
                assertThat(shown.length()).as("branch 1 streams live").isGreaterThanOrEqualTo(branchOneSoFar.length());
                branchOneSoFar = shown.toString();
            }
        }
        text.finish();
        AspdDocument expected = new AspdDocument(List.of(new AspdDocument.Block(List.of(
                new AspdDocument.Branch("T0", "Restart the router."),
                new AspdDocument.Branch("T1", "Check the cable: it clicks."),
                new AspdDocument.Branch("T2", "Call us, 24/7 — ünd so.")))));
        assertThat(shown.toString()).isEqualTo(expected.render());
    }

    @Test
    void tokensBeyondTheBudgetInDocumentOrderAreNeverShown() {
        BranchState first = branch(0, "A");
        BranchState second = branch(1, "B");
        OpenBlock block = new OpenBlock(0, BranchSchedule.TOGETHER, 10, 0, List.of(first, second));
        // Budget ends at flat index 10 + 4 + 3: branch A = head + 2 body + end (4 tokens), B = head + 2 body tokens.
        OrderedMerger merger = new OrderedMerger(block, text, new TokenBudget(17, Integer.MAX_VALUE));
        for (String piece : List.of(" x", " y", " z")) {
            second.add(tokenizer.add(piece), null);
        }
        second.cut();
        first.add(tokenizer.add(" a"), null);
        first.add(tokenizer.add(" b"), null);
        first.add(branchEnd, null);
        merger.advance();
        text.finish();
        assertThat(shown.toString()).isEqualTo("a b\nx y");
        assertThat(merger.visibleTokens()).isEqualTo(4);
    }
}

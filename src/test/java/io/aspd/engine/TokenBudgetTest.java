package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Flat-order budget accounting of a block, by hand: the one owner of max_tokens and the per-branch cap. */
class TokenBudgetTest {
    private static final int END = 99;
    private static final int HEAD = 7;

    private static BranchState started(int k) {
        BranchState branch = new BranchState(k, k, "T" + k, null, TokenHistory.ofPrompt(new int[0]), null, END);
        branch.start(new int[] {HEAD});
        return branch;
    }

    @Test
    void aBranchStopsOnceItsNextTokenCanOnlyFallBeyondTheBudgetGivenTheBranchesBeforeIt() {
        BranchState first = started(0);
        BranchState second = started(1);
        OpenBlock block = new OpenBlock(0, BranchSchedule.TOGETHER, 10, 0, List.of(first, second));
        TokenBudget budget = new TokenBudget(15, 100);
        // the block starts at flat index 10; B's tokens come after all of A's, whose length is a lower bound
        first.add(1, null);
        second.add(2, null);
        assertThat(budget.admitsNextToken(block, first)).isTrue();  // A's next at 12
        assertThat(budget.admitsNextToken(block, second)).isTrue(); // B's next at 10 + 2 + 2 = 14
        first.add(1, null);
        budget.cutBeyond(block);                                    // B's next now at 15: beyond
        assertThat(second.isCut()).isTrue();
        assertThat(first.isCut()).isFalse();
        assertThat(budget.shownBodyTokens(block, 0)).isEqualTo(2);
        assertThat(budget.shownBodyTokens(block, 1)).isEqualTo(1);
    }

    @Test
    void aBranchNotStartedShowsNothingAndTheCapClosesOnlyARunningBranch() {
        BranchState running = started(0);
        BranchState waiting = new BranchState(1, 1, "T1", null, TokenHistory.ofPrompt(new int[0]), null, END);
        OpenBlock block = new OpenBlock(0, BranchSchedule.ONE_AFTER_ANOTHER, 0, 0, List.of(running, waiting));
        TokenBudget budget = new TokenBudget(1000, 2);
        assertThat(budget.shownBodyTokens(block, 1)).isZero();
        running.add(1, null);
        assertThat(budget.branchCapReached(running)).isFalse();
        running.add(1, null);
        assertThat(budget.branchCapReached(running)).isTrue();
        running.add(END, null);
        assertThat(budget.branchCapReached(running)).as("closed").isFalse();
        assertThat(BranchSchedule.ONE_AFTER_ANOTHER.branchesToStart(block)).containsExactly(waiting);
    }
}

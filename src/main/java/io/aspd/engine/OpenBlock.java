package io.aspd.engine;

import java.util.List;

/**
 * A block being decoded: its branches, where it sits in the answer (flat index) and in the Same-Seq positions, and how
 * its branches are scheduled. Branch k's tokens come after every token of branches 0..k-1 in flat order; while those
 * run, {@link #flatEnd(int)} is a lower bound ({@link TokenBudget} decides what that means for the budget).
 */
final class OpenBlock {
    final int index;
    final BranchSchedule schedule;
    /** Flat index (in the answer) of the first branch token. */
    final int flatStart;
    /** Same-Seq position of the first token of every branch. */
    final int positionStart;
    final List<BranchState> branches;
    /** Physical KV slot of the first branch token, known once the first head is fed. */
    int firstBranchSlot = -1;

    OpenBlock(int index, BranchSchedule schedule, int flatStart, int positionStart, List<BranchState> branches) {
        this.index = index;
        this.schedule = schedule;
        this.flatStart = flatStart;
        this.positionStart = positionStart;
        this.branches = List.copyOf(branches);
    }

    /** Flat index of branch {@code k}'s first token; exact once branches 0..k-1 have finished. */
    int branchStart(int k) {
        return k == 0 ? flatStart : flatEnd(k - 1);
    }

    /** Flat index just after branch {@code k}'s tokens so far; exact once branches 0..k have finished. */
    int flatEnd(int k) {
        int end = flatStart;
        for (int i = 0; i <= k; i++) {
            end += branches.get(i).length();
        }
        return end;
    }

    /** Flat index of the {@code <|/para|>} that closes the block, once every branch has finished. */
    int paraEndIndex() {
        return flatEnd(branches.size() - 1);
    }

    boolean anyRunning() {
        return branches.stream().anyMatch(BranchState::isRunning);
    }

    /** Same-Seq position of token {@code index} of any branch. */
    int position(int index) {
        return positionStart + index;
    }

    /** Every token of the block so far in flat order, branch after branch. */
    int[] flatTokens() {
        TokenList tokens = new TokenList();
        for (BranchState branch : branches) {
            for (int i = 0; i < branch.length(); i++) {
                tokens.add(branch.token(i));
            }
        }
        return tokens.toArray();
    }
}

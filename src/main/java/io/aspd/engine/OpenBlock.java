package io.aspd.engine;

import java.util.List;

/**
 * A block being decoded. The branches share the answer's budget in flat document order: branch k's tokens come after
 * every token of branches 1..k-1, whose final lengths are not known while they run, so {@link #flatEnd(int)} is a lower
 * bound until the earlier branches finish. Cutting a branch once that lower bound reaches the budget gives exactly the
 * tokens that sequential decoding would keep, while never decoding more than the budget can show.
 */
final class OpenBlock {
    final int index;
    final boolean parallel;
    /** Flat index (in the answer) of the first branch token. */
    final int flatStart;
    /** Same-Seq position of the first token of every branch. */
    final int positionStart;
    final List<BranchState> branches;
    /** Physical KV slot of the first branch token, known once the first head is fed. */
    int firstBranchSlot = -1;

    OpenBlock(int index, boolean parallel, int flatStart, int positionStart, List<BranchState> branches) {
        this.index = index;
        this.parallel = parallel;
        this.flatStart = flatStart;
        this.positionStart = positionStart;
        this.branches = List.copyOf(branches);
    }

    /** Flat index just after branch {@code k}'s tokens so far; exact once branches 0..k have finished. */
    int flatEnd(int k) {
        int end = flatStart;
        for (int i = 0; i <= k; i++) {
            end += branches.get(i).length();
        }
        return end;
    }

    /** Cuts every running branch whose next token could only fall at or beyond {@code budgetEnd}. */
    void cutBeyond(int budgetEnd) {
        for (int k = 0; k < branches.size(); k++) {
            BranchState branch = branches.get(k);
            if (!branch.isFinished() && flatEnd(k) >= budgetEnd) {
                branch.cut();
            }
        }
    }

    boolean anyRunning() {
        return branches.stream().anyMatch(BranchState::isRunning);
    }

    boolean anyCut() {
        return branches.stream().anyMatch(BranchState::isCut);
    }

    /** Branches started but not yet begun: only sequential decoding has them. */
    BranchState nextUnstarted() {
        return branches.stream().filter(b -> !b.started() && !b.isCut()).findFirst().orElse(null);
    }

    /** Same-Seq position of token {@code index} of any branch. */
    int position(int index) {
        return positionStart + index;
    }

    /** Every token of the block in flat order, branch after branch. */
    int totalLength() {
        return flatEnd(branches.size() - 1) - flatStart;
    }
}

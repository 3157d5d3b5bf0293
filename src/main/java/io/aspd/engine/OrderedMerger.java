package io.aspd.engine;

/**
 * Emits a block's branch text in document order (docs/aspd-method.md §6.7): the first unfinished branch streams live;
 * a later branch is held until every branch before it has finished, then flushed and, if still running, streamed live.
 * Only what {@link TokenBudget#shownBodyTokens} allows is ever shown.
 */
final class OrderedMerger {
    private final OpenBlock block;
    private final VisibleText text;
    private final TokenBudget budget;
    private int live;
    private int emitted;
    private boolean liveStarted;

    OrderedMerger(OpenBlock block, VisibleText text, TokenBudget budget) {
        this.block = block;
        this.text = text;
        this.budget = budget;
    }

    /** Emits everything that can be shown now. */
    void advance() {
        while (live < block.branches.size()) {
            BranchState branch = block.branches.get(live);
            if (!branch.started() || !budget.fits(block.branchStart(live))) {
                return;
            }
            if (!liveStarted) {
                if (live == 0) {
                    text.startFirstBranch();
                } else {
                    text.startNextBranch(block.branches.get(live - 1).closingLogprob());
                }
                liveStarted = true;
            }
            int shown = budget.shownBodyTokens(block, live);
            for (; emitted < shown; emitted++) {
                text.token(branch.bodyToken(emitted), branch.bodyLogprob(emitted));
            }
            if (!branch.isFinished()) {
                return;
            }
            text.endStream();
            live++;
            emitted = 0;
            liveStarted = false;
        }
    }

    /** Visible tokens emitted or emittable so far: used for statistics once the block is over. */
    int visibleTokens() {
        int count = 0;
        for (int k = 0; k < block.branches.size(); k++) {
            count += budget.shownBodyTokens(block, k);
        }
        return count;
    }
}

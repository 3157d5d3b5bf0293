package io.aspd.engine;

/**
 * Emits a block's branch text in document order (docs/aspd-method.md §6.7): the first unfinished branch streams live;
 * a later branch is held until every branch before it has finished, then flushed and, if still running, streamed live.
 * Tokens that fall beyond the answer's budget in flat order are never shown.
 */
final class OrderedMerger {
    private final OpenBlock block;
    private final VisibleText text;
    private final int budgetEnd;
    private int live;
    private int emitted;
    private boolean liveStarted;

    OrderedMerger(OpenBlock block, VisibleText text, int budgetEnd) {
        this.block = block;
        this.text = text;
        this.budgetEnd = budgetEnd;
    }

    /** Emits everything that can be shown now. */
    void advance() {
        while (live < block.branches.size()) {
            BranchState branch = block.branches.get(live);
            int branchStart = live == 0 ? block.flatStart : block.flatEnd(live - 1);
            int room = budgetEnd - branchStart;
            if (room <= 0 || !branch.started()) {
                return;
            }
            if (!liveStarted) {
                text.startBranch(live == 0);
                liveStarted = true;
            }
            int visible = Math.max(0, Math.min(branch.bodyLength(), room - branch.headLength()));
            for (; emitted < visible; emitted++) {
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
            BranchState branch = block.branches.get(k);
            int room = budgetEnd - (k == 0 ? block.flatStart : block.flatEnd(k - 1));
            count += Math.max(0, Math.min(branch.bodyLength(), room - branch.headLength()));
        }
        return count;
    }
}

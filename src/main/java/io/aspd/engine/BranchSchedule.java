package io.aspd.engine;

import java.util.List;

/** How the branches of one block are decoded. Both give the same tokens; only the number of forwards differs. */
enum BranchSchedule {
    /** Every branch starts when the block opens; each step feeds one new token of every running branch. */
    TOGETHER,
    /**
     * One branch at a time, in document order, each starting when the one before it is closed: mode
     * {@link AspdMode#SEQUENTIAL}, and the fallback for a block with more titles than {@code max_branches}.
     */
    ONE_AFTER_ANOTHER;

    static BranchSchedule forBlock(AspdMode mode, int titles, int maxBranches) {
        return mode == AspdMode.PARALLEL && titles <= maxBranches ? TOGETHER : ONE_AFTER_ANOTHER;
    }

    /** Whether a block decoded this way in {@code mode} fell back from parallel decoding. */
    boolean isFallbackIn(AspdMode mode) {
        return mode == AspdMode.PARALLEL && this == ONE_AFTER_ANOTHER;
    }

    /** The branches to start now: every branch at once, or the next one once none runs. Cut branches never start. */
    List<BranchState> branchesToStart(OpenBlock block) {
        return switch (this) {
            case TOGETHER -> block.branches.stream().filter(BranchState::isStartable).toList();
            case ONE_AFTER_ANOTHER -> block.anyRunning() ? List.of()
                    : block.branches.stream().filter(BranchState::isStartable).limit(1).toList();
        };
    }
}

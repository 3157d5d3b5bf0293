package io.aspd.engine;

/**
 * The one owner of an answer's token limits.
 * <p>
 * {@code max_tokens} counts every generated token (text, markup, every branch) in flat document order: the order in
 * which sequential decoding writes them, branch after branch. Branch k of an open block therefore starts right after
 * every token of branches 0..k-1. While those still run, their lengths are only lower bounds, and they can only grow:
 * once branch k's next token would fall at or beyond the budget given those lengths, no later outcome can bring it back
 * inside, so the branch stops there. Decoding in parallel thus never writes a token that sequential decoding would
 * keep and drop otherwise: the answer is exactly the first {@code max_tokens} tokens that sequential decoding writes.
 * <p>
 * The per-branch cap is the other limit: a branch body that reaches it is closed with {@code <|/branch|>}, exactly as
 * if the model had closed it, so the block and the answer go on.
 */
final class TokenBudget {
    private final int maxTokens;
    private final int maxBranchTokens;

    TokenBudget(int maxTokens, int maxBranchTokens) {
        this.maxTokens = maxTokens;
        this.maxBranchTokens = maxBranchTokens;
    }

    static TokenBudget of(GenerationRequest request) {
        return new TokenBudget(request.maxTokens(), request.maxBranchTokens());
    }

    /** Whether a token at {@code flatIndex} (0 = the answer's first token) lies within {@code max_tokens}. */
    boolean fits(int flatIndex) {
        return flatIndex < maxTokens;
    }

    /** How many of {@code length} consecutive tokens starting at {@code flatStart} lie within {@code max_tokens}. */
    int fitting(int flatStart, int length) {
        return Math.max(0, Math.min(length, maxTokens - flatStart));
    }

    /** Whether the next token of {@code branch} can still lie within the budget, given the branches before it so far. */
    boolean admitsNextToken(OpenBlock block, BranchState branch) {
        return fits(block.flatEnd(branch.number));
    }

    /** Stops every unfinished branch (running or not yet started) whose next token could only fall beyond the budget. */
    void cutBeyond(OpenBlock block) {
        for (BranchState branch : block.branches) {
            if (!branch.isFinished() && !admitsNextToken(block, branch)) {
                branch.cut();
            }
        }
    }

    /** Body tokens of branch {@code k} that lie within the budget: as much of it as the document may show. */
    int shownBodyTokens(OpenBlock block, int k) {
        BranchState branch = block.branches.get(k);
        if (!branch.started()) {
            return 0;
        }
        int fittingTokens = fitting(block.branchStart(k), branch.length());
        return Math.max(0, Math.min(branch.bodyLength(), fittingTokens - branch.headLength()));
    }

    /** Whether a running branch's body has reached the per-branch cap and must be closed now. */
    boolean branchCapReached(BranchState branch) {
        return branch.isRunning() && branch.bodyLength() >= maxBranchTokens;
    }
}

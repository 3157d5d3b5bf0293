package io.aspd.markup;

/**
 * The training view of a flat token sequence (docs/aspd-method.md §5): for every token its branch group, its Same-Seq
 * position (section 4) and which earlier tokens it may attend to (section 3). The trainer feeds exactly this to one
 * full forward; the engine tests compare the engine's cached, parallel decoding against it.
 * <p>
 * Blocks are delimited by {@code <|para|>} ... {@code <|/para|>}; inside one, each {@code <|branch|>} ... {@code <|/branch|>}
 * (both included) is a branch. All branches of a block start at the position right after {@code <|para|>}; every shared
 * token keeps its flat index as position, which is the same as continuing "as if the branches had been written one
 * after another". Branch tags outside a block are treated as shared tokens (such a sequence is malformed anyway).
 */
public final class TrainingView {
    private final int[] positions;
    private final int[] groups;
    private final int[] blockStarts;

    private TrainingView(int[] positions, int[] groups, int[] blockStarts) {
        this.positions = positions;
        this.groups = groups;
        this.blockStarts = blockStarts;
    }

    public static TrainingView of(int[] tokens, AspdTokenIds ids) {
        int n = tokens.length;
        int[] positions = new int[n];
        int[] groups = new int[n];
        int[] blockStarts = new int[n];
        int nextGroup = 0;
        boolean inBlock = false;
        boolean inBranch = false;
        int blockStart = -1;
        int branchStartPosition = 0;
        int group = BranchVisibility.SHARED;
        int offsetInBranch = 0;
        for (int i = 0; i < n; i++) {
            int token = tokens[i];
            if (inBlock && !inBranch && token == ids.branch()) {
                inBranch = true;
                group = nextGroup++;
                offsetInBranch = 0;
                if (blockStart < 0) {
                    blockStart = i;
                }
            }
            if (inBranch) {
                groups[i] = group;
                blockStarts[i] = blockStart;
                positions[i] = branchStartPosition + offsetInBranch++;
                inBranch = token != ids.branchEnd();
                continue;
            }
            groups[i] = BranchVisibility.SHARED;
            blockStarts[i] = i;
            positions[i] = i;
            if (token == ids.para() && !inBlock) {
                inBlock = true;
                blockStart = -1;
                branchStartPosition = i + 1;
            } else if (token == ids.paraEnd() && inBlock) {
                inBlock = false;
            }
        }
        return new TrainingView(positions, groups, blockStarts);
    }

    public int length() {
        return positions.length;
    }

    /** Same-Seq position of every token. */
    public int[] positions() {
        return positions.clone();
    }

    public int position(int index) {
        return positions[index];
    }

    /** {@link BranchVisibility#SHARED} or the token's branch id. */
    public int group(int index) {
        return groups[index];
    }

    /** Whether token {@code query} may attend to token {@code key}. */
    public boolean visible(int query, int key) {
        return key <= query && BranchVisibility.visible(groups[query], blockStarts[query], key, groups[key]);
    }
}

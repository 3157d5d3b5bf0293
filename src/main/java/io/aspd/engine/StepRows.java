package io.aspd.engine;

import io.aspd.markup.BranchVisibility;
import io.aspd.model.AttentionMask;
import io.aspd.model.KvCache;
import io.aspd.model.PrefixRows;
import io.aspd.model.SequenceRows;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows one sequence feeds to one forward: for each row its token, position, branch group, and whether its logits
 * predict a next token (the serial text's, or its branch's). Rows of one branch, of several branches and shared rows
 * can be mixed: the mask follows {@link BranchVisibility} over the physical slots they will occupy.
 * <p>
 * {@link #complete(float[][])} turns the forward's logits into a {@link StepLogits} that says what each row is for;
 * the decoder dispatches on it.
 */
final class StepRows {
    /** A row; {@code branch} is null for a shared row. */
    private record Row(int token, int position, int group, int blockStart, BranchState branch, boolean predictsNext) {
    }

    /** Logits that predict the next token of one branch. */
    record BranchLogits(BranchState branch, float[] logits) {
    }

    /**
     * What one finished step predicts: the serial text's next token, or the next token of each branch that asked for
     * one, in row order (which is branch order). A step is either serial or a block step, never both.
     */
    record StepLogits(float[] serialText, List<BranchLogits> branches) {
        boolean predictsSerialText() {
            return serialText != null;
        }
    }

    private final KvCache cache;
    private final List<Row> rows = new ArrayList<>();

    /** Rows to append to {@code cache}, whose slots keep the branch group of the row that wrote them as its tag. */
    StepRows(KvCache cache) {
        this.cache = cache;
    }

    /** The physical slot the next added row will take. */
    int nextSlot() {
        return cache.length() + rows.size();
    }

    int size() {
        return rows.size();
    }

    /** A row of the shared text: sees everything before it; its logits predict the serial text's next token if asked. */
    void shared(int token, int position, boolean predictsNext) {
        rows.add(new Row(token, position, BranchVisibility.SHARED, 0, null, predictsNext));
    }

    /**
     * The rows {@link #shared} adds for {@code tokens} from position 0 on an empty cache, as the prefix cache knows them:
     * a cache from {@link io.aspd.model.CausalLm#newCache(int, PrefixRows)} for these holds what they would write.
     */
    static PrefixRows sharedPrefix(int[] tokens) {
        return PrefixRows.tagged(tokens, BranchVisibility.SHARED);
    }

    /** A row of {@code branch}, whose block's first branch token sits at physical slot {@code blockStart}. */
    void branch(int token, int position, BranchState branch, int blockStart, boolean predictsNext) {
        rows.add(new Row(token, position, branch.group, blockStart, branch, predictsNext));
    }

    SequenceRows toSequenceRows() {
        int n = rows.size();
        int[] tokens = new int[n];
        int[] positions = new int[n];
        boolean[] wantLogits = new boolean[n];
        // The rule of BranchVisibility in the compact form the model builds natively: a row's branch group is its tag;
        // a shared row sees every slot up to itself, a branch row everything before its block's first branch slot.
        int[] tags = new int[n];
        int[] seesAllBefore = new int[n];
        int cached = cache.length();
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            tokens[i] = row.token();
            positions[i] = row.position();
            wantLogits[i] = row.predictsNext();
            tags[i] = row.group();
            seesAllBefore[i] = row.group() == BranchVisibility.SHARED ? cached + i + 1 : row.blockStart();
        }
        AttentionMask mask = AttentionMask.tagged(cache, tags, seesAllBefore);
        return new SequenceRows(cache, tokens, positions, mask, wantLogits);
    }

    /**
     * Pairs every logits row with what it predicts.
     *
     * @param logits one row per row that wanted logits, in order
     */
    StepLogits complete(float[][] logits) {
        float[] serialText = null;
        List<BranchLogits> branches = new ArrayList<>();
        int next = 0;
        for (Row row : rows) {
            if (!row.predictsNext()) {
                continue;
            }
            float[] predicted = logits[next++];
            if (row.branch() == null) {
                serialText = predicted;
            } else {
                branches.add(new BranchLogits(row.branch(), predicted));
            }
        }
        return new StepLogits(serialText, branches);
    }
}

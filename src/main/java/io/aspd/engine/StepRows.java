package io.aspd.engine;

import io.aspd.markup.BranchVisibility;
import io.aspd.model.AttentionMask;
import io.aspd.model.KvCache;
import io.aspd.model.SequenceRows;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The rows one sequence feeds to one forward: for each row its token, position, branch group and the consumer of its
 * logits (none for rows whose next token is already known). Rows of one branch, of several branches and shared rows
 * can be mixed: the mask follows {@link BranchVisibility} over the physical slots they will occupy.
 */
final class StepRows {
    private record Row(int token, int position, int group, int blockStart, Consumer<float[]> logitsConsumer) {
    }

    private final SlotTable slots;
    private final List<Row> rows = new ArrayList<>();

    StepRows(SlotTable slots) {
        this.slots = slots;
    }

    /** The physical slot the next added row will take. */
    int nextSlot() {
        return slots.length() + rows.size();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    int size() {
        return rows.size();
    }

    /** A row of the shared text: sees everything before it. */
    void shared(int token, int position, Consumer<float[]> logitsConsumer) {
        rows.add(new Row(token, position, BranchVisibility.SHARED, 0, logitsConsumer));
    }

    /** A row of a branch whose block's first branch token sits at physical slot {@code blockStart}. */
    void branch(int token, int position, int group, int blockStart, Consumer<float[]> logitsConsumer) {
        rows.add(new Row(token, position, group, blockStart, logitsConsumer));
    }

    SequenceRows toSequenceRows(KvCache cache) {
        int n = rows.size();
        int[] tokens = new int[n];
        int[] positions = new int[n];
        boolean[] wantLogits = new boolean[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            tokens[i] = row.token();
            positions[i] = row.position();
            wantLogits[i] = row.logitsConsumer() != null;
        }
        int cached = slots.length();
        AttentionMask mask = (row, slot) -> {
            Row query = rows.get(row);
            if (slot > cached + row) {
                return false;
            }
            int keyGroup = slot < cached ? slots.group(slot) : rows.get(slot - cached).group();
            return BranchVisibility.visible(query.group(), query.blockStart(), slot, keyGroup);
        };
        return new SequenceRows(cache, tokens, positions, mask, wantLogits);
    }

    /**
     * Records the rows' groups as the new slots and hands each logits row to its consumer, in row order.
     *
     * @param logits one row per row that wanted logits, in order
     */
    void complete(float[][] logits) {
        rows.forEach(row -> slots.append(row.group()));
        int next = 0;
        for (Row row : rows) {
            if (row.logitsConsumer() != null) {
                row.logitsConsumer().accept(logits[next++]);
            }
        }
    }
}

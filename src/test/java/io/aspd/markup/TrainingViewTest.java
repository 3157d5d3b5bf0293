package io.aspd.markup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingViewTest {
    // Small fake ids: 1..6 are the markup tokens, everything else is text.
    static final AspdTokenIds IDS = new AspdTokenIds(1, 2, 3, 4, 5, 6);
    static final int T = 1, TE = 2, P = 3, PE = 4, B = 5, BE = 6;

    //                          0   1  2  3   4  5  6   7  8  9  10 11  12 13 14 15  16  17  18
    static final int[] TOKENS = {10, 11, T, 20, TE, T, 21, TE, P, B, 20, 30, BE, B, 21, 31, 32, BE, PE, 40};

    @Test
    void givesEveryBranchTheSameStartPositionAndSharedTokensTheirFlatIndex() {
        TrainingView view = TrainingView.of(TOKENS, IDS);
        // branch 1 = flat 9..12 (length 4), branch 2 = flat 13..17 (length 5); both start at 9, the position after <|para|>.
        assertThat(view.positions()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 9, 10, 11, 12, 13, 18, 19);
        assertThat(view.position(18)).as("<|/para|> at s + L1 + L2").isEqualTo(9 + 4 + 5);
    }

    @Test
    void branchesSeeTheSharedPrefixAndThemselvesButNeverASibling() {
        TrainingView view = TrainingView.of(TOKENS, IDS);
        for (int key = 0; key <= 8; key++) {
            assertThat(view.visible(15, key)).as("branch 2 sees prefix token %d", key).isTrue();
        }
        for (int key = 9; key <= 12; key++) {
            assertThat(view.visible(15, key)).as("branch 2 never sees branch 1 token %d", key).isFalse();
            assertThat(view.visible(11, key)).as("branch 1 sees itself up to the query only").isEqualTo(key <= 11);
        }
        assertThat(view.visible(15, 13)).isTrue();
        assertThat(view.visible(15, 16)).as("not the future").isFalse();
        for (int key = 0; key <= 19; key++) {
            assertThat(view.visible(19, key)).as("serial text after the block sees everything").isTrue();
            assertThat(view.visible(18, key)).as("<|/para|> sees every branch").isEqualTo(key <= 18);
        }
    }

    @Test
    void laterBlocksSeeEarlierBlocksEntirely() {
        int[] second = {T, 50, TE, T, 51, TE, P, B, 50, BE, B, 51, BE, PE};
        int[] tokens = new int[TOKENS.length + second.length];
        System.arraycopy(TOKENS, 0, tokens, 0, TOKENS.length);
        System.arraycopy(second, 0, tokens, TOKENS.length, second.length);
        TrainingView view = TrainingView.of(tokens, IDS);
        int secondBranch2Token = TOKENS.length + 11;
        for (int key = 0; key < TOKENS.length + 7; key++) {
            assertThat(view.visible(secondBranch2Token, key)).as("key %d", key).isTrue();
        }
        assertThat(view.visible(secondBranch2Token, TOKENS.length + 8)).as("sibling in the second block").isFalse();
        assertThat(view.group(12)).isNotEqualTo(view.group(TOKENS.length + 8)).as("branch ids unique across blocks");
        assertThat(view.position(TOKENS.length + 10)).isEqualTo(view.position(TOKENS.length + 7));
    }

    @Test
    void plainSequencesAreCausal() {
        int[] tokens = {7, 8, 9, 10};
        TrainingView view = TrainingView.of(tokens, IDS);
        assertThat(view.positions()).containsExactly(0, 1, 2, 3);
        for (int q = 0; q < 4; q++) {
            for (int k = 0; k < 4; k++) {
                assertThat(view.visible(q, k)).isEqualTo(k <= q);
            }
        }
    }
}

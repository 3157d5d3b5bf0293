package io.aspd.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HeldOutSplitTest {

    private static List<Combination> grid(Category category, int entities, int templates) {
        List<Combination> all = new ArrayList<>();
        for (int e = 0; e < entities; e++) {
            for (int t = 0; t < templates; t++) {
                all.add(new Combination(category, "e" + e, "t" + t));
            }
        }
        return all;
    }

    @Test
    void holdsOutTheRequestedShareAndKeepsEveryEntityAndTemplateInTraining() {
        List<Combination> all = grid(Category.FACT, 10, 6);

        Set<Combination> heldOut = HeldOutSplit.choose(all, 0.25, 100, 3);

        assertThat(heldOut).hasSize(15);
        List<Combination> training = all.stream().filter(c -> !heldOut.contains(c)).toList();
        for (Combination c : heldOut) {
            assertThat(training).anyMatch(t -> t.entity().equals(c.entity()));
            assertThat(training).anyMatch(t -> t.template().equals(c.template()));
        }
    }

    @Test
    void capsEachCategoryAndSplitsCategoriesIndependently() {
        List<Combination> all = new ArrayList<>(grid(Category.FACT, 20, 5));
        all.addAll(grid(Category.TIPS, 3, 3));

        Set<Combination> heldOut = HeldOutSplit.choose(all, 0.5, 7, 3);

        assertThat(heldOut.stream().filter(c -> c.category() == Category.FACT)).hasSize(7);
        assertThat(heldOut.stream().filter(c -> c.category() == Category.TIPS)).isNotEmpty();
    }

    @Test
    void isDeterministicPerSeed() {
        List<Combination> all = grid(Category.FACT, 10, 6);

        assertThat(HeldOutSplit.choose(all, 0.2, 100, 11)).isEqualTo(HeldOutSplit.choose(all, 0.2, 100, 11));
        assertThat(HeldOutSplit.choose(all, 0.2, 100, 11)).isNotEqualTo(HeldOutSplit.choose(all, 0.2, 100, 12));
    }

    @Test
    void refusesACategoryThatCannotBeSplit() {
        // One template only: holding out any pair would leave its entity unseen in training.
        assertThatThrownBy(() -> HeldOutSplit.choose(grid(Category.GREETING, 5, 1), 0.2, 10, 1))
                .isInstanceOf(IllegalStateException.class);
    }
}

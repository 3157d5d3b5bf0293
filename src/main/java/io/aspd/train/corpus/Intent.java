package io.aspd.train.corpus;

import java.util.List;
import java.util.random.RandomGenerator;

/** A kind of question the assistant answers, able to list every (entity, template) pair and answer any of them. */
interface Intent {

    Category category();

    /** Every pair this intent can generate, in a fixed order. */
    List<Combination> combinations();

    /** A record for one of {@link #combinations()}; {@code random} only varies wording, never facts. */
    CorpusRecord generate(Combination combination, RandomGenerator random);

    /**
     * Whether {@link QuestionStyle} may vary the question's surface (greeting, case, punctuation); tool dialogs opt
     * out, because their arguments must be copied from the message exactly as the user typed them.
     */
    default boolean styled() {
        return true;
    }
}

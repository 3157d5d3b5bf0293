package io.aspd.train.corpus;

import java.util.Objects;

/**
 * One (entity, question template) pair of a category: the unit the held-out split works on. Entities are what a
 * question is about ("plus500/price", "payment_methods"); templates are ways of asking, shared across entities.
 */
public record Combination(Category category, String entity, String template) {
    public Combination {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(template, "template");
    }
}

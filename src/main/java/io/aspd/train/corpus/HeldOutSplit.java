package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the (entity, template) pairs kept out of training. Within each category it holds out a seeded, hash-ordered
 * share of the pairs, but only pairs whose entity and whose template both stay in training with some other partner.
 * So the held-out set asks about known things in known ways, only never in that combination: it measures
 * generalisation, not memorisation, and never asks about something the model could not know.
 */
final class HeldOutSplit {

    private HeldOutSplit() {
    }

    /**
     * @param fraction share of each category's pairs to hold out, before the cap
     * @param maxPerCategory at most this many held-out pairs per category
     */
    static Set<Combination> choose(List<Combination> all, double fraction, int maxPerCategory, long seed) {
        Map<Category, List<Combination>> byCategory = new LinkedHashMap<>();
        for (Combination c : all) {
            byCategory.computeIfAbsent(c.category(), k -> new ArrayList<>()).add(c);
        }
        Set<Combination> heldOut = new LinkedHashSet<>();
        byCategory.forEach((category, combinations) ->
                heldOut.addAll(chooseWithin(category, combinations, fraction, maxPerCategory, seed)));
        return heldOut;
    }

    private static List<Combination> chooseWithin(Category category, List<Combination> combinations, double fraction,
                                                  int maxPerCategory, long seed) {
        int target = (int) Math.min(maxPerCategory, Math.max(1, Math.round(fraction * combinations.size())));
        Map<String, Integer> entityUses = new HashMap<>();
        Map<String, Integer> templateUses = new HashMap<>();
        for (Combination c : combinations) {
            entityUses.merge(c.entity(), 1, Integer::sum);
            templateUses.merge(c.template(), 1, Integer::sum);
        }
        List<Combination> order = new ArrayList<>(combinations);
        order.sort(Comparator.comparingLong(c -> key(seed, c)));
        List<Combination> chosen = new ArrayList<>();
        for (Combination c : order) {
            if (chosen.size() == target) {
                break;
            }
            if (entityUses.get(c.entity()) > 1 && templateUses.get(c.template()) > 1) {
                chosen.add(c);
                entityUses.merge(c.entity(), -1, Integer::sum);
                templateUses.merge(c.template(), -1, Integer::sum);
            }
        }
        if (chosen.isEmpty() || chosen.size() == combinations.size()) {
            throw new IllegalStateException("cannot split " + category + ": " + combinations.size() + " pairs");
        }
        return chosen;
    }

    /** A seeded, order-independent pseudo-random key for a pair (SplitMix64 finaliser over stable hashes). */
    static long key(long seed, Combination c) {
        long z = seed + 0x9E3779B97F4A7C15L * (31L * c.entity().hashCode() + c.template().hashCode()
                + 17L * c.category().ordinal());
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

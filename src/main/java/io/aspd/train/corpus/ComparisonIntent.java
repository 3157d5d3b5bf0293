package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * "Plus 500 or Max 1000?": one branch per product, in the order the question names them, then a serial verdict that
 * needs all of them (cheapest vs. leader), which is why it comes after the block.
 */
final class ComparisonIntent extends TemplatedIntent<ComparisonIntent.Matchup> {

    /** Two or three products of one comparable family. */
    record Matchup(Company.Family family, List<Company.Product> products) {
        String id() {
            return products.stream().map(Company.Product::id).collect(Collectors.joining("+"));
        }
    }

    private static final List<String> SLOTS = List.of("a", "b", "c");

    private static final List<String> TEMPLATES = List.of(
            "What's the difference between {a} and {b}?",
            "{A} or {b}: which is better?",
            "Compare {a} and {b}.",
            "Should I get {a} or {b}?",
            "How does {a} compare to {b}?",
            "Compare {a}, {b} and {c}.",
            "What's the difference between {a}, {b} and {c}?",
            "Which is best: {a}, {b} or {c}?",
            "Help me choose between {a}, {b} and {c}.");

    private static final List<String> INTROS = List.of(
            "Here is how they compare:",
            "Here's a side-by-side look:",
            "Here's what each one offers:");

    ComparisonIntent(Company company) {
        super(Category.COMPARISON, "", TEMPLATES, matchups(company), Matchup::id);
    }

    private static List<Matchup> matchups(Company company) {
        List<Matchup> matchups = new ArrayList<>();
        for (Company.Family family : company.families()) {
            if (!family.comparable()) {
                continue;
            }
            List<Company.Product> products = company.productsOf(family.id());
            for (int i = 0; i < products.size(); i++) {
                for (int j = i + 1; j < products.size(); j++) {
                    matchups.add(new Matchup(family, List.of(products.get(i), products.get(j))));
                    for (int k = j + 1; k < products.size(); k++) {
                        matchups.add(new Matchup(family, List.of(products.get(i), products.get(j), products.get(k))));
                    }
                }
            }
        }
        return matchups;
    }

    @Override
    protected Set<String> slotNames(Matchup matchup) {
        return Set.copyOf(SLOTS.subList(0, matchup.products().size()));
    }

    @Override
    protected Draft draft(Matchup matchup, RandomGenerator random) {
        List<Company.Product> asked = Wording.shuffled(matchup.products(), random);
        Map<String, String> slots = new HashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            slots.put(SLOTS.get(i), Wording.pick(asked.get(i).aliases(), random));
        }
        List<Branch> branches = asked.stream()
                .map(p -> new Branch(p.name(), ProductSentences.detailed(p))).toList();
        Answer answer = Answer.builder()
                .line(Wording.pick(INTROS, random))
                .block(branches)
                .line(verdict(matchup.family(), asked))
                .build();
        List<String> facts = asked.stream().map(Company.Product::priceText).toList();
        return new Draft(slots, answer, facts);
    }

    private static String verdict(Company.Family family, List<Company.Product> products) {
        Company.Product cheapest = Collections.min(products, Comparator.comparingInt(Company.Product::price));
        Company.Product leader = Collections.max(products, Comparator.comparingInt(Company.Product::score));
        String leaderName = leader == cheapest ? "it" : leader.name();
        return cheapest.name() + " is the cheapest, and " + leaderName + " " + family.leader() + ".";
    }
}

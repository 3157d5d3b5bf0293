package io.aspd.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * "When are your shops open?": a short fact with its own phrasings. Template k is "the k-th phrasing" of every fact,
 * so holding out (fact, k) leaves that fact and the k-th phrasing of other facts in training.
 */
final class PolicyFactIntent extends TemplatedIntent<Company.PolicyFact> {

    PolicyFactIntent(Company company) {
        super(Category.FACT, "policy", templates(company), company.policyFacts(), Company.PolicyFact::id);
    }

    private static List<String> templates(Company company) {
        int most = company.policyFacts().stream().mapToInt(f -> f.questions().size()).max().orElseThrow();
        return IntStream.rangeClosed(1, most).mapToObj(k -> "{q" + k + "}").toList();
    }

    @Override
    protected Set<String> slotNames(Company.PolicyFact fact) {
        return IntStream.rangeClosed(1, fact.questions().size()).mapToObj(k -> "q" + k).collect(Collectors.toSet());
    }

    @Override
    protected Set<String> requiredSlots(Company.PolicyFact fact) {
        return Set.of();
    }

    @Override
    protected Draft draft(Company.PolicyFact fact, RandomGenerator random) {
        Map<String, String> slots = IntStream.range(0, fact.questions().size()).boxed()
                .collect(Collectors.toMap(i -> "q" + (i + 1), fact.questions()::get));
        return new Draft(slots, Answer.serial(fact.answer()), fact.facts());
    }
}

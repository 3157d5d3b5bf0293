package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * "How can I pay, and how do I fix slow Wi-Fi?": two independent lists in one answer, so two blocks joined by serial
 * text. Entities are ordered pairs of different sections; the answer follows the order of the question.
 */
final class MultiPartIntent extends TemplatedIntent<MultiPartIntent.Pair> {

    record Pair(BlockSection first, BlockSection second) {
        String id() {
            return first.id() + "+" + second.id();
        }
    }

    /* q1/q2: direct questions without the question mark; r1/r2: the same asked indirectly. */
    private static final List<String> TEMPLATES = List.of(
            "{q1}? {q2}?",
            "Can you tell me {r1} and {r2}?",
            "I'd like to know {r1}, and also {r2}.",
            "I have two questions. {q1}? {q2}?",
            "Please explain {r1} and {r2}.",
            "{q1}? Also, please tell me {r2}.",
            "I need to know {r1}. I'm also wondering {r2}.");

    MultiPartIntent(Company company) {
        super(Category.MULTI_PART, "", TEMPLATES, pairs(company), Pair::id);
    }

    private static List<Pair> pairs(Company company) {
        List<BlockSection> sections = new ArrayList<>(BlockSection.listings(company));
        sections.addAll(BlockSection.tips(company));
        List<Pair> pairs = new ArrayList<>();
        for (BlockSection first : sections) {
            for (BlockSection second : sections) {
                if (first != second) {
                    pairs.add(new Pair(first, second));
                }
            }
        }
        return pairs;
    }

    @Override
    protected Set<String> slotNames(Pair pair) {
        return Set.of("q1", "q2", "r1", "r2");
    }

    @Override
    protected Set<String> requiredSlots(Pair pair) {
        return Set.of();
    }

    @Override
    protected Draft draft(Pair pair, RandomGenerator random) {
        Answer.Builder answer = Answer.builder();
        pair.first().appendTo(answer, random, true);
        pair.second().appendTo(answer, random, true);
        Map<String, String> slots = Map.of(
                "q1", Wording.pick(pair.first().direct(), random),
                "q2", Wording.pick(pair.second().direct(), random),
                "r1", Wording.pick(pair.first().indirect(), random),
                "r2", Wording.pick(pair.second().indirect(), random));
        List<String> facts = new ArrayList<>(pair.first().facts());
        facts.addAll(pair.second().facts());
        return new Draft(slots, answer.build(), facts);
    }
}

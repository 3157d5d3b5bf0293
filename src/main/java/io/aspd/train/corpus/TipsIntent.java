package io.aspd.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** "My Wi-Fi is slow, any advice?": every independent tip becomes one branch. */
final class TipsIntent extends TemplatedIntent<TipsIntent.Problem> {

    record Problem(Company.TipTopic topic, BlockSection section) {
    }

    private static final List<String> TEMPLATES = List.of(
            "Any tips for {noun}?",
            "What can I do about {noun}?",
            "How do I fix {noun}?",
            "{Clause}. What should I try?",
            "{Clause}, any advice?",
            "{Clause}, any tips?",
            "What do you recommend when {clause}?",
            "Help, {clause}!",
            "What are your tips for {noun}?",
            "Troubleshooting tips for {noun}, please.");

    TipsIntent(Company company) {
        super(Category.TIPS, "", TEMPLATES, problems(company), p -> p.topic().id());
    }

    private static List<Problem> problems(Company company) {
        List<BlockSection> sections = BlockSection.tips(company);
        return company.tipLists().stream()
                .map(t -> new Problem(t, sections.stream().filter(s -> s.id().equals(t.id())).findFirst().orElseThrow()))
                .toList();
    }

    @Override
    protected Set<String> slotNames(Problem problem) {
        return Set.of("noun", "clause");
    }

    @Override
    protected Set<String> requiredSlots(Problem problem) {
        return Set.of();
    }

    @Override
    protected Draft draft(Problem problem, RandomGenerator random) {
        Answer answer = problem.section().appendTo(Answer.builder(), random, false).build();
        Map<String, String> slots = Map.of(
                "noun", Wording.pick(problem.topic().nouns(), random),
                "clause", Wording.pick(problem.topic().clauses(), random));
        return new Draft(slots, answer, problem.section().facts());
    }
}

package io.aspd.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** "What payment methods do you accept?": every option becomes one branch. */
final class OptionsIntent extends TemplatedIntent<BlockSection> {

    private static final List<String> TEMPLATES = List.of(
            "What {topic} do you have?",
            "Which {topic} are available?",
            "Can you list your {topic}?",
            "What are the {topic}?",
            "Tell me about your {topic}.",
            "I'd like to know your {topic}.",
            "What {topic} can I choose from?",
            "Could you tell me which {topic} you offer?",
            "Which {topic} do you offer?");

    OptionsIntent(Company company) {
        super(Category.OPTIONS, "", TEMPLATES, BlockSection.listings(company), BlockSection::id);
    }

    @Override
    protected Set<String> slotNames(BlockSection section) {
        return Set.of("topic");
    }

    @Override
    protected Draft draft(BlockSection section, RandomGenerator random) {
        Answer answer = section.appendTo(Answer.builder(), random, false).build();
        return new Draft(Map.of("topic", Wording.pick(section.nouns(), random)), answer, section.facts());
    }
}

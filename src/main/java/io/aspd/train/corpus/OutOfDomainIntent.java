package io.aspd.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Questions the assistant must not answer ("Write me a poem"): a polite refusal that names what it can do. */
final class OutOfDomainIntent extends TemplatedIntent<Company.OutOfDomain.Topic> {

    private static final List<String> TEMPLATES = List.of(
            "{question}",
            "Quick question: {question}",
            "Can you help me with something? {Question}",
            "{question} Thanks!",
            "I was wondering: {question}");

    private final Company.OutOfDomain outOfDomain;

    OutOfDomainIntent(Company company) {
        super(Category.OUT_OF_DOMAIN, "", TEMPLATES, company.outOfDomain().topics(), Company.OutOfDomain.Topic::id);
        this.outOfDomain = company.outOfDomain();
    }

    @Override
    protected Set<String> slotNames(Company.OutOfDomain.Topic topic) {
        return Set.of("question");
    }

    @Override
    protected Draft draft(Company.OutOfDomain.Topic topic, RandomGenerator random) {
        return new Draft(Map.of("question", Wording.pick(topic.questions(), random)),
                Answer.serial(Wording.pick(outOfDomain.refusals(), random)), outOfDomain.facts());
    }
}

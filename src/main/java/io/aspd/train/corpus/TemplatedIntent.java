package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The common shape of every intent: a set of entities, a list of question templates, and a rule that drafts the
 * slot values and the answer for one entity. A template applies to an entity when it uses only slots the entity
 * provides and every slot the entity requires (so "... plus the {device}?" pairs only with entities that include a
 * device, and "How much for {months} months of {plan}?" only with entities that do not).
 *
 * @param <E> what the questions are about
 */
abstract class TemplatedIntent<E> implements Intent {

    /** Concrete slot values for one question, with the answer and facts that go with exactly those values. */
    protected record Draft(Map<String, String> slots, Answer answer, List<String> facts) {
    }

    private final Category category;
    private final Map<String, E> entities;
    private final Map<String, QuestionTemplate> templates = new LinkedHashMap<>();

    /**
     * @param name distinguishes template ids of several intents in one category ("fact.price.2"); may be empty
     */
    protected TemplatedIntent(Category category, String name, List<String> patterns, List<E> entities,
                              Function<E, String> entityId) {
        this.category = category;
        String prefix = category.id() + (name.isEmpty() ? "" : "." + name) + ".";
        for (int i = 0; i < patterns.size(); i++) {
            QuestionTemplate template = new QuestionTemplate(prefix + (i + 1), patterns.get(i));
            templates.put(template.id(), template);
        }
        this.entities = new LinkedHashMap<>();
        for (E entity : entities) {
            if (this.entities.put(entityId.apply(entity), entity) != null) {
                throw new IllegalArgumentException("duplicate entity " + entityId.apply(entity));
            }
        }
    }

    /** The slots this entity can fill. */
    protected abstract Set<String> slotNames(E entity);

    /** The slots a template must use to ask about this entity completely; all of them unless overridden. */
    protected Set<String> requiredSlots(E entity) {
        return slotNames(entity);
    }

    protected abstract Draft draft(E entity, RandomGenerator random);

    @Override
    public final Category category() {
        return category;
    }

    @Override
    public final List<Combination> combinations() {
        List<Combination> all = new ArrayList<>();
        entities.forEach((id, entity) -> {
            Set<String> available = slotNames(entity);
            Set<String> required = requiredSlots(entity);
            for (QuestionTemplate template : templates.values()) {
                Set<String> used = template.slots();
                if (available.containsAll(used) && used.containsAll(required)) {
                    all.add(new Combination(category, id, template.id()));
                }
            }
        });
        return all;
    }

    @Override
    public final CorpusRecord generate(Combination combination, RandomGenerator random) {
        E entity = entities.get(combination.entity());
        QuestionTemplate template = templates.get(combination.template());
        if (combination.category() != category || entity == null || template == null) {
            throw new IllegalArgumentException("not a combination of this intent: " + combination);
        }
        Draft draft = draft(entity, random);
        return new CorpusRecord(template.fill(draft.slots()), draft.answer(), category, draft.facts(),
                combination.entity(), combination.template());
    }
}

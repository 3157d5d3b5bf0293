package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Generates the corpus deterministically from the company facts and a seed. Training records are drawn with
 * replacement: a category by its weight, then one of its training pairs uniformly, then random wording. Each
 * held-out pair yields one record, worded by a random source seeded from the pair itself, so the held-out set does
 * not change when the training size does.
 */
public final class CorpusGenerator {

    private final CorpusSettings settings;
    private final QuestionStyle style;
    private final Map<Combination, Intent> intentOf = new LinkedHashMap<>();

    public CorpusGenerator(Company company, CorpusSettings settings) {
        this.settings = settings;
        this.style = new QuestionStyle(company.smallTalk().questionGreetings());
        for (Intent intent : Intents.all(company)) {
            for (Combination combination : intent.combinations()) {
                if (intentOf.put(combination, intent) != null) {
                    throw new IllegalStateException("two intents claim " + combination);
                }
            }
        }
    }

    /** Every (entity, template) pair, in a fixed order. */
    public List<Combination> combinations() {
        return List.copyOf(intentOf.keySet());
    }

    public Set<Combination> heldOutCombinations() {
        return HeldOutSplit.choose(combinations(), settings.heldOutFraction(), settings.maxHeldOutPerCategory(),
                settings.seed());
    }

    public Corpus generate() {
        Set<Combination> heldOut = heldOutCombinations();
        Map<Category, List<Combination>> trainingPairs = new EnumMap<>(Category.class);
        for (Combination combination : intentOf.keySet()) {
            if (!heldOut.contains(combination)) {
                trainingPairs.computeIfAbsent(combination.category(), k -> new ArrayList<>()).add(combination);
            }
        }
        return new Corpus(train(trainingPairs), heldOut(heldOut));
    }

    private List<CorpusRecord> train(Map<Category, List<Combination>> pairs) {
        RandomGenerator random = new SplittableRandom(settings.seed());
        List<Category> categories = List.copyOf(pairs.keySet());
        int totalWeight = categories.stream().mapToInt(Category::trainingWeight).sum();
        List<CorpusRecord> records = new ArrayList<>(settings.trainSize());
        for (int i = 0; i < settings.trainSize(); i++) {
            Category category = weighted(categories, random.nextInt(totalWeight));
            records.add(record(Wording.pick(pairs.get(category), random), random));
        }
        return records;
    }

    private List<CorpusRecord> heldOut(Set<Combination> heldOut) {
        List<CorpusRecord> records = new ArrayList<>(heldOut.size());
        for (Combination combination : heldOut) {
            records.add(record(combination, new SplittableRandom(HeldOutSplit.key(~settings.seed(), combination))));
        }
        return records;
    }

    private CorpusRecord record(Combination combination, RandomGenerator random) {
        return style.apply(intentOf.get(combination).generate(combination, random), random);
    }

    private static Category weighted(List<Category> categories, int ticket) {
        int remaining = ticket;
        for (Category category : categories) {
            remaining -= category.trainingWeight();
            if (remaining < 0) {
                return category;
            }
        }
        throw new IllegalStateException("ticket beyond total weight");
    }
}

package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import tools.jackson.databind.JsonNode;

/**
 * Generates the corpus deterministically from the company facts and a seed. Each category gets its share of the
 * training size by weight; within it every training pair is used once (as far as the share allows, which at the
 * default size it does) and the rest is drawn uniformly with replacement, each with random wording; then all are
 * shuffled. So training sees every entity and template that the held-out set asks about. Each held-out pair yields
 * one record, worded by a random source seeded from the pair itself, so the held-out set does not change with the
 * training size. Training questions are paraphrased from the training part of the phrasing pools, held-out questions
 * from the held-out part (see {@link QuestionStyle}).
 */
public final class CorpusGenerator {

    /** Share of the records of non-tool intents that are sent with tools (which the answer must not call). */
    static final double WITH_TOOLS_RATE = 0.25;

    private final CorpusSettings settings;
    private final QuestionStyle style;
    private final Company.Toolset toolset;
    private final Map<Combination, Intent> intentOf = new LinkedHashMap<>();

    public CorpusGenerator(Company company, CorpusSettings settings) {
        this(company, Phrasing.load(), settings);
    }

    CorpusGenerator(Company company, Phrasing phrasing, CorpusSettings settings) {
        this.settings = settings;
        List<String> names = new ArrayList<>();
        company.products().forEach(p -> {
            names.add(p.name());
            names.addAll(p.aliases());
        });
        phrasing.unknownProducts().forEach(u -> names.addAll(u.names()));
        this.style = new QuestionStyle(company.smallTalk().questionGreetings(), phrasing, names);
        this.toolset = company.toolset();
        for (Intent intent : Intents.all(company, phrasing)) {
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
        Map<Category, Integer> quotas = quotas(pairs.keySet());
        List<CorpusRecord> records = new ArrayList<>(settings.trainSize());
        for (Map.Entry<Category, List<Combination>> category : pairs.entrySet()) {
            List<Combination> order = Wording.shuffled(category.getValue(), random);
            int quota = quotas.get(category.getKey());
            for (int i = 0; i < quota; i++) {
                Combination pair = i < order.size() ? order.get(i) : Wording.pick(order, random);
                records.add(record(pair, random, PhrasingSplit.TRAIN));
            }
        }
        return Wording.shuffled(records, random);
    }

    /** Each category's share of the training size by weight; the rounding remainder goes to the first categories. */
    private Map<Category, Integer> quotas(Set<Category> categories) {
        int totalWeight = categories.stream().mapToInt(Category::trainingWeight).sum();
        Map<Category, Integer> quotas = new EnumMap<>(Category.class);
        int assigned = 0;
        for (Category category : categories) {
            int quota = (int) ((long) settings.trainSize() * category.trainingWeight() / totalWeight);
            quotas.put(category, quota);
            assigned += quota;
        }
        for (Category category : categories) {
            if (assigned == settings.trainSize()) {
                break;
            }
            quotas.merge(category, 1, Integer::sum);
            assigned++;
        }
        return quotas;
    }

    private List<CorpusRecord> heldOut(Set<Combination> heldOut) {
        List<CorpusRecord> records = new ArrayList<>(heldOut.size());
        for (Combination combination : heldOut) {
            records.add(record(combination, new SplittableRandom(HeldOutSplit.key(~settings.seed(), combination)),
                    PhrasingSplit.HELD_OUT));
        }
        return records;
    }

    /** One training record for a pair, worded by {@code random}: what tests sweep. */
    public CorpusRecord record(Combination combination, RandomGenerator random) {
        return record(combination, random, PhrasingSplit.TRAIN);
    }

    /** One record for a pair, worded by {@code random} from one part of the phrasing pools: how both sets are made. */
    CorpusRecord record(Combination combination, RandomGenerator random, PhrasingSplit split) {
        Intent intent = intentOf.get(combination);
        if (intent == null) {
            throw new IllegalArgumentException("unknown pair " + combination);
        }
        CorpusRecord record = intent.generate(combination, random);
        if (!intent.styled()) {
            return record;
        }
        record = style.apply(record, random, split);
        // Tools present must not mean "call one": a share of the other questions is asked with tools available.
        return random.nextDouble() < WITH_TOOLS_RATE ? record.withTools(toolsOffered(random)) : record;
    }

    /** One or two of the toolset's tools, in a random order. */
    private List<JsonNode> toolsOffered(RandomGenerator random) {
        List<JsonNode> tools = Wording.shuffled(toolset.tools(), random);
        return tools.subList(0, 1 + random.nextInt(2));
    }

}

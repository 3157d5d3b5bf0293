package io.aspd.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CorpusGeneratorTest {

    private static final CorpusSettings SETTINGS = CorpusSettings.defaults();

    private static Company company;
    private static CorpusGenerator generator;
    private static Corpus corpus;
    /** One record for every (entity, template) pair: the whole space the generator can produce. */
    private static List<CorpusRecord> everyPair;

    @BeforeAll
    static void generate() {
        company = Company.load();
        generator = new CorpusGenerator(company, SETTINGS);
        corpus = generator.generate();
        SplittableRandom random = new SplittableRandom(1);
        everyPair = generator.combinations().stream().map(c -> generator.record(c, random)).toList();
    }

    @Test
    void noHeldOutPairAppearsInTraining() {
        Set<Combination> training = corpus.train().stream().map(CorpusRecord::combination).collect(Collectors.toSet());
        Set<Combination> heldOut = corpus.heldOut().stream().map(CorpusRecord::combination).collect(Collectors.toSet());

        assertThat(heldOut).hasSize(corpus.heldOut().size()).doesNotContainAnyElementsOf(training);
    }

    @Test
    void trainingUsesEveryPairThatIsNotHeldOut() {
        Set<Combination> heldOut = generator.heldOutCombinations();
        Set<Combination> expected = generator.combinations().stream()
                .filter(c -> !heldOut.contains(c)).collect(Collectors.toSet());

        assertThat(corpus.train().stream().map(CorpusRecord::combination).collect(Collectors.toSet()))
                .isEqualTo(expected);
    }

    @Test
    void heldOutPairsCombineAnEntityAndATemplateThatTrainingHasSeenSeparately() {
        Set<String> trainingEntities = corpus.train().stream()
                .map(r -> r.category() + "|" + r.entity()).collect(Collectors.toSet());
        Set<String> trainingTemplates = corpus.train().stream().map(CorpusRecord::template).collect(Collectors.toSet());

        for (CorpusRecord record : corpus.heldOut()) {
            assertThat(trainingEntities).contains(record.category() + "|" + record.entity());
            assertThat(trainingTemplates).contains(record.template());
        }
    }

    @Test
    void everyCategoryAppearsInBothSets() {
        Set<Category> all = EnumSet.allOf(Category.class);

        assertThat(corpus.train().stream().map(CorpusRecord::category).collect(Collectors.toSet())).isEqualTo(all);
        assertThat(corpus.heldOut().stream().map(CorpusRecord::category).collect(Collectors.toSet())).isEqualTo(all);
    }

    @Test
    void noHeldOutQuestionIsWordForWordATrainingQuestion() {
        // A follow-up ("And how much is that one?") is asked after an earlier question: the user's words together.
        Function<CorpusRecord, String> normal = r -> (r.history().stream().map(DialogTurn::content)
                .collect(Collectors.joining(" | ")) + " | " + r.question())
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 |]", "").strip();
        Set<String> training = corpus.train().stream().map(normal).collect(Collectors.toSet());

        assertThat(corpus.heldOut()).noneMatch(r -> training.contains(normal.apply(r)));
    }

    @Test
    void isDeterministicForASeed() {
        CorpusSettings small = new CorpusSettings(7, 5_000, 0.2, 80);
        Corpus once = new CorpusGenerator(company, small).generate();
        Corpus again = new CorpusGenerator(company, small).generate();
        Corpus otherSeed = new CorpusGenerator(company, new CorpusSettings(8, 5_000, 0.2, 80)).generate();

        assertThat(again).isEqualTo(once);
        assertThat(otherSeed.train()).isNotEqualTo(once.train());
        assertThat(otherSeed.heldOut()).isNotEqualTo(once.heldOut());
    }

    @Test
    void heldOutSetDoesNotDependOnTheTrainingSize() {
        Corpus small = new CorpusGenerator(company, new CorpusSettings(7, 100, 0.2, 80)).generate();

        assertThat(small.train()).hasSize(100);
        assertThat(small.heldOut()).isEqualTo(corpus.heldOut());
    }

    @Test
    void trainingMixFollowsTheCategoryWeightsAndIsShuffled() {
        int totalWeight = Arrays.stream(Category.values()).mapToInt(Category::trainingWeight).sum();
        Map<Category, Long> counts = corpus.train().stream()
                .collect(Collectors.groupingBy(CorpusRecord::category, Collectors.counting()));

        assertThat(corpus.train()).hasSize(SETTINGS.trainSize());
        for (Category category : Category.values()) {
            double expected = (double) SETTINGS.trainSize() * category.trainingWeight() / totalWeight;
            assertThat((double) counts.get(category)).as(category.id()).isCloseTo(expected, within(1.0));
        }
        assertThat(CorpusStats.parallelShare(corpus.train())).isBetween(0.4, 0.6);
        // Shuffled: the first thousand records already hold every category.
        assertThat(corpus.train().subList(0, 1_000).stream().map(CorpusRecord::category).distinct()).hasSize(
                Category.values().length);
    }

    @Test
    void everyPairGeneratesARecordWhoseFactsAreInThePlainAnswer() {
        assertThat(everyPair).hasSize(generator.combinations().size());
        for (CorpusRecord record : everyPair) {
            assertThat(record.facts()).as(record.combination().toString()).isNotEmpty();
            if (record.endsWithCalls()) {
                String arguments = String.join(" ", record.calls().stream().map(ToolInvocation::argumentsJson).toList());
                assertThat(arguments).contains(record.facts());
                assertThat(record.question()).contains(record.facts());
            } else {
                assertThat(record.answer().plain()).contains(record.facts());
            }
        }
    }

    @Test
    void parallelAnswersFollowTheMarkupGrammarAndSerialAnswersHaveNoMarkup() {
        List<CorpusRecord> records = new ArrayList<>(everyPair);
        records.addAll(corpus.train().subList(0, 5_000));
        records.removeIf(CorpusRecord::endsWithCalls);
        for (CorpusRecord record : records) {
            String markup = record.answer().markup();
            MarkupGrammar.Parsed parsed = MarkupGrammar.parse(markup);
            int expectedBlocks = record.category() == Category.MULTI_PART ? 2 : record.parallelizable() ? 1 : 0;

            assertThat(parsed.blocks()).as(markup).hasSize(expectedBlocks);
            assertThat(parsed.rendered()).isEqualTo(record.answer().plain());
            for (List<MarkupGrammar.ParsedBranch> block : parsed.blocks()) {
                assertThat(block).hasSizeBetween(2, 6);
                assertThat(block.stream().map(MarkupGrammar.ParsedBranch::title).distinct()).hasSize(block.size());
                assertThat(block).allMatch(b -> b.title().split(" ").length <= 3);
            }
            // Line breaks live in the serial text around a block (the project's whitespace rule).
            for (int i = 0; i < parsed.blocks().size(); i++) {
                String before = parsed.serials().get(i);
                String after = parsed.serials().get(i + 1);
                assertThat(before.isEmpty() || before.endsWith("\n")).as(markup).isTrue();
                assertThat(after.isEmpty() || after.startsWith("\n")).as(markup).isTrue();
            }
        }
    }

    @Test
    void proceduresAreNumberedStepsInOrder() {
        for (CorpusRecord record : everyPair) {
            if (record.category() != Category.PROCEDURE) {
                continue;
            }
            List<String> steps = record.answer().plain().lines().filter(l -> l.matches("\\d+\\. .*")).toList();
            Company.Procedure procedure = company.procedures().stream()
                    .filter(p -> p.id().equals(record.entity())).findFirst().orElseThrow();
            assertThat(steps).hasSize(procedure.steps().size());
            for (int i = 0; i < steps.size(); i++) {
                assertThat(steps.get(i)).isEqualTo((i + 1) + ". " + procedure.steps().get(i).text());
            }
        }
    }

    @Test
    void arithmeticAnswersMatchAReferenceComputation() {
        Map<String, Company.Product> products = company.products().stream()
                .collect(Collectors.toMap(Company.Product::id, p -> p));
        int checked = 0;
        for (CorpusRecord record : everyPair) {
            if (record.category() != Category.ARITHMETIC) {
                continue;
            }
            String expected = referenceTotal(record, products);
            assertThat(record.facts()).as(record.entity()).last().isEqualTo(expected);
            assertThat(record.answer().plain()).endsWith("= " + expected + ".");
            checked++;
        }
        assertThat(checked).isGreaterThan(300);
    }

    /** Recomputes the total from the entity id and the raw prices, independently of the intents. */
    private static String referenceTotal(CorpusRecord record, Map<String, Company.Product> products) {
        String kind = record.template().split("\\.")[1];
        String[] parts = record.entity().split("[/+]");
        int plan = products.get(parts[0]).price();
        return switch (kind) {
            case "plan_cost" -> {
                int months = Integer.parseInt(parts[1].replace("m", ""));
                int device = parts.length > 2 ? products.get(parts[2]).price() : 0;
                yield "$" + String.format(Locale.ROOT, "%,d", months * plan + device);
            }
            case "bundle" -> "$" + (plan + Arrays.stream(parts).skip(1).mapToInt(id -> products.get(id).price()).sum())
                    + "/month";
            case "lines" -> "$" + Integer.parseInt(parts[1].replace("lines", "")) * plan + "/month";
            case "yearly" -> "$" + String.format(Locale.ROOT, "%,d", 12 * plan);
            default -> throw new AssertionError("unknown arithmetic template " + record.template());
        };
    }

    @Test
    void yesNoAnswersAgreeWithTheFacts() {
        for (CorpusRecord record : everyPair) {
            if (record.category() != Category.YES_NO) {
                continue;
            }
            String answer = record.answer().plain().replaceFirst("^" + QuestionStyle.ANSWER_GREETING, "");
            boolean yes = answer.startsWith("Yes,");
            assertThat(yes || answer.startsWith("No,")).as(answer).isTrue();
            String kind = record.template().split("\\.")[1];
            boolean expected = switch (kind) {
                case "return" -> Integer.parseInt(record.entity().replace("d", ""))
                        <= company.policies().returnWindowDays();
                case "payment" -> company.payments().accepted().contains(record.entity());
                case "feature" -> {
                    String[] parts = record.entity().split("/", 2);
                    yield company.products().stream().filter(p -> p.id().equals(parts[0])).findFirst().orElseThrow()
                            .features().stream().filter(f -> f.feature().equals(parts[1])).findFirst().orElseThrow()
                            .included();
                }
                default -> throw new AssertionError("unknown yes/no template " + record.template());
            };
            assertThat(yes).as(record.question()).isEqualTo(expected);
        }
    }

    @Test
    void comparisonBranchesFollowTheOrderOfTheQuestion() {
        for (CorpusRecord record : corpus.train().subList(0, 5_000)) {
            if (record.category() != Category.COMPARISON) {
                continue;
            }
            String question = record.question().toLowerCase(Locale.ROOT);
            List<String> titles = MarkupGrammar.parse(record.answer().markup()).blocks().get(0).stream()
                    .map(MarkupGrammar.ParsedBranch::title).toList();
            List<Integer> positions = titles.stream().map(name -> company.products().stream()
                    .filter(p -> p.name().equals(name)).findFirst().orElseThrow().aliases().stream()
                    .mapToInt(alias -> question.indexOf(alias.toLowerCase(Locale.ROOT)))
                    .filter(i -> i >= 0).min().orElseThrow(() -> new AssertionError(record.question()))).toList();
            assertThat(positions).as(record.question()).isSorted();
        }
    }

    @Test
    void greetedQuestionsGetAGreetedAnswer() {
        List<String> greetings = company.smallTalk().questionGreetings();
        List<CorpusRecord> greeted = corpus.train().stream()
                .filter(r -> r.category() != Category.GREETING && r.category() != Category.THANKS)
                .filter(r -> greetings.stream().anyMatch(g -> r.question().toLowerCase(Locale.ROOT)
                        .matches(g.toLowerCase(Locale.ROOT) + "[,!] .*")))
                .toList();

        assertThat(greeted.size() / (double) corpus.train().size()).isBetween(0.08, 0.14);
        assertThat(greeted).allMatch(r -> r.answer().plain().startsWith(QuestionStyle.ANSWER_GREETING));
    }

    /** Lower case without sentence punctuation, padded with spaces so phrases match on word boundaries. */
    private static String normalized(String text) {
        return " " + text.toLowerCase(Locale.ROOT).replaceAll("[?!,:]", " ").replaceAll("\\.(\\s|$)", " ")
                .replaceAll("\\s+", " ").strip() + " ";
    }

    /** Every phrase and word variant that only held-out questions may use. */
    private static List<String> heldOutPhrasings(Phrasing phrasing) {
        List<String> phrases = new ArrayList<>();
        phrases.addAll(phrasing.leadIns().heldOut());
        phrases.addAll(phrasing.contexts().heldOut());
        phrases.addAll(phrasing.closers().heldOut());
        phrasing.synonyms().forEach(v -> phrases.addAll(v.heldOut()));
        phrasing.misspellings().forEach(v -> phrases.addAll(v.heldOut()));
        return phrases.stream().map(CorpusGeneratorTest::normalized).distinct().toList();
    }

    @Test
    void noHeldOutPhrasingAppearsInTrainingButHeldOutQuestionsUseThem() {
        List<String> heldOutOnly = heldOutPhrasings(Phrasing.load());
        List<String> training = corpus.train().stream().map(r -> normalized(r.question())).distinct().toList();
        for (String phrase : heldOutOnly) {
            assertThat(training).as(phrase).noneMatch(q -> q.contains(phrase));
        }
        List<CorpusRecord> paraphrasable = corpus.heldOut().stream()
                .filter(r -> r.category() != Category.GREETING && r.category() != Category.THANKS).toList();
        long withHeldOutPhrase = paraphrasable.stream().map(r -> normalized(r.question()))
                .filter(q -> heldOutOnly.stream().anyMatch(q::contains)).count();
        assertThat(withHeldOutPhrase).isGreaterThan(paraphrasable.size() / 2);
    }

    @Test
    void trainingQuestionsArePhrasedInManyWays() {
        Phrasing phrasing = Phrasing.load();
        List<String> questions = corpus.train().stream().map(r -> normalized(r.question())).toList();
        List<String> aroundPhrases = new ArrayList<>(phrasing.leadIns().train());
        aroundPhrases.addAll(phrasing.contexts().train());
        aroundPhrases.addAll(phrasing.closers().train());
        for (String phrase : aroundPhrases) {
            assertThat(questions).as(phrase).anyMatch(q -> q.contains(normalized(phrase)));
        }
        long distinct = questions.stream().distinct().count();
        assertThat(distinct).isGreaterThan(questions.size() * 3L / 5);
    }

    @Test
    void slipsAreSwapsOrDropsInTrainingAndDoubledLettersWhenHeldOut() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1_000; i++) {
            String word = List.of("signal", "router", "monthly", "speed", "abroad").get(i % 5);
            String train = QuestionStyle.slip(word, random, PhrasingSplit.TRAIN);
            String heldOut = QuestionStyle.slip(word, random, PhrasingSplit.HELD_OUT);

            assertThat(train).isNotEqualTo(word).startsWith(word.substring(0, 1));
            boolean dropped = train.length() == word.length() - 1;
            boolean swapped = train.length() == word.length()
                    && train.chars().sorted().boxed().toList().equals(word.chars().sorted().boxed().toList());
            assertThat(dropped || swapped).as(word + " -> " + train).isTrue();
            assertThat(heldOut).hasSize(word.length() + 1).startsWith(word.substring(0, 1));
        }
    }

    @Test
    void productNamesAreNeverParaphrased() {
        for (CorpusRecord record : corpus.train()) {
            if (record.category() != Category.OVERVIEW && record.category() != Category.COMPARISON) {
                continue;
            }
            String question = record.question().toLowerCase(Locale.ROOT);
            String alias = company.products().stream().flatMap(p -> p.aliases().stream())
                    .filter(a -> question.contains(a.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
            assertThat(alias).as(record.question()).isNotNull();
        }
    }

    @Test
    void unknownProductsAreCorrectedWithTheRealOnes() {
        Phrasing phrasing = Phrasing.load();
        List<String> real = company.products().stream()
                .flatMap(p -> Stream.concat(Stream.of(p.name()), p.aliases().stream()))
                .map(n -> n.toLowerCase(Locale.ROOT)).toList();
        for (Phrasing.UnknownProducts unknown : phrasing.unknownProducts()) {
            assertThat(unknown.names()).noneMatch(n -> real.contains(n.toLowerCase(Locale.ROOT)));
        }
        List<CorpusRecord> corrections = everyPair.stream().filter(r -> r.template().startsWith("fact.unknown.")).toList();
        assertThat(corrections).isNotEmpty();
        for (CorpusRecord record : corrections) {
            String family = phrasing.unknownProducts().stream()
                    .filter(u -> u.names().stream().anyMatch(n -> record.entity().startsWith("unknown:" + n)))
                    .findFirst().orElseThrow().family();
            assertThat(record.answer().plain()).contains("we don't have")
                    .contains(company.productsOf(family).stream().map(Company.Product::name).toList());
        }
    }

    /** Sentences of a branch body: a full stop, question or exclamation mark followed by a capital letter. */
    private static int sentences(String body) {
        return body.split("(?<=[.!?])\\s+(?=[A-Z0-9])").length;
    }

    @Test
    void singleBlockAnswersHaveRichIndependentBranches() {
        Map<Category, List<Integer>> sentenceCounts = new EnumMap<>(Category.class);
        for (CorpusRecord record : everyPair) {
            if (!record.parallelizable() || record.category() == Category.MULTI_PART) {
                continue;
            }
            List<Branch> branches = record.answer().segments().stream()
                    .filter(Answer.Block.class::isInstance).map(Answer.Block.class::cast)
                    .findFirst().orElseThrow().branches();
            assertThat(branches).as(record.entity()).hasSizeBetween(2, 6);
            for (Branch branch : branches) {
                int count = sentences(branch.body());
                assertThat(count).as(branch.body()).isBetween(1, 3);
                sentenceCounts.computeIfAbsent(record.category(), k -> new ArrayList<>()).add(count);
                // Independent: no branch points at a sibling.
                assertThat(branch.body().toLowerCase(Locale.ROOT)).doesNotContain("above", "below", "previous",
                        "the other one", "as well as that");
            }
        }
        for (Category category : List.of(Category.OPTIONS, Category.TIPS, Category.COMPARISON)) {
            List<Integer> counts = sentenceCounts.get(category);
            assertThat(counts.stream().filter(c -> c >= 2).count()).as(category.id())
                    .isGreaterThanOrEqualTo(counts.size() * 9L / 10);
        }
        List<Integer> overview = sentenceCounts.get(Category.OVERVIEW);
        assertThat(overview.stream().filter(c -> c >= 2).count()).isGreaterThan(overview.size() / 2);
    }

    @Test
    void mostSingleBlockAnswersHaveThreeToSixBranches() {
        List<Long> blockSizes = everyPair.stream()
                // Two-part answers have two blocks, and answers from tool results one branch per lookup.
                .filter(r -> r.parallelizable() && r.category() != Category.MULTI_PART
                        && r.category() != Category.TOOL_ANSWERS)
                .map(r -> r.answer().segments().stream().filter(Answer.Block.class::isInstance)
                        .map(Answer.Block.class::cast).findFirst().orElseThrow().branches().stream().count())
                .toList();
        assertThat(blockSizes.stream().filter(n -> n >= 3 && n <= 6).count())
                .isGreaterThanOrEqualTo(blockSizes.size() * 3L / 4);
    }
}

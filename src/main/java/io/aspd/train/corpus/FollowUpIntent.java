package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Follow-up turns: the history holds a question about a product and its answer; the follow-up refers back to it
 * ("And how much is that one?", "What about its contract?", "And the other one?") and is answered about the product
 * it means. The history's answer is plain text, as a client sends back what the user read.
 */
final class FollowUpIntent implements Intent {

    private static final List<String> FIRST_QUESTIONS = List.of("What does {product} offer?",
            "Tell me about {product}.", "What is {product} like?", "Can you describe {product}?");

    /** The first two ask the product's price, the next two another aspect, the last the other product of two. */
    private static final List<String> FOLLOW_UPS = List.of("And how much is that one?", "how much does it cost",
            "What about its {aspect}?", "And the {aspect} on that one?", "What about the other one?");

    private static final int OTHER_ONE = 4;

    private final Company company;

    FollowUpIntent(Company company) {
        this.company = company;
    }

    @Override
    public Category category() {
        return Category.FOLLOW_UP;
    }

    @Override
    public List<Combination> combinations() {
        List<Combination> all = new ArrayList<>();
        for (Company.Product product : company.products()) {
            for (int t = 1; t <= FOLLOW_UPS.size(); t++) {
                all.add(new Combination(Category.FOLLOW_UP, product.id(), templateId(t)));
            }
        }
        return all;
    }

    private static String templateId(int t) {
        return Category.FOLLOW_UP.id() + "." + t;
    }

    @Override
    public CorpusRecord generate(Combination combination, RandomGenerator random) {
        Company.Product product = company.products().stream().filter(p -> p.id().equals(combination.entity()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown product " + combination));
        int t = Integer.parseInt(combination.template().substring(combination.template().lastIndexOf('.') + 1)) - 1;
        if (combination.category() != Category.FOLLOW_UP || t < 0 || t >= FOLLOW_UPS.size()) {
            throw new IllegalArgumentException("not a combination of this intent: " + combination);
        }
        String first = FIRST_QUESTIONS.get(random.nextInt(FIRST_QUESTIONS.size()))
                .replace("{product}", Wording.pick(product.aliases(), random));
        Company.Product subject = product;
        if (t == OTHER_ONE) {
            List<Company.Product> siblings = company.productsOf(product.family()).stream()
                    .filter(p -> !p.id().equals(product.id())).toList();
            subject = Wording.pick(siblings, random);
            first = "I'm deciding between " + product.name() + " and " + subject.name() + ". " + first;
        }
        Company.Item aspect = t < 2 ? priceOf(product) : t == OTHER_ONE ? null
                : Wording.pick(product.aspects().stream().filter(a -> !a.title().equals("Price")).toList(), random);
        String followUp = FOLLOW_UPS.get(t).replace("{aspect}",
                aspect == null ? "" : aspect.title().toLowerCase(Locale.ROOT));
        Answer answer;
        List<String> facts;
        if (aspect == null) {
            answer = Answer.serial(overview(subject));
            facts = List.of(subject.name(), subject.headline());
        } else {
            answer = Answer.serial(product.name() + ": " + aspect.body());
            facts = List.of(product.name(), aspect.fact());
        }
        List<DialogTurn> history = List.of(DialogTurn.user(first), DialogTurn.assistant(overview(product)));
        return new CorpusRecord(history, followUp, List.of(), answer, List.of(), List.of(), Category.FOLLOW_UP,
                facts, combination.entity(), combination.template());
    }

    private static String overview(Company.Product product) {
        return product.name() + " offers " + product.headline() + ". It is best for " + product.bestFor() + ".";
    }

    private static Company.Item priceOf(Company.Product product) {
        return product.aspects().stream().filter(a -> a.title().equals("Price")).findFirst()
                .orElseThrow(() -> new IllegalStateException(product.id() + " has no Price aspect"));
    }
}

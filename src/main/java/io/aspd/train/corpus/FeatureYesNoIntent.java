package io.aspd.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** "Does Plus 500 include free installation?": answered from the product's feature list, with the reason. */
final class FeatureYesNoIntent extends TemplatedIntent<FeatureYesNoIntent.Question> {

    record Question(Company.Product product, Company.Feature feature) {
        String id() {
            return product.id() + "/" + feature.feature();
        }
    }

    private static final List<String> TEMPLATES = List.of(
            "Does {product} include {feature}?",
            "Is {feature} included with {product}?",
            "Does {product} come with {feature}?",
            "Do I get {feature} with {product}?");

    FeatureYesNoIntent(Company company) {
        super(Category.YES_NO, "feature", TEMPLATES, questions(company), Question::id);
    }

    private static List<Question> questions(Company company) {
        return company.products().stream()
                .flatMap(p -> p.features().stream().map(f -> new Question(p, f)))
                .toList();
    }

    @Override
    protected Set<String> slotNames(Question question) {
        return Set.of("product", "feature");
    }

    @Override
    protected Draft draft(Question question, RandomGenerator random) {
        Company.Product product = question.product();
        Company.Feature feature = question.feature();
        String verdict = feature.included()
                ? "Yes, " + product.name() + " includes " + feature.feature() + "."
                : "No, " + product.name() + " doesn't include " + feature.feature() + ".";
        Map<String, String> slots = Map.of(
                "product", Wording.pick(product.aliases(), random),
                "feature", feature.feature());
        return new Draft(slots, Answer.serial(verdict + " " + feature.note()),
                List.of(feature.included() ? "Yes," : "No,"));
    }
}

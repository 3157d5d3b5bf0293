package io.aspd.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * "How fast is Plus 500?": one attribute of one product, answered in a sentence. One instance per attribute; the
 * entity is "product/attribute", so the split keeps every attribute of every product in training under another
 * phrasing.
 */
final class ProductFactIntent extends TemplatedIntent<Company.Product> {

    /** A sentence with the facts it states. */
    record Statement(String sentence, List<String> facts) {
    }

    private final Function<Company.Product, Statement> statement;

    private ProductFactIntent(Company company, String attribute, List<String> templates,
                              Predicate<Company.Product> applies, Function<Company.Product, Statement> statement) {
        super(Category.FACT, attribute, templates, company.products().stream().filter(applies).toList(),
                p -> p.id() + "/" + attribute);
        this.statement = statement;
    }

    static List<Intent> all(Company company) {
        return List.of(price(company), speed(company), data(company), contract(company), coverage(company));
    }

    private static ProductFactIntent price(Company company) {
        return new ProductFactIntent(company, "price", List.of(
                "How much is {product}?",
                "What does {product} cost?",
                "What's the price of {product}?",
                "How much do I pay for {product}?"),
                p -> true,
                p -> new Statement(p.per() == Company.Billing.MONTH
                        ? p.name() + " costs " + p.priceText() + "."
                        : p.name() + " costs " + p.priceText() + ", paid once.", List.of(p.priceText())));
    }

    private static ProductFactIntent speed(Company company) {
        return new ProductFactIntent(company, "speed", List.of(
                "How fast is {product}?",
                "What speed does {product} give me?",
                "What's the download speed of {product}?",
                "How many Mbps do I get with {product}?"),
                p -> p.downMbps() != null,
                p -> {
                    String down = p.downMbps() + " Mbps";
                    String up = p.upMbps() + " Mbps";
                    return new Statement(p.name() + " gives you " + down + " download and " + up + " upload.",
                            List.of(down, up));
                });
    }

    private static ProductFactIntent data(Company company) {
        return new ProductFactIntent(company, "data", List.of(
                "How much data comes with {product}?",
                "What's the data allowance on {product}?",
                "How many GB do I get with {product}?",
                "Is there a data limit on {product}?"),
                p -> p.family().equals("mobile"),
                p -> p.dataGb() == null
                        ? new Statement(p.name() + " has unlimited data, calls and texts.", List.of("unlimited data"))
                        : new Statement(p.name() + " includes " + p.dataGb()
                                + " GB of data a month, plus unlimited calls and texts.", List.of(p.dataGb() + " GB")));
    }

    private static ProductFactIntent contract(Company company) {
        return new ProductFactIntent(company, "contract", List.of(
                "How long is the contract for {product}?",
                "What's the minimum term of {product}?",
                "How long am I tied in with {product}?",
                "What contract length does {product} have?"),
                p -> p.contractMonths() != null,
                p -> p.contractMonths() == 0
                        ? new Statement(p.name() + " has no fixed contract: it runs month to month and you can cancel"
                                + " with 30 days' notice.", List.of("month to month", "30 days"))
                        : new Statement(p.name() + " has a " + p.contractMonths() + "-month contract.",
                                List.of(p.contractMonths() + "-month")));
    }

    private static ProductFactIntent coverage(Company company) {
        return new ProductFactIntent(company, "coverage", List.of(
                "How much space does {product} cover?",
                "What's the range of {product}?",
                "How big a home does {product} cover?",
                "What area does {product} cover?"),
                p -> p.coverageM2() != null,
                p -> {
                    String area = p.coverageM2() + " m²";
                    return new Statement(p.name() + " covers up to " + area + " with Wi-Fi.", List.of(area));
                });
    }

    @Override
    protected Set<String> slotNames(Company.Product product) {
        return Set.of("product");
    }

    @Override
    protected Draft draft(Company.Product product, RandomGenerator random) {
        Statement said = statement.apply(product);
        return new Draft(Map.of("product", Wording.pick(product.aliases(), random)), Answer.serial(said.sentence()),
                said.facts());
    }
}

package io.aspd.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** "What does Plus 500 cost over a year?": twelve times the monthly price. */
final class YearlyCostIntent extends TemplatedIntent<Company.Product> {

    private static final List<String> TEMPLATES = List.of(
            "How much is {product} per year?",
            "What does {product} cost over a year?",
            "What's the yearly cost of {product}?");

    YearlyCostIntent(Company company) {
        super(Category.ARITHMETIC, "yearly", TEMPLATES,
                company.products().stream().filter(p -> p.per() == Company.Billing.MONTH).toList(),
                p -> p.id() + "/year");
    }

    @Override
    protected Set<String> slotNames(Company.Product product) {
        return Set.of("product");
    }

    @Override
    protected Draft draft(Company.Product product, RandomGenerator random) {
        String total = Money.format(12 * product.price());
        String sentence = product.name() + " costs " + product.priceText() + ", so a year costs 12 × "
                + Money.format(product.price()) + " = " + total + ".";
        return new Draft(Map.of("product", Wording.pick(product.aliases(), random)), Answer.serial(sentence),
                List.of(total));
    }
}

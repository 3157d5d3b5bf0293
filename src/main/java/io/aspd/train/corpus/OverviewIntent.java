package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** "Tell me about Plus 500.": one branch per aspect of the product (speed, price, contract, ...). */
final class OverviewIntent extends TemplatedIntent<Company.Product> {

    private static final List<String> TEMPLATES = List.of(
            "Tell me about {product}.",
            "What does {product} include?",
            "Give me an overview of {product}.",
            "What are the main features of {product}?",
            "What do I get with {product}?",
            "Can you describe {product}?",
            "What's included in {product}?",
            "I'm interested in {product}. What does it offer?");

    private static final List<String> INTROS = List.of(
            "Here's what {name} includes:",
            "{name} at a glance:",
            "Here is an overview of {name}:");

    OverviewIntent(Company company) {
        super(Category.OVERVIEW, "", TEMPLATES, company.products(), Company.Product::id);
    }

    @Override
    protected Set<String> slotNames(Company.Product product) {
        return Set.of("product");
    }

    @Override
    protected Draft draft(Company.Product product, RandomGenerator random) {
        List<Branch> branches = product.aspects().stream().map(a -> new Branch(a.title(), a.fullBody())).toList();
        Answer answer = Answer.builder()
                .line(Wording.pick(INTROS, random).replace("{name}", product.name()))
                .block(branches)
                .line("It is a good fit for " + product.bestFor() + ".")
                .build();
        List<String> facts = new ArrayList<>(product.aspects().stream().map(Company.Item::fact).toList());
        if (!facts.contains(product.priceText())) {
            facts.add(product.priceText());
        }
        return new Draft(Map.of("product", Wording.pick(product.aliases(), random)), answer, facts);
    }
}

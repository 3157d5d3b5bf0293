package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** "What would I pay per month for Plus 500 with TV Pack and Static IP?": a sum of monthly prices. */
final class BundleCostIntent extends TemplatedIntent<BundleCostIntent.Bundle> {

    record Bundle(Company.Product plan, List<Company.Product> addons) {
        String id() {
            return plan.id() + "+" + addons.stream().map(Company.Product::id).collect(Collectors.joining("+"));
        }
    }

    private static final List<String> TEMPLATES = List.of(
            "What would my monthly bill be for {plan} with {addons}?",
            "How much per month for {plan} plus {addons}?",
            "If I add {addons} to {plan}, what do I pay each month?",
            "{Plan} with {addons}: what's the monthly total?");

    BundleCostIntent(Company company) {
        super(Category.ARITHMETIC, "bundle", TEMPLATES, bundles(company), Bundle::id);
    }

    /** Every internet plan with one or two add-ons. */
    private static List<Bundle> bundles(Company company) {
        List<Company.Product> addons = company.productsOf("addon");
        List<Bundle> bundles = new ArrayList<>();
        for (Company.Product plan : company.productsOf("internet")) {
            for (int i = 0; i < addons.size(); i++) {
                bundles.add(new Bundle(plan, List.of(addons.get(i))));
                for (int j = i + 1; j < addons.size(); j++) {
                    bundles.add(new Bundle(plan, List.of(addons.get(i), addons.get(j))));
                }
            }
        }
        return bundles;
    }

    @Override
    protected Set<String> slotNames(Bundle bundle) {
        return Set.of("plan", "addons");
    }

    @Override
    protected Draft draft(Bundle bundle, RandomGenerator random) {
        Company.Product plan = bundle.plan();
        List<Company.Product> items = new ArrayList<>(List.of(plan));
        items.addAll(bundle.addons());
        int total = items.stream().mapToInt(Company.Product::price).sum();
        String sum = items.stream().map(p -> Money.format(p.price())).collect(Collectors.joining(" + "));
        String totalText = Money.format(total) + "/month";
        List<String> parts = new ArrayList<>(List.of(plan.name() + " is " + plan.priceText()));
        bundle.addons().forEach(a -> parts.add(a.name() + " adds " + a.priceText()));
        String sentence = Wording.joinAnd(parts) + ", so you would pay " + sum + " = " + totalText + ".";
        Map<String, String> slots = Map.of(
                "plan", Wording.pick(plan.aliases(), random),
                "addons", Wording.joinAnd(bundle.addons().stream().map(Company.Product::name).toList()));
        return new Draft(slots, Answer.serial(sentence), List.of(totalText));
    }
}

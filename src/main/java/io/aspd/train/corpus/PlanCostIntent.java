package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * "How much for 3 months of Plus 500 plus the router?": a product of the monthly price and the months, then the
 * device added, written out step by step because each figure depends on the previous one.
 */
final class PlanCostIntent extends TemplatedIntent<PlanCostIntent.Order> {

    static final List<Integer> MONTHS = List.of(2, 3, 4, 5, 6, 9, 12, 18, 24);

    record Order(Company.Product plan, int months, Optional<Company.Product> device) {
        String id() {
            return plan.id() + "/" + months + "m" + device.map(d -> "/" + d.id()).orElse("");
        }
    }

    private static final List<String> TEMPLATES = List.of(
            "How much for {months} months of {plan} plus the {device}?",
            "What would {months} months of {plan} and a {device} cost in total?",
            "If I take {plan} for {months} months and buy a {device}, what's the total?",
            "Total cost of {plan} for {months} months with a {device}?",
            "How much does {plan} cost for {months} months?",
            "What would I pay for {months} months of {plan}?",
            "What's the total for {months} months of {plan}?");

    PlanCostIntent(Company company) {
        super(Category.ARITHMETIC, "plan_cost", TEMPLATES, orders(company), Order::id);
    }

    private static List<Order> orders(Company company) {
        List<Company.Product> plans = new ArrayList<>(company.productsOf("internet"));
        plans.addAll(company.productsOf("mobile"));
        List<Optional<Company.Product>> devices = new ArrayList<>();
        devices.add(Optional.empty());
        company.productsOf("wifi").forEach(d -> devices.add(Optional.of(d)));
        List<Order> orders = new ArrayList<>();
        for (Company.Product plan : plans) {
            for (int months : MONTHS) {
                for (Optional<Company.Product> device : devices) {
                    orders.add(new Order(plan, months, device));
                }
            }
        }
        return orders;
    }

    @Override
    protected Set<String> slotNames(Order order) {
        return order.device().isPresent() ? Set.of("plan", "months", "device") : Set.of("plan", "months");
    }

    @Override
    protected Draft draft(Order order, RandomGenerator random) {
        Company.Product plan = order.plan();
        int planTotal = order.months() * plan.price();
        String planLine = order.months() + " months of " + plan.name() + " at " + plan.priceText() + " is "
                + order.months() + " × " + Money.format(plan.price()) + " = " + Money.format(planTotal) + ".";
        List<String> facts = new ArrayList<>(List.of(Money.format(planTotal)));
        String sentence = planLine;
        Map<String, String> slots = new HashMap<>(Map.of(
                "plan", Wording.pick(plan.aliases(), random),
                "months", String.valueOf(order.months())));
        if (order.device().isPresent()) {
            Company.Product device = order.device().get();
            int total = planTotal + device.price();
            sentence += " The " + device.name() + " costs " + device.priceText() + ", so the total is "
                    + Money.format(planTotal) + " + " + device.priceText() + " = " + Money.format(total) + ".";
            facts.add(Money.format(total));
            slots.put("device", device.name());
        }
        return new Draft(slots, Answer.serial(sentence), facts);
    }
}

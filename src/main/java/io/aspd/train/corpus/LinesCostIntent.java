package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** "How much for 3 lines of Talk 20?": the monthly price times the number of SIMs. */
final class LinesCostIntent extends TemplatedIntent<LinesCostIntent.Lines> {

    static final List<Integer> COUNTS = List.of(2, 3, 4, 5, 6);

    record Lines(Company.Product plan, int count) {
        String id() {
            return plan.id() + "/" + count + "lines";
        }
    }

    private static final List<String> TEMPLATES = List.of(
            "How much for {count} lines of {plan}?",
            "What do {count} SIMs on {plan} cost per month?",
            "We need {count} lines on {plan}. What's the monthly cost?");

    LinesCostIntent(Company company) {
        super(Category.ARITHMETIC, "lines", TEMPLATES, lines(company), Lines::id);
    }

    private static List<Lines> lines(Company company) {
        List<Lines> lines = new ArrayList<>();
        for (Company.Product plan : company.productsOf("mobile")) {
            COUNTS.forEach(count -> lines.add(new Lines(plan, count)));
        }
        return lines;
    }

    @Override
    protected Set<String> slotNames(Lines lines) {
        return Set.of("count", "plan");
    }

    @Override
    protected Draft draft(Lines lines, RandomGenerator random) {
        Company.Product plan = lines.plan();
        String total = Money.format(lines.count() * plan.price()) + "/month";
        String sentence = lines.count() + " lines of " + plan.name() + " at " + plan.priceText() + " each come to "
                + lines.count() + " × " + Money.format(plan.price()) + " = " + total + ".";
        Map<String, String> slots = Map.of(
                "count", String.valueOf(lines.count()),
                "plan", Wording.pick(plan.aliases(), random));
        return new Draft(slots, Answer.serial(sentence), List.of(total));
    }
}

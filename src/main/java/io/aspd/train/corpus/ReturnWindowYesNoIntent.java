package io.aspd.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * "Can I still return my router after 35 days?": the answer depends on comparing the number in the question with
 * the return window, a small piece of reasoning that must stay serial.
 */
final class ReturnWindowYesNoIntent extends TemplatedIntent<Integer> {

    static final List<Integer> DAYS = List.of(2, 3, 5, 7, 10, 14, 20, 21, 25, 28, 29, 30, 31, 32, 35, 40, 45, 60, 90);

    private static final List<String> TEMPLATES = List.of(
            "Can I return my {device} after {days} days?",
            "I received my order {days} days ago. Can I still return it?",
            "Is a return possible {days} days after delivery?",
            "Can I still send back a {device} I got {days} days ago?");

    private final Company.Policies policies;
    private final List<String> devices;

    ReturnWindowYesNoIntent(Company company) {
        super(Category.YES_NO, "return", TEMPLATES, DAYS, days -> days + "d");
        this.policies = company.policies();
        this.devices = company.productsOf("wifi").stream().map(Company.Product::name).toList();
    }

    @Override
    protected Set<String> slotNames(Integer days) {
        return Set.of("days", "device");
    }

    @Override
    protected Set<String> requiredSlots(Integer days) {
        return Set.of("days");
    }

    @Override
    protected Draft draft(Integer days, RandomGenerator random) {
        String window = policies.returnWindowDays() + "-day return window";
        String warranty = policies.warrantyYears() + "-year warranty";
        Answer answer = days <= policies.returnWindowDays()
                ? Answer.serial("Yes, " + days + " days is within our " + window
                        + ", so you can still return it for a full refund.")
                : Answer.serial("No, sorry: " + days + " days is past our " + window
                        + ". If the device is faulty, it is still covered by our " + warranty + ".");
        List<String> facts = days <= policies.returnWindowDays()
                ? List.of("Yes,", window)
                : List.of("No,", window, warranty);
        return new Draft(Map.of("days", String.valueOf(days), "device", Wording.pick(devices, random)), answer, facts);
    }
}

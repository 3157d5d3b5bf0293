package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** "Do you accept PayPal?": yes for accepted methods, no (with the alternatives) for the others. */
final class PaymentYesNoIntent extends TemplatedIntent<PaymentYesNoIntent.Method> {

    record Method(String name, boolean accepted) {
    }

    private static final List<String> TEMPLATES = List.of(
            "Do you accept {method}?",
            "Can I pay with {method}?",
            "Do you take {method}?",
            "Is it possible to pay with {method}?");

    private final String alternatives;

    PaymentYesNoIntent(Company company) {
        super(Category.YES_NO, "payment", TEMPLATES, methods(company.payments()), Method::name);
        this.alternatives = company.payments().summary();
    }

    private static List<Method> methods(Company.Payments payments) {
        List<Method> methods = new ArrayList<>();
        payments.accepted().forEach(m -> methods.add(new Method(m, true)));
        payments.rejected().forEach(m -> methods.add(new Method(m, false)));
        return methods;
    }

    @Override
    protected Set<String> slotNames(Method method) {
        return Set.of("method");
    }

    @Override
    protected Draft draft(Method method, RandomGenerator random) {
        Answer answer = method.accepted()
                ? Answer.serial("Yes, we accept " + method.name() + ".")
                : Answer.serial("No, we don't accept " + method.name() + ". You can pay by " + alternatives + ".");
        return new Draft(Map.of("method", method.name()), answer, List.of(method.accepted() ? "Yes," : "No,"));
    }
}

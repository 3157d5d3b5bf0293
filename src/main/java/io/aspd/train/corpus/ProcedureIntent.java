package io.aspd.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * "How do I factory reset my hub?": numbered steps that each depend on the one before, so the answer stays serial
 * (a model that opens a block here has learned the wrong thing).
 */
final class ProcedureIntent extends TemplatedIntent<Company.Procedure> {

    private static final List<String> TEMPLATES = List.of(
            "How do I {action}?",
            "What are the steps to {action}?",
            "Walk me through how to {action}.",
            "Can you explain how to {action}?",
            "I need to {action}. What do I do?",
            "Step by step, how can I {action}?",
            "What's the process to {action}?",
            "Please tell me how to {action}.");

    ProcedureIntent(Company company) {
        super(Category.PROCEDURE, "", TEMPLATES, company.procedures(), Company.Procedure::id);
    }

    @Override
    protected Set<String> slotNames(Company.Procedure procedure) {
        return Set.of("action");
    }

    @Override
    protected Draft draft(Company.Procedure procedure, RandomGenerator random) {
        Answer.Builder answer = Answer.builder().line(procedure.intro());
        List<Company.Step> steps = procedure.steps();
        for (int i = 0; i < steps.size(); i++) {
            answer.line((i + 1) + ". " + steps.get(i).text());
        }
        if (procedure.closing() != null) {
            answer.line(procedure.closing());
        }
        List<String> facts = steps.stream().map(Company.Step::fact).toList();
        return new Draft(Map.of("action", Wording.pick(procedure.actions(), random)), answer.build(), facts);
    }
}

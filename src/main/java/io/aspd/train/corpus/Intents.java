package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.List;

/** Every intent of the corpus, built from the company facts. */
final class Intents {

    private Intents() {
    }

    static List<Intent> all(Company company, Phrasing phrasing) {
        List<Intent> intents = new ArrayList<>(List.of(
                new OptionsIntent(company),
                new TipsIntent(company),
                new ComparisonIntent(company),
                new OverviewIntent(company),
                new MultiPartIntent(company),
                new ProcedureIntent(company),
                new PolicyFactIntent(company),
                new PaymentYesNoIntent(company),
                new FeatureYesNoIntent(company),
                new ReturnWindowYesNoIntent(company),
                new PlanCostIntent(company),
                new BundleCostIntent(company),
                new LinesCostIntent(company),
                new YearlyCostIntent(company),
                SmallTalkIntent.greetings(company),
                SmallTalkIntent.thanks(company),
                new OutOfDomainIntent(company),
                new UnknownProductIntent(company, phrasing)));
        intents.addAll(ProductFactIntent.all(company));
        intents.add(new FollowUpIntent(company));
        for (ToolDialogIntent.Kind kind : ToolDialogIntent.Kind.values()) {
            intents.add(new ToolDialogIntent(kind, company));
        }
        return intents;
    }
}

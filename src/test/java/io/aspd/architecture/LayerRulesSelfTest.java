package io.aspd.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer rules catch what they forbid: the same rules as {@link LayerRulesTest}, built for the root of the
 * deliberately wrong classes in {@code io.aspd.architecture.fixture}, report each wrong dependency and nothing else.
 */
class LayerRulesSelfTest {
    private static final String FIXTURE = "io.aspd.architecture.fixture";
    private static JavaClasses fixtures;
    private final LayerRules rules = new LayerRules(FIXTURE);

    @BeforeAll
    static void importFixtures() {
        fixtures = new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void springAndReactorInTheEngineAreReported() {
        List<String> violations = violations(rules.coreIsPlainJava().evaluate(fixtures));

        assertThat(violations).isNotEmpty().allMatch(v -> v.contains(FIXTURE + ".engine.SpringInEngine"));
        assertThat(violations).anyMatch(v -> v.contains("org.springframework.util.StringUtils"));
        assertThat(violations).anyMatch(v -> v.contains("reactor.core.publisher.Mono"));
    }

    @Test
    void apiReachingIntoAModelInternalIsReportedButItsPublicTypesAreNot() {
        List<String> violations = violations(rules.apiUsesOnlyTheModelsPublicFace().evaluate(fixtures));

        assertThat(violations).isNotEmpty()
                .allMatch(v -> v.contains(FIXTURE + ".api.ReachesIntoModel") && v.contains(FIXTURE + ".model.KvCache"));
        assertThat(violations).noneMatch(v -> v.contains("UsesPublicModelType"));
    }

    @Test
    void aPackageCycleIsReported() {
        List<String> violations = violations(rules.topLevelPackagesAreFreeOfCycles().evaluate(fixtures));

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).contains("cyclea", "cycleb");
    }

    private static List<String> violations(EvaluationResult result) {
        return result.getFailureReport().getDetails();
    }
}

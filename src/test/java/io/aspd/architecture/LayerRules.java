package io.aspd.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The layering of the code base as rules over its bytecode. The rules are built for a root package so that the very
 * same rules can be checked against the production code ({@code io.aspd}) and against deliberately wrong test
 * fixtures under another root, which shows that each rule notices what it is meant to forbid.
 *
 * <ul>
 *   <li>The core ({@code model}, {@code markup}, {@code engine}, and the {@code report} format) is plain Java: no
 *       Spring, no Reactor, and nothing of the server side ({@code api}, {@code serving}, {@code metrics},
 *       {@code config}). Training and benchmarks reuse it without a web stack.</li>
 *   <li>{@code api} speaks HTTP and uses the model only through its text-level public face: chat messages, the chat
 *       template and its error, the tokenizer (for {@code /tokenize} and {@code /detokenize}) and the sampling the
 *       model recommends (the defaults of a request's sampling parameters). Weights, caches and
 *       the transformer stay behind {@code serving}.</li>
 *   <li>No cycles between the top-level packages.</li>
 * </ul>
 */
final class LayerRules {
    /** The classes of {@code model} that {@code api} may use, by simple name. */
    static final List<String> MODEL_TYPES_FOR_API = List.of("ChatMessage", "ChatTemplate", "ChatTemplateException",
            "TextTokenizer", "SamplingDefaults");

    private final String root;

    LayerRules(String root) {
        this.root = root;
    }

    ArchRule coreIsPlainJava() {
        return noClasses().that().resideInAnyPackage(inRoot("model"), inRoot("markup"), inRoot("engine"),
                        inRoot("report"))
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "reactor..",
                        inRoot("api"), inRoot("serving"), inRoot("metrics"), inRoot("config"))
                .as("model, markup, engine and report do not depend on Spring, Reactor or the server side");
    }

    ArchRule apiUsesOnlyTheModelsPublicFace() {
        String allowed = MODEL_TYPES_FOR_API.stream()
                .map(name -> Pattern.quote(root + ".model." + name) + "(\\$.*)?")
                .collect(Collectors.joining("|"));
        return noClasses().that().resideInAPackage(inRoot("api"))
                .should().dependOnClassesThat(resideInAPackage(inRoot("model"))
                        .and(not(nameMatching(allowed))))
                .as("api uses model only through " + String.join(", ", MODEL_TYPES_FOR_API));
    }

    ArchRule topLevelPackagesAreFreeOfCycles() {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .as("the packages under " + root + " are free of cycles");
    }

    List<ArchRule> all() {
        return List.of(coreIsPlainJava(), apiUsesOnlyTheModelsPublicFace(), topLevelPackagesAreFreeOfCycles());
    }

    private String inRoot(String layer) {
        return root + "." + layer + "..";
    }
}

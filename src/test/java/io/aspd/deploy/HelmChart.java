package io.aspd.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs Helm (in-process, through helm-java) on the project's chart. */
final class HelmChart {

    static final String RELEASE = "chat";
    static final String NAMESPACE = "inference";
    /** Name the chart gives the release's resources: release name + chart name. */
    static final String FULLNAME = "chat-aspd-server";

    private HelmChart() {
    }

    static LintResult lintStrict() {
        return new Helm(ChartValues.CHART).lint().strict().call();
    }

    static RenderedChart renderDefaults() {
        return RenderedChart.parse(template(null));
    }

    /** Renders with {@code valuesYaml} as an extra values file (like {@code helm template -f}). */
    static RenderedChart render(String valuesYaml, Path scratch) {
        return RenderedChart.parse(template(writeValues(valuesYaml, scratch)));
    }

    static String template(Path valuesFile) {
        TemplateCommand command = new Helm(ChartValues.CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        return (valuesFile == null ? command : command.withValuesFile(valuesFile)).call();
    }

    /** What {@code helm install} prints for these values (NOTES.txt included), without contacting a cluster. */
    static String installNotes(String valuesYaml, Path scratch) {
        return new Helm(ChartValues.CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .dryRun().clientOnly().withValuesFile(writeValues(valuesYaml, scratch))
                .call().getOutput();
    }

    static Path writeValues(String valuesYaml, Path scratch) {
        try {
            return Files.writeString(Files.createTempFile(scratch, "values", ".yaml"), valuesYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

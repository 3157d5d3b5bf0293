package io.aspd.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link ChartPod} reads from a rendered chart, and that it refuses what it cannot translate (the container
 * itself is run by {@link ContainerImageIT}). No Docker is needed: nothing here starts a container.
 */
class ChartPodTest {
    @TempDir
    Path scratch;

    @Test
    void probePathsAreTheOnesInValuesYaml() {
        ChartPod pod = new ChartPod(HelmChart.renderDefaults());
        ChartValues.ProbePaths values = ChartValues.probePaths();

        assertThat(pod.probePaths()).containsExactly(
                Map.entry("startup", values.startup()),
                Map.entry("liveness", values.liveness()),
                Map.entry("readiness", values.readiness()));
    }

    @Test
    void runsAsTheNonRootUserOfTheChart() {
        assertThat(new ChartPod(HelmChart.renderDefaults()).runAs()).isEqualTo(new ChartPod.RunAs(10001, 10001));
    }

    @Test
    void secretReferencesResolveToTheRenderedSecret() {
        ChartPod pod = new ChartPod(HelmChart.render("apiKeys: {enabled: true, keys: [alpha, beta]}", scratch));

        assertThat(pod.environment()).containsEntry("ASPD_SECURITY_APIKEYS", "alpha,beta")
                .containsEntry("ASPD_MODEL_NAME", "aspd-mini");
    }

    @Test
    void anEnvironmentSourceItCannotResolveFails() {
        ChartPod pod = new ChartPod(HelmChart.render("""
                extraEnv:
                  - name: POD_NAME
                    valueFrom: {fieldRef: {fieldPath: metadata.name}}
                """, scratch));

        assertThatThrownBy(pod::environment).isInstanceOf(AssertionError.class).hasMessageContaining("POD_NAME");
    }

    @Test
    void aVolumeKindItCannotTranslateFails() {
        ChartPod pod = new ChartPod(HelmChart.render("""
                extraVolumes:
                  - name: host-models
                    hostPath: {path: /srv/models}
                extraVolumeMounts:
                  - name: host-models
                    mountPath: /srv/models
                """, scratch));

        assertThatThrownBy(() -> pod.container("aspd-server:test", scratch, Map.of()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("host-models");
    }

    @Test
    void aModelClaimNeedsAHostFolderToStandInForIt() {
        ChartPod pod = new ChartPod(HelmChart.render(
                "model: {volume: {enabled: true, existingClaim: shared-models}}", scratch));

        assertThatThrownBy(() -> pod.container("aspd-server:test", scratch, Map.of()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("shared-models");
        assertThatCode(() -> pod.container("aspd-server:test", scratch, Map.of("shared-models", scratch)))
                .doesNotThrowAnyException();
    }

    @Test
    void theConfigMapIsWrittenAsFilesEveryUserCanRead() throws IOException {
        new ChartPod(HelmChart.renderDefaults()).container("aspd-server:test", scratch, Map.of());

        Path file = scratch.resolve("config").resolve("application.yml");
        assertThat(file).content().contains("max-queue: 16");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwxr-xr-x");
    }
}

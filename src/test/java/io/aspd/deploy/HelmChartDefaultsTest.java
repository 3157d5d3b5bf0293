package io.aspd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The chart as a user gets it with {@code helm install} and no values. */
class HelmChartDefaultsTest {

    private static RenderedChart chart;
    private static Deployment deployment;
    private static Container server;

    @BeforeAll
    static void render() {
        chart = HelmChart.renderDefaults();
        deployment = chart.one(Deployment.class);
        server = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void strictLintReportsNothingAboveInfo() {
        LintResult lint = HelmChart.lintStrict();

        assertThat(lint.isFailed()).as("lint failed: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
    }

    @Test
    void rendersOnlyTheAlwaysOnResourcesAllTypedAndWithoutUnknownFields() {
        assertThat(chart.kinds()).containsExactly(
                "ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "ServiceAccount");
        for (HasMetadata resource : chart.resources()) {
            assertThat(resource.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
            assertThat(resource.getMetadata().getName()).isEqualTo(HelmChart.FULLNAME);
            assertThat(UnknownFieldFinder.unknownFields(resource)).as(resource.getKind()).isEmpty();
        }
    }

    @Test
    void runsTheChartsAppVersionWithOneReplica() {
        assertThat(server.getImage()).isEqualTo("aspd-server:" + ChartValues.appVersion());
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    }

    @Test
    void probesCallTheActuatorHealthGroupsOnTheHttpPort() {
        ChartValues.ProbePaths paths = ChartValues.probePaths();
        ContainerPort http = server.getPorts().get(0);

        assertThat(http.getName()).isEqualTo("http");
        assertThat(http.getContainerPort()).isEqualTo(8080);
        assertThat(env(server)).containsEntry("SERVER_PORT", "8080");
        assertProbe(server.getStartupProbe(), paths.startup());
        assertProbe(server.getLivenessProbe(), paths.liveness());
        assertProbe(server.getReadinessProbe(), paths.readiness());
        assertThat(paths.liveness()).isEqualTo("/actuator/health/liveness");
        assertThat(paths.readiness()).isEqualTo("/actuator/health/readiness");
    }

    @Test
    void startupProbeWaitsLongEnoughForAModelToLoad() {
        Probe startup = server.getStartupProbe();

        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void runsAsNonRootWithAReadOnlyRootAndNoCapabilities() {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        SecurityContext container = server.getSecurityContext();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo(chart.one(ServiceAccount.class).getMetadata().getName());
    }

    @Test
    void writablePathsAreEmptyDirsAndDjlUsesOne() {
        Map<String, VolumeMount> mounts = byMountPath(server);
        Map<String, Volume> volumes = volumesByName(deployment);

        assertThat(volumes.get(mounts.get("/tmp").getName()).getEmptyDir()).isNotNull();
        assertThat(volumes.get(mounts.get("/var/cache/djl").getName()).getEmptyDir().getSizeLimit())
                .isEqualTo(new Quantity("1Gi"));
        assertThat(env(server)).containsEntry("DJL_CACHE_DIR", "/var/cache/djl")
                .containsEntry("DJL_OFFLINE", "true")
                .containsEntry("OPT_OUT_TRACKING", "true");
    }

    @Test
    void servesTheModelEmbeddedInTheImage() {
        assertThat(env(server)).containsEntry("ASPD_MODEL_PATH", "/opt/aspd/models/aspd-mini")
                .containsEntry("ASPD_MODEL_NAME", "aspd-mini")
                .doesNotContainKey("ASPD_SECURITY_APIKEYS");
        assertThat(volumesByName(deployment)).doesNotContainKey("model");
        assertThat(chart.kinds()).doesNotContain("PersistentVolumeClaim", "Secret");
    }

    @Test
    void configMapIsMountedAsSpringAdditionalLocationAndRollsPodsWhenItChanges() {
        ConfigMap config = chart.one(ConfigMap.class);
        VolumeMount mount = byMountPath(server).get("/config");

        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volumesByName(deployment).get(mount.getName()).getConfigMap().getName())
                .isEqualTo(config.getMetadata().getName());
        assertThat(env(server)).containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:/config/")
                .containsEntry("SPRING_PROFILES_ACTIVE", "prod");
        Map<String, Object> applicationYml = new Yaml().load(config.getData().get("application.yml"));
        Map<String, Object> admission = ChartValues.child(ChartValues.child(applicationYml, "aspd"), "admission");
        assertThat(admission).containsEntry("max-queue", 16);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config"))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void serviceAndDisruptionBudgetSelectExactlyThePods() {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Service service = chart.one(Service.class);
        PodDisruptionBudget budget = chart.one(PodDisruptionBudget.class);

        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void givesTheServerTimeToDrainBeforeItIsKilled() {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();

        assertThat(server.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
        // 30 s graceful-shutdown phase of the server (src/main/resources/application.yml) + the pre-stop sleep must fit.
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(30L + 5L);
    }

    static Map<String, String> env(Container container) {
        return container.getEnv().stream()
                .filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    static Map<String, VolumeMount> byMountPath(Container container) {
        return container.getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getMountPath, Function.identity()));
    }

    static Map<String, Volume> volumesByName(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, Function.identity()));
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
}

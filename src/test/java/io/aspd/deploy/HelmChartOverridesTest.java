package io.aspd.deploy;

import static io.aspd.deploy.HelmChartDefaultsTest.byMountPath;
import static io.aspd.deploy.HelmChartDefaultsTest.env;
import static io.aspd.deploy.HelmChartDefaultsTest.volumesByName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart with the options users switch on: each scenario is a values file as a user would write it. */
class HelmChartOverridesTest {

    private static final String AUTOSCALING = """
            autoscaling:
              enabled: true
              minReplicas: 2
              maxReplicas: 6
              targetCPUUtilizationPercentage: 75
              waitingRequests:
                enabled: true
                averageValue: "3"
              behavior:
                scaleDown:
                  stabilizationWindowSeconds: 600
            """;
    private static final String INGRESS = """
            ingress:
              enabled: true
              className: nginx
              annotations:
                nginx.ingress.kubernetes.io/proxy-buffering: "off"
              hosts:
                - host: llm.example.org
                  paths:
                    - path: /v1
                      pathType: Prefix
              tls:
                - secretName: llm-tls
                  hosts: [llm.example.org]
            """;
    private static final String EXISTING_MODEL_CLAIM = """
            model:
              name: support-bot
              volume:
                enabled: true
                existingClaim: shared-models
                subPath: /support-bot/v3/
            """;
    private static final String NEW_MODEL_CLAIM = """
            model:
              volume:
                enabled: true
                size: 5Gi
                storageClass: fast-ssd
                accessModes: [ReadWriteMany]
            initContainers:
              - name: fetch-model
                image: internal/model-fetcher:1
                args: ["--to", "/models"]
                volumeMounts:
                  - name: model
                    mountPath: /models
            """;
    private static final String EXISTING_KEY_SECRET = """
            apiKeys:
              enabled: true
              existingSecret: team-llm-keys
              secretKey: tokens
            """;
    private static final String GIVEN_KEYS = """
            apiKeys:
              enabled: true
              keys: [alpha-key, beta-key]
            """;
    private static final String SERVICE_MONITOR = """
            metrics:
              serviceMonitor:
                enabled: true
                interval: 15s
                labels:
                  release: kube-prometheus-stack
            """;
    private static final String TUNED = """
            config:
              aspd:
                engine:
                  max-branches: 4
            jvmOptions: -XX:MaxRAMPercentage=30
            springProfiles: prod,audit
            extraEnv:
              - name: TZ
                value: Europe/Berlin
            podDisruptionBudget:
              minAvailable: 1
            """;

    @TempDir
    Path scratch;

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("autoscaling", AUTOSCALING),
                Arguments.of("ingress", INGRESS),
                Arguments.of("existing model claim", EXISTING_MODEL_CLAIM),
                Arguments.of("new model claim", NEW_MODEL_CLAIM),
                Arguments.of("existing API key secret", EXISTING_KEY_SECRET),
                Arguments.of("given API keys", GIVEN_KEYS),
                Arguments.of("service monitor", SERVICE_MONITOR),
                Arguments.of("tuned", TUNED),
                Arguments.of("everything at once", String.join("", AUTOSCALING, INGRESS, NEW_MODEL_CLAIM, GIVEN_KEYS,
                        SERVICE_MONITOR)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyDocumentIsATypedKubernetesObjectWithoutUnknownFields(String scenario, String values) {
        RenderedChart chart = HelmChart.render(values, scratch);

        for (HasMetadata resource : chart.resources()) {
            if (resource instanceof GenericKubernetesResource) {
                // Only the Prometheus Operator's custom resource has no fabric8 class; a misspelt kind would land here.
                assertThat(resource.getKind()).isEqualTo("ServiceMonitor");
            } else {
                assertThat(UnknownFieldFinder.unknownFields(resource)).as(resource.getKind()).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void installNotesRenderWithTheApiBaseUrlAndModel(String scenario, String values) {
        String notes = HelmChart.installNotes(values, scratch);

        assertThat(notes).contains("NOTES:").containsPattern("OpenAI base URL: https?://\\S+/v1\\n");
        assertThat(notes).containsPattern("Model \"[\\w-]+\" is loaded from /\\S+");
    }

    @Test
    void ingressRoutesOnlyTheApiByDefault() {
        Ingress ingress = HelmChart.render("ingress: {enabled: true}", scratch).one(Ingress.class);

        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths())
                .extracting(path -> path.getPath() + " " + path.getPathType())
                .containsExactly("/v1 Prefix", "/tokenize Exact", "/detokenize Exact");
    }

    @Test
    void autoscalingTargetsTheDeploymentOnCpuAndWaitingRequests() {
        RenderedChart chart = HelmChart.render(AUTOSCALING, scratch);
        HorizontalPodAutoscaler hpa = chart.one(HorizontalPodAutoscaler.class);
        Deployment deployment = chart.one(Deployment.class);

        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(deployment.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();

        List<MetricSpec> metrics = hpa.getSpec().getMetrics();
        assertThat(metrics).extracting(MetricSpec::getType).containsExactly("Resource", "Pods");
        assertThat(metrics.get(0).getResource().getName()).isEqualTo("cpu");
        assertThat(metrics.get(0).getResource().getTarget().getType()).isEqualTo("Utilization");
        assertThat(metrics.get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(75);
        assertThat(metrics.get(1).getPods().getMetric().getName()).isEqualTo("aspd_num_requests_waiting");
        assertThat(metrics.get(1).getPods().getTarget().getType()).isEqualTo("AverageValue");
        assertThat(metrics.get(1).getPods().getTarget().getAverageValue()).isEqualTo(new Quantity("3"));
        assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(600);
    }

    @Test
    void autoscalingWithoutAnyMetricIsRefused() {
        String noMetric = """
                autoscaling:
                  enabled: true
                  targetCPUUtilizationPercentage: null
                """;

        assertThatThrownBy(() -> HelmChart.render(noMetric, scratch))
                .hasMessageContaining("autoscaling.enabled needs a metric");
    }

    @Test
    void ingressRoutesItsHostToTheServicesHttpPort() {
        RenderedChart chart = HelmChart.render(INGRESS, scratch);
        Ingress ingress = chart.one(Ingress.class);
        Service service = chart.one(Service.class);

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("llm-tls");
        var rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("llm.example.org");
        var path = rule.getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/v1");
        assertThat(path.getPathType()).isEqualTo("Prefix");
        IngressBackend backend = path.getBackend();
        assertThat(backend.getService().getName()).isEqualTo(service.getMetadata().getName());
        assertThat(service.getSpec().getPorts()).extracting(port -> port.getName())
                .contains(backend.getService().getPort().getName());
    }

    @Test
    void existingClaimIsMountedReadOnlyAndTheModelPathPointsIntoIt() {
        RenderedChart chart = HelmChart.render(EXISTING_MODEL_CLAIM, scratch);
        Deployment deployment = chart.one(Deployment.class);
        Container server = serverOf(deployment);
        VolumeMount mount = byMountPath(server).get("/models");

        assertThat(chart.find(PersistentVolumeClaim.class)).as("an existing claim is not created").isEmpty();
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volumesByName(deployment).get(mount.getName()).getPersistentVolumeClaim().getClaimName())
                .isEqualTo("shared-models");
        assertThat(env(server)).containsEntry("ASPD_MODEL_PATH", "/models/support-bot/v3")
                .containsEntry("ASPD_MODEL_NAME", "support-bot");
    }

    @Test
    void newClaimIsCreatedKeptOnUninstallAndMountedForTheServerAndInitContainers() {
        RenderedChart chart = HelmChart.render(NEW_MODEL_CLAIM, scratch);
        PersistentVolumeClaim claim = chart.one(PersistentVolumeClaim.class);
        Deployment deployment = chart.one(Deployment.class);
        Container server = serverOf(deployment);

        assertThat(claim.getMetadata().getName()).isEqualTo(HelmChart.FULLNAME + "-model");
        assertThat(claim.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("5Gi"));
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(volumesByName(deployment).get("model").getPersistentVolumeClaim().getClaimName())
                .isEqualTo(claim.getMetadata().getName());
        assertThat(env(server)).containsEntry("ASPD_MODEL_PATH", "/models");
        Container init = deployment.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(init.getVolumeMounts().get(0).getName()).isEqualTo("model");
    }

    @Test
    void existingKeySecretIsReferencedNotCreated() {
        RenderedChart chart = HelmChart.render(EXISTING_KEY_SECRET, scratch);
        Deployment deployment = chart.one(Deployment.class);

        assertThat(chart.find(Secret.class)).isEmpty();
        assertThat(apiKeysRef(serverOf(deployment)).getName()).isEqualTo("team-llm-keys");
        assertThat(apiKeysRef(serverOf(deployment)).getKey()).isEqualTo("tokens");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .doesNotContainKey("checksum/api-keys");
    }

    @Test
    void givenKeysAreStoredCommaSeparatedInTheCreatedSecret() {
        RenderedChart chart = HelmChart.render(GIVEN_KEYS, scratch);
        Secret secret = chart.one(Secret.class);
        Deployment deployment = chart.one(Deployment.class);
        SecretKeySelector ref = apiKeysRef(serverOf(deployment));

        assertThat(ref.getName()).isEqualTo(secret.getMetadata().getName());
        assertThat(decode(secret.getData().get(ref.getKey()))).isEqualTo("alpha-key,beta-key");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("checksum/api-keys");
    }

    @Test
    void enablingKeysWithoutKeysOrSecretIsRefused() {
        String noKeys = """
                apiKeys:
                  enabled: true
                """;

        assertThatThrownBy(() -> HelmChart.render(noKeys, scratch))
                .hasMessageContaining("apiKeys.enabled needs apiKeys.keys or apiKeys.existingSecret");
    }

    @Test
    void serviceMonitorScrapesThePrometheusEndpointOfTheService() {
        RenderedChart chart = HelmChart.render(SERVICE_MONITOR, scratch);
        GenericKubernetesResource monitor = chart.generic("ServiceMonitor").orElseThrow();
        Service service = chart.one(Service.class);

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
        List<String> namespaces = monitor.get("spec", "namespaceSelector", "matchNames");
        assertThat(namespaces).containsExactly(HelmChart.NAMESPACE);
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.get(0)).containsEntry("path", "/actuator/prometheus")
                .containsEntry("interval", "15s")
                .containsEntry("port", service.getSpec().getPorts().get(0).getName());
        assertThat(monitor.getAdditionalProperties().keySet()).containsExactly("spec");
        Map<String, Object> spec = monitor.get("spec");
        assertThat(spec.keySet()).containsExactlyInAnyOrder("selector", "namespaceSelector", "endpoints");
    }

    @Test
    void tuningReachesTheServerAndAConfigChangeRollsThePods() {
        RenderedChart tuned = HelmChart.render(TUNED, scratch);
        Deployment deployment = tuned.one(Deployment.class);
        Container server = serverOf(deployment);

        assertThat(tuned.one(ConfigMap.class).getData().get("application.yml"))
                .contains("max-branches: 4");
        assertThat(env(server)).containsEntry("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=30")
                .containsEntry("SPRING_PROFILES_ACTIVE", "prod,audit")
                .containsEntry("TZ", "Europe/Berlin");
        assertThat(tuned.one(PodDisruptionBudget.class).getSpec())
                .satisfies(spec -> {
                    assertThat(spec.getMinAvailable().getIntVal()).isEqualTo(1);
                    assertThat(spec.getMaxUnavailable()).isNull();
                });
        assertThat(configChecksum(deployment)).isNotEqualTo(configChecksum(HelmChart.renderDefaults().one(Deployment.class)));
    }

    @Test
    void misspeltValueKeysAreRejectedBySchema() {
        String typo = """
                model:
                  volume:
                    enabled: true
                    existingClam: shared-models
                """;

        assertThatThrownBy(() -> HelmChart.render(typo, scratch))
                .hasMessageContaining("model.volume")
                .hasMessageContaining("existingClam");
    }

    private static Container serverOf(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static SecretKeySelector apiKeysRef(Container server) {
        return server.getEnv().stream()
                .filter(variable -> variable.getName().equals("ASPD_SECURITY_APIKEYS"))
                .map(EnvVar::getValueFrom)
                .findFirst()
                .orElseThrow()
                .getSecretKeyRef();
    }

    private static String configChecksum(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}

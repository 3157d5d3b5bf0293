package io.aspd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class UnknownFieldFinderTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
              labels: {app: demo}
            spec:
              %s: 2
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: server
                      image: demo:1
                      %s: IfNotPresent
                      ports:
                        - containerPort: 8080
                          %s: TCP
                      resources:
                        limits: {cpu: "1", memory: 1Gi}
            """;

    @Test
    void correctlySpeltDeploymentHasNoUnknownFields() {
        HasMetadata deployment = parse(DEPLOYMENT.formatted("replicas", "imagePullPolicy", "protocol"));

        assertThat(UnknownFieldFinder.unknownFields(deployment)).isEmpty();
    }

    @Test
    void reportsMisspeltKeysAtEveryDepthWithTheirPaths() {
        HasMetadata deployment = parse(DEPLOYMENT.formatted("replica", "imagePullPolicyy", "protocoll"));

        assertThat(UnknownFieldFinder.unknownFields(deployment)).containsExactlyInAnyOrder(
                ".spec.replica",
                ".spec.template.spec.containers[0].imagePullPolicyy",
                ".spec.template.spec.containers[0].ports[0].protocoll");
    }

    @Test
    void catchesATypoInTheRenderedChart() {
        String rendered = HelmChart.template(null);
        String misspelt = rendered.replace("readOnlyRootFilesystem:", "readOnlyRootFileSystem:");

        Deployment deployment = RenderedChart.parse(misspelt).one(Deployment.class);

        assertThat(misspelt).isNotEqualTo(rendered);
        assertThat(UnknownFieldFinder.unknownFields(deployment))
                .containsExactly(".spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem");
    }

    private static HasMetadata parse(String yaml) {
        return RenderedChart.parse(yaml).resources().get(0);
    }
}

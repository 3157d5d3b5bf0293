package io.aspd.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The documents of one {@code helm template} run, parsed into fabric8's typed Kubernetes model. */
record RenderedChart(String yaml, List<HasMetadata> resources) {

    RenderedChart {
        resources = List.copyOf(resources);
    }

    static RenderedChart parse(String yaml) {
        Object parsed = new KubernetesSerialization()
                .unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        List<HasMetadata> resources = parsed instanceof List<?> documents
                ? documents.stream().map(HasMetadata.class::cast).toList()
                : List.of((HasMetadata) parsed);
        return new RenderedChart(yaml, resources);
    }

    /** The only resource of this type; fails when there is none or more than one. */
    <T extends HasMetadata> T one(Class<T> type) {
        List<T> matches = all(type);
        if (matches.size() != 1) {
            throw new AssertionError("expected exactly one " + type.getSimpleName() + " but found " + matches.size());
        }
        return matches.get(0);
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type) {
        return all(type).stream().findFirst();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A resource of a kind fabric8 has no class for (custom resources such as ServiceMonitor). */
    Optional<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).findFirst();
    }

    List<String> kinds() {
        return resources.stream().map(HasMetadata::getKind).sorted().toList();
    }
}

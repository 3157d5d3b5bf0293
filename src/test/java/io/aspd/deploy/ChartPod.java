package io.aspd.deploy;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The server container of a rendered chart, run by Docker the way a kubelet would run it: the same environment (secret
 * references resolved from the rendered Secret), user and group, read-only root filesystem, dropped capabilities, no
 * privilege escalation, CPU and memory limits, the ConfigMap mounted as files, every emptyDir as a tmpfs of its size
 * limit, and model claims as host folders. A pod setting this class cannot translate fails the test instead of being
 * silently left out, so that the container never runs more leniently than the chart says.
 */
final class ChartPod {
    static final String SERVER_CONTAINER = "server";
    /**
     * An emptyDir is a directory the pod's user may write to (group-owned by the fsGroup) and run code from. Docker
     * mounts a tmpfs noexec and gives it the mode of the image's directory with root as owner (a mode= option is
     * overridden), so the owner is set explicitly. DJL maps the PyTorch libraries it unpacks into its cache, and Netty
     * its native transport from /tmp.
     */
    private static final String EMPTY_DIR_TMPFS_OPTIONS = "rw,exec,nosuid,nodev,uid=%d,gid=%d,size=%s";

    private final RenderedChart chart;
    private final PodSpec pod;
    private final Container server;

    ChartPod(RenderedChart chart) {
        this.chart = chart;
        this.pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec();
        this.server = pod.getContainers().stream().filter(c -> SERVER_CONTAINER.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("the Deployment has no container named " + SERVER_CONTAINER));
    }

    /** The port the server listens on inside the container. */
    int port() {
        return server.getPorts().get(0).getContainerPort();
    }

    /** The HTTP paths of the startup, liveness and readiness probes, by probe. */
    Map<String, String> probePaths() {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("startup", httpPath(server.getStartupProbe()));
        paths.put("liveness", httpPath(server.getLivenessProbe()));
        paths.put("readiness", httpPath(server.getReadinessProbe()));
        return paths;
    }

    /** The container's environment, with every secret reference resolved. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : server.getEnv()) {
            environment.put(variable.getName(), value(variable));
        }
        return environment;
    }

    /** The user and group the container runs as. */
    record RunAs(long uid, long gid) {
        @Override
        public String toString() {
            return uid + ":" + gid;
        }
    }

    RunAs runAs() {
        PodSecurityContext podContext = pod.getSecurityContext();
        SecurityContext context = server.getSecurityContext();
        Long uid = firstNonNull(context.getRunAsUser(), podContext.getRunAsUser());
        Long gid = firstNonNull(context.getRunAsGroup(), podContext.getRunAsGroup());
        if (uid == null || gid == null) {
            throw new AssertionError("the chart leaves the user to the image; set runAsUser and runAsGroup");
        }
        if (Boolean.TRUE.equals(firstNonNull(context.getRunAsNonRoot(), podContext.getRunAsNonRoot())) && uid == 0) {
            throw new AssertionError("runAsNonRoot with runAsUser 0 would not start");
        }
        return new RunAs(uid, gid);
    }

    /**
     * A container of {@code image} set up like the chart's server container.
     *
     * @param scratch      where ConfigMap contents are written for mounting (must be readable by the container user)
     * @param claimFolders the host folder that stands in for each PersistentVolumeClaim, by claim name
     */
    GenericContainer<?> container(String image, Path scratch, Map<String, Path> claimFolders) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(name -> false)
                .withExposedPorts(port())
                .withEnv(environment());
        Mounts mounts = new Mounts();
        for (VolumeMount mount : server.getVolumeMounts()) {
            mount(mounts, mount, volume(mount.getName()), scratch, claimFolders);
        }
        String user = runAs().toString();
        container.withCreateContainerCmdModifier(command -> {
            command.withUser(user);
            // Set on the host configuration rather than with Testcontainers' withFileSystemBind, which first checks
            // file mounting by running alpine from Docker Hub.
            command.getHostConfig().withBinds(mounts.binds).withTmpFs(mounts.tmpfs);
            restrict(command.getHostConfig());
        });
        return container;
    }

    private void restrict(HostConfig host) {
        SecurityContext context = server.getSecurityContext();
        host.withReadonlyRootfs(Boolean.TRUE.equals(context.getReadOnlyRootFilesystem()));
        host.withPrivileged(Boolean.TRUE.equals(context.getPrivileged()));
        if (Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            host.withSecurityOpts(List.of("no-new-privileges"));
        }
        if (context.getCapabilities() != null) {
            host.withCapDrop(capabilities(context.getCapabilities().getDrop()));
            host.withCapAdd(capabilities(context.getCapabilities().getAdd()));
        }
        Map<String, Quantity> limits = server.getResources() == null ? null : server.getResources().getLimits();
        if (limits != null && limits.containsKey("memory")) {
            long bytes = Quantity.getAmountInBytes(limits.get("memory")).longValueExact();
            host.withMemory(bytes).withMemorySwap(bytes); // Kubernetes gives pods no swap
        }
        if (limits != null && limits.containsKey("cpu")) {
            BigDecimal cores = Quantity.getAmountInBytes(limits.get("cpu"));
            host.withNanoCPUs(cores.movePointRight(9).longValueExact());
        }
        // Published on the loopback interface only, never on the machine's other addresses.
        host.withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(port())));
    }

    /** What the volume mounts become in Docker. */
    private static final class Mounts {
        final List<Bind> binds = new ArrayList<>();
        final Map<String, String> tmpfs = new LinkedHashMap<>();
    }

    private void mount(Mounts mounts, VolumeMount mount, Volume volume, Path scratch, Map<String, Path> claimFolders) {
        if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
            throw new AssertionError("subPath mounts are not translated: " + mount);
        }
        AccessMode mode = Boolean.TRUE.equals(mount.getReadOnly()) ? AccessMode.ro : AccessMode.rw;
        if (volume.getEmptyDir() != null) {
            Quantity size = volume.getEmptyDir().getSizeLimit();
            if (size == null) {
                throw new AssertionError("emptyDir " + volume.getName() + " has no sizeLimit to size its tmpfs");
            }
            RunAs user = runAs();
            Long fsGroup = pod.getSecurityContext().getFsGroup();
            mounts.tmpfs.put(mount.getMountPath(), EMPTY_DIR_TMPFS_OPTIONS.formatted(user.uid(),
                    fsGroup != null ? fsGroup : user.gid(), Quantity.getAmountInBytes(size).toBigIntegerExact()));
        } else if (volume.getConfigMap() != null) {
            Path files = writeConfigMap(volume.getConfigMap().getName(), scratch.resolve(volume.getName()));
            mounts.binds.add(bind(files, mount.getMountPath(), mode));
        } else if (volume.getPersistentVolumeClaim() != null) {
            String claim = volume.getPersistentVolumeClaim().getClaimName();
            Path folder = claimFolders.get(claim);
            if (folder == null) {
                throw new AssertionError("no host folder stands in for the claim " + claim);
            }
            mounts.binds.add(bind(folder, mount.getMountPath(), mode));
        } else {
            throw new AssertionError("volume " + volume.getName() + " is of a kind not translated to Docker");
        }
    }

    private static Bind bind(Path hostFolder, String containerPath, AccessMode mode) {
        return new Bind(hostFolder.toAbsolutePath().toString(),
                new com.github.dockerjava.api.model.Volume(containerPath), mode); // not the Kubernetes Volume
    }

    private Path writeConfigMap(String name, Path folder) {
        ConfigMap configMap = chart.all(ConfigMap.class).stream().filter(c -> name.equals(c.getMetadata().getName()))
                .findFirst().orElseThrow(() -> new AssertionError("ConfigMap " + name + " is not in the chart"));
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Map.Entry<String, String> file : configMap.getData().entrySet()) {
                Path path = Files.writeString(folder.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    private Volume volume(String name) {
        return pod.getVolumes().stream().filter(v -> name.equals(v.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("the pod has no volume named " + name));
    }

    private String value(EnvVar variable) {
        if (variable.getValueFrom() == null) {
            return Objects.requireNonNullElse(variable.getValue(), "");
        }
        SecretKeySelector reference = variable.getValueFrom().getSecretKeyRef();
        if (reference == null) {
            throw new AssertionError("environment variable " + variable.getName() + " comes from a source not"
                    + " translated to Docker: " + variable.getValueFrom());
        }
        Secret secret = chart.all(Secret.class).stream()
                .filter(s -> reference.getName().equals(s.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("Secret " + reference.getName() + " is not in the chart"));
        String encoded = secret.getData().get(reference.getKey());
        if (encoded == null) {
            throw new AssertionError("Secret " + reference.getName() + " has no key " + reference.getKey());
        }
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static String httpPath(Probe probe) {
        if (probe == null || probe.getHttpGet() == null) {
            throw new AssertionError("every probe of the server is expected to be an HTTP GET: " + probe);
        }
        return probe.getHttpGet().getPath();
    }

    private static Capability[] capabilities(List<String> names) {
        List<Capability> capabilities = new ArrayList<>();
        if (names != null) {
            names.stream().map(Capability::valueOf).forEach(capabilities::add);
        }
        return capabilities.toArray(Capability[]::new);
    }

    private static <T> T firstNonNull(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}

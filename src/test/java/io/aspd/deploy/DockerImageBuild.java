package io.aspd.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Image;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;

/**
 * An image built from {@code docker/Dockerfile} as {@code docker build -f docker/Dockerfile .} builds it in the
 * repository root: the context is the root filtered by {@code .dockerignore}, and the base image must already exist
 * (nothing is pulled). Closing it removes what the build created: the tagged image and the intermediate images of both
 * stages, which the classic builder keeps as cache and which would pile up with every new jar. Images that existed
 * before the build (the base, cache shared with other builds) are never removed.
 */
final class DockerImageBuild implements AutoCloseable {
    static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    /** Built by docker/build-base-image.sh; CI exports BASE_IMAGE with the same value. */
    static final String DEFAULT_BASE_IMAGE = "local/debian-jre17:bookworm";
    /** The classic builder prints the image of every step as " ---> 0123456789ab". */
    private static final Pattern STEP_IMAGE = Pattern.compile("(?m)^ ---> ([0-9a-f]{12,64})$");

    private final DockerClient docker;
    private final String tag;
    private final List<String> createdImages;

    private DockerImageBuild(DockerClient docker, String tag, List<String> createdImages) {
        this.docker = docker;
        this.tag = tag;
        this.createdImages = createdImages;
    }

    /** The base image named by the environment variable BASE_IMAGE, or the locally built default. */
    static String baseImageFromEnvironment() {
        String configured = System.getenv("BASE_IMAGE");
        return configured == null || configured.isBlank() ? DEFAULT_BASE_IMAGE : configured.trim();
    }

    /**
     * Builds the image and tags it.
     *
     * @param contextRoot the repository root
     * @param buildArgs   the Dockerfile's ARGs to set (BASE_IMAGE, JAR_FILE, ...)
     */
    static DockerImageBuild build(Path contextRoot, Map<String, String> buildArgs, String tag) {
        DockerClient docker = DockerClientFactory.instance().client();
        String base = buildArgs.get("BASE_IMAGE");
        if (base != null && !exists(docker, base)) {
            throw new IllegalStateException("base image " + base + " does not exist and is never pulled here; build it"
                    + " with `bash docker/build-base-image.sh` or set BASE_IMAGE to an image this daemon has");
        }
        Set<String> before = docker.listImagesCmd().withShowAll(true).exec().stream().map(Image::getId)
                .collect(Collectors.toSet());
        BuildLog log = new BuildLog();
        var command = docker.buildImageCmd()
                .withBaseDirectory(contextRoot.toFile())
                .withDockerfile(contextRoot.resolve(DOCKERFILE).toFile())
                .withTags(Set.of(tag))
                .withPull(false)
                .withRemove(true)
                .withForcerm(true);
        buildArgs.forEach(command::withBuildArg);
        try {
            command.exec(log).awaitImageId();
        } catch (DockerClientException e) {
            new DockerImageBuild(docker, tag, createdImages(docker, log, before)).close(); // the steps that did run
            throw new IllegalStateException("docker build of " + DOCKERFILE + " failed: " + e.getMessage()
                    + "\n--- build output ---\n" + log.text(), e);
        }
        return new DockerImageBuild(docker, tag, createdImages(docker, log, before));
    }

    /** The images of the build's steps that did not exist before it, in build order. */
    private static List<String> createdImages(DockerClient docker, BuildLog log, Set<String> before) {
        List<String> created = new ArrayList<>();
        for (String step : log.stepImages()) {
            try {
                InspectImageResponse image = docker.inspectImageCmd(step).exec();
                if (!before.contains(image.getId())) {
                    created.add(image.getId());
                }
            } catch (NotFoundException e) {
                // removed meanwhile by someone else: nothing left to clean up
            }
        }
        return created;
    }

    String tag() {
        return tag;
    }

    /** Removes the tag, then the images this build created, newest first; images still in use stay. */
    @Override
    public void close() {
        removeIfUnused(tag);
        for (int i = createdImages.size() - 1; i >= 0; i--) {
            removeIfUnused(createdImages.get(i));
        }
    }

    private void removeIfUnused(String image) {
        try {
            docker.removeImageCmd(image).withForce(false).exec();
        } catch (NotFoundException | ConflictException e) {
            // gone with its child already, or still needed by another image or container
        }
    }

    private static boolean exists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The builder's output, kept for the failure message and for the images of its steps. */
    private static final class BuildLog extends BuildImageResultCallback {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onNext(BuildResponseItem item) {
            synchronized (text) {
                if (item.getStream() != null) {
                    text.append(item.getStream());
                }
                if (item.isErrorIndicated() && item.getErrorDetail() != null) {
                    text.append("ERROR: ").append(item.getErrorDetail().getMessage()).append('\n');
                }
            }
            super.onNext(item);
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }

        Set<String> stepImages() {
            Set<String> images = new LinkedHashSet<>();
            Matcher step = STEP_IMAGE.matcher(text());
            while (step.find()) {
                images.add(step.group(1));
            }
            return images;
        }
    }
}

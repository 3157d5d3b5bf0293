package io.aspd.deploy;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until the server serves: its readiness probe answers 200 on the published loopback port and Docker reports the
 * image's HEALTHCHECK healthy. Unlike Testcontainers' HTTP and health-check waits it gives up as soon as the container
 * stops, so that a server failing at start-up fails the test at once instead of after the whole start-up timeout.
 */
final class ReadyAndHealthy extends AbstractWaitStrategy {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final String readinessPath;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ReadyAndHealthy(String readinessPath, int port) {
        this.readinessPath = readinessPath;
        this.port = port;
    }

    @Override
    protected void waitUntilReady() {
        Instant deadline = Instant.now().plus(startupTimeout);
        String state = "not started";
        while (Instant.now().isBefore(deadline)) {
            InspectContainerResponse container = waitStrategyTarget.getCurrentContainerInfo();
            if (!Boolean.TRUE.equals(container.getState().getRunning())) {
                throw new ContainerLaunchException("the container stopped before it was ready (exit code "
                        + container.getState().getExitCodeLong() + ")");
            }
            HealthState health = container.getState().getHealth();
            String healthStatus = health == null ? "no HEALTHCHECK" : health.getStatus();
            int readiness = readiness();
            if (readiness == 200 && "healthy".equals(healthStatus)) {
                return;
            }
            state = "readiness " + (readiness < 0 ? "not answering" : readiness) + ", health " + healthStatus;
            sleep();
        }
        throw new ContainerLaunchException("not ready and healthy within " + startupTimeout + ": " + state);
    }

    private int readiness() {
        URI uri = URI.create("http://127.0.0.1:" + waitStrategyTarget.getMappedPort(port) + readinessPath);
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while waiting for readiness", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while waiting for readiness", e);
        }
    }
}

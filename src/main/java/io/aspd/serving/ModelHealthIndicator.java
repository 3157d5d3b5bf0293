package io.aspd.serving;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health of the served model ({@code model} in {@code /actuator/health}): UP only once it is loaded and warmed up. Part
 * of the readiness group, never of liveness: a server that is still loading is alive.
 */
@Component("model")
public class ModelHealthIndicator implements HealthIndicator {
    private final ModelService models;

    public ModelHealthIndicator(ModelService models) {
        this.models = models;
    }

    @Override
    public Health health() {
        Health.Builder health = models.state() == ModelState.READY ? Health.up() : Health.down();
        health.withDetail("model", models.modelId()).withDetail("state", models.state().name().toLowerCase());
        models.ready().ifPresent(model -> health.withDetail("contextLength", model.contextLength()));
        return health.build();
    }
}

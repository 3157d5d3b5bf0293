package io.aspd.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.config.AspdProperties;
import io.aspd.config.TestProperties;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientRateLimitsTest {

    @Test
    void theAverageRateIsExactWhateverTheBurst() {
        RateLimiterConfig ten = ClientRateLimits.limiterConfig(10);
        assertThat(ten.getLimitForPeriod()).isEqualTo(10);
        assertThat(ten.getLimitRefreshPeriod()).isEqualTo(Duration.ofSeconds(1));

        RateLimiterConfig half = ClientRateLimits.limiterConfig(0.5);
        assertThat(half.getLimitForPeriod()).isEqualTo(1);
        assertThat(half.getLimitRefreshPeriod()).isEqualTo(Duration.ofSeconds(2));

        RateLimiterConfig odd = ClientRateLimits.limiterConfig(2.5);
        assertThat(odd.getLimitForPeriod() / (odd.getLimitRefreshPeriod().toNanos() / 1e9)).isEqualTo(2.5);
    }

    @Test
    void eachClientHasItsOwnBudget() {
        ClientRateLimits limits = new ClientRateLimits(TestProperties.withAdmission(4, 4,
                new AspdProperties.RateLimit(true, 0.01)));

        assertThat(limits.tryAcquire("a")).isEmpty();
        assertThat(limits.tryAcquire("a")).hasValueSatisfying(wait -> assertThat(wait).isPositive());
        assertThat(limits.tryAcquire("b")).isEmpty();
    }

    @Test
    void whenDisabledNothingIsLimited() {
        ClientRateLimits limits = new ClientRateLimits(TestProperties.withAdmission(4, 4,
                new AspdProperties.RateLimit(false, 0.01)));

        for (int i = 0; i < 100; i++) {
            assertThat(limits.tryAcquire("a")).isEmpty();
        }
    }
}

package io.aspd.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aspd.config.TestProperties;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

class AdmissionTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final Admission admission = new Admission(TestProperties.withAdmission(2, 2), bulkheads);

    private int freePermits() {
        return bulkheads.bulkhead(Admission.BULKHEAD_NAME).getMetrics().getAvailableConcurrentCalls();
    }

    /** Subscribes and collects what the acquisition yields, without blocking. */
    private static final class Pending {
        final List<Admission.Permit> permits = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        final Disposable subscription;

        Pending(Admission admission, int generations, Duration wait) {
            subscription = admission.acquire(generations, wait).subscribe(permits::add, errors::add);
        }

        boolean granted() {
            return !permits.isEmpty();
        }

        Admission.Permit permit() {
            return permits.get(0);
        }
    }

    @Test
    void grantsAtOnceWhileThereIsRoom() {
        Pending first = new Pending(admission, 1, LONG);
        Pending second = new Pending(admission, 1, LONG);

        assertThat(first.granted()).isTrue();
        assertThat(second.granted()).isTrue();
        assertThat(first.permit().queueNanos()).isZero();
        assertThat(freePermits()).isZero();
        assertThat(admission.queued()).isZero();
    }

    @Test
    void waitingRequestsAreAdmittedInArrivalOrderAsRoomFrees() {
        Pending running = new Pending(admission, 2, LONG);
        Pending a = new Pending(admission, 1, LONG);
        Pending b = new Pending(admission, 1, LONG);
        assertThat(a.granted()).isFalse();
        assertThat(b.granted()).isFalse();
        assertThat(admission.queued()).isEqualTo(2);

        running.permit().close();

        assertThat(a.granted()).isTrue();
        assertThat(b.granted()).isTrue();
        assertThat(admission.queued()).isZero();
        assertThat(freePermits()).isZero();
    }

    @Test
    void theHeadOfTheQueueIsNeverOvertaken() {
        Pending one = new Pending(admission, 1, LONG);
        Pending two = new Pending(admission, 1, LONG);
        Pending needsTwo = new Pending(admission, 2, LONG);
        Pending needsOne = new Pending(admission, 1, LONG);

        one.permit().close();
        assertThat(freePermits()).isEqualTo(1);
        assertThat(needsTwo.granted()).isFalse();
        assertThat(needsOne.granted()).as("waits behind the larger request").isFalse();

        two.permit().close();
        assertThat(needsTwo.granted()).isTrue();
        assertThat(needsOne.granted()).isFalse();

        needsTwo.permit().close();
        assertThat(needsOne.granted()).isTrue();
    }

    @Test
    void aFullQueueRejectsAtOnce() {
        new Pending(admission, 2, LONG);
        new Pending(admission, 1, LONG);
        new Pending(admission, 1, LONG);

        StepVerifier.create(admission.acquire(1, LONG))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(AdmissionRejected.class);
                    assertThat(((AdmissionRejected) e).reason()).isEqualTo(AdmissionRejected.Reason.QUEUE_FULL);
                    assertThat(((AdmissionRejected) e).retryAfter()).isPositive();
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aRequestThatWaitsTooLongIsTurnedAwayAndLeavesTheQueue() {
        new Pending(admission, 2, LONG);

        StepVerifier.create(admission.acquire(1, Duration.ofMillis(20)))
                .expectErrorSatisfies(e -> assertThat(((AdmissionRejected) e).reason())
                        .isEqualTo(AdmissionRejected.Reason.QUEUE_TIMEOUT))
                .verify(Duration.ofSeconds(10));
        assertThat(admission.queued()).isZero();
    }

    @Test
    void aClientThatLeavesWhileWaitingGivesUpItsPlace() {
        Pending running = new Pending(admission, 2, LONG);
        Pending leaving = new Pending(admission, 1, LONG);
        Pending staying = new Pending(admission, 2, LONG);

        leaving.subscription.dispose();
        assertThat(admission.queued()).isEqualTo(1);

        running.permit().close();
        assertThat(leaving.granted()).isFalse();
        assertThat(staying.granted()).isTrue();
        staying.permit().close();
        assertThat(freePermits()).isEqualTo(2);
    }

    @Test
    void closingTwiceGivesBackOnce() {
        Pending first = new Pending(admission, 1, LONG);
        new Pending(admission, 1, LONG);

        first.permit().close();
        first.permit().close();

        assertThat(freePermits()).isEqualTo(1);
    }

    @Test
    void roomComesBackOnlyWhenTheEngineHasLetGoOfEveryGenerationOfAClosedPermit() {
        Pending running = new Pending(admission, 2, LONG);
        Pending waiting = new Pending(admission, 1, LONG);
        Admission.Permit permit = running.permit();
        permit.entered();
        permit.entered();

        permit.close();
        assertThat(waiting.granted()).as("both generations are still in the engine").isFalse();
        permit.left();
        assertThat(waiting.granted()).isFalse();
        permit.left();

        assertThat(waiting.granted()).isTrue();
        assertThat(freePermits()).isEqualTo(1);
    }

    @Test
    void generationsThatEndBeforeThePermitIsClosedKeepTheirRoomUntilItIs() {
        Admission.Permit permit = new Pending(admission, 2, LONG).permit();
        permit.entered();
        permit.left();
        assertThat(freePermits()).as("the request may still start its second generation").isZero();

        permit.close();
        assertThat(freePermits()).isEqualTo(2);
    }

    @Test
    void aClosedPermitStartsNothingAndNoPermitStartsMoreThanItsRoom() {
        Admission.Permit closed = new Pending(admission, 1, LONG).permit();
        closed.close();
        assertThatThrownBy(closed::entered).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(closed::left).as("nothing entered").isInstanceOf(IllegalStateException.class);

        Admission.Permit one = new Pending(admission, 1, LONG).permit();
        one.entered();
        assertThatThrownBy(one::entered).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void moreGenerationsThanCanEverRunAreRefused() {
        assertThatThrownBy(() -> admission.acquire(3, LONG)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admission.acquire(0, LONG)).isInstanceOf(IllegalArgumentException.class);
    }
}

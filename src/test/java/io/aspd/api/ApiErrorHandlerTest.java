package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aspd.config.TestProperties;
import io.aspd.engine.EngineObserver;
import io.aspd.serving.AdmissionRejected;
import io.aspd.serving.ModelService;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.slf4j.LoggerFactory;
import reactor.netty.channel.AbortedException;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** The one error mapper, for errors that the HTTP tests cannot provoke on demand. */
class ApiErrorHandlerTest {
    private final ApiErrorHandler handler = new ApiErrorHandler(new WireJson());

    private MockServerWebExchange handle(Throwable error) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions"));
        StepVerifier.create(handler.handle(exchange, error)).verifyComplete();
        return exchange;
    }

    private static JsonNode error(MockServerWebExchange exchange) {
        return Wire.json(exchange.getResponse().getBodyAsString().block()).get("error");
    }

    @Test
    void whileTheModelLoadsRequestsGet503WithRetryAfter() {
        ModelGate gate = new ModelGate(new ModelService(TestProperties.withAdmission(4, 4), EngineObserver.NONE));
        Throwable loading = catchThrowable(() -> gate.require(null));

        MockServerWebExchange exchange = handle(loading);

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(error(exchange).get("code").asString()).isEqualTo("model_loading");
    }

    @Test
    void admissionRejectionsBecome429And503WithRetryAfter() {
        MockServerWebExchange full = handle(new AdmissionRejected(AdmissionRejected.Reason.QUEUE_FULL, Duration.ZERO,
                Duration.ofSeconds(1)));
        assertThat(full.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(full.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");

        MockServerWebExchange timedOut = handle(new AdmissionRejected(AdmissionRejected.Reason.QUEUE_TIMEOUT,
                Duration.ofSeconds(30), Duration.ofMillis(1500)));
        assertThat(timedOut.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(timedOut.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(error(timedOut).get("code").asString()).isEqualTo("queue_timeout");
    }

    @Test
    void unexpectedFailuresAre500WithoutTheirDetails() {
        MockServerWebExchange exchange = handle(new IllegalStateException("secret internal detail"));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        JsonNode error = error(exchange);
        assertThat(error.get("type").asString()).isEqualTo("server_error");
        assertThat(error.get("message").asString()).doesNotContain("secret", "IllegalState");
    }

    @Test
    void frameworkStatusesKeepTheirStatusInOpenAisShape() {
        MockServerWebExchange exchange = handle(new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED));
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(error(exchange).get("code").asString()).isEqualTo("method_not_allowed");
    }

    @Test
    void expectedConditionsLogOneLineAndOnlyFaultsLogAnError() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ApiErrorHandler.class);
        log.start();
        logger.addAppender(log);
        try {
            handle(new AdmissionRejected(AdmissionRejected.Reason.QUEUE_TIMEOUT, Duration.ofSeconds(30),
                    Duration.ofSeconds(1)));
            handle(ApiException.loading(Duration.ofSeconds(5)));
            handle(new AdmissionRejected(AdmissionRejected.Reason.QUEUE_FULL, Duration.ZERO, Duration.ofSeconds(1)));
            assertThat(log.list).noneMatch(event -> event.getLevel() == Level.ERROR)
                    .allMatch(event -> event.getThrowableProxy() == null);
            assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN).hasSize(2);

            MockServerWebExchange gone = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/completions"));
            StepVerifier.create(handler.handle(gone, new AbortedException("Connection has been closed")))
                    .verifyComplete();
            assertThat(log.list).noneMatch(event -> event.getLevel() == Level.ERROR);

            handle(new IllegalStateException("a bug"));
            assertThat(log.list).filteredOn(event -> event.getLevel() == Level.ERROR).singleElement()
                    .satisfies(event -> assertThat(event.getThrowableProxy()).isNotNull());
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void aResponseThatHasStartedIsLeftToFail() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/completions"));
        exchange.getResponse().setComplete().block();
        IllegalStateException failure = new IllegalStateException("after the first byte");

        StepVerifier.create(handler.handle(exchange, failure)).verifyErrorMatches(e -> e == failure);
    }
}

package io.aspd.api;

import io.aspd.config.AspdProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Hooks;

/**
 * Deadlines for clients that hold a connection without finishing their request, so that a few slow or stalled clients
 * cannot keep connections (and the memory of half-read bodies) for ever. A connection waiting for a request, or stuck
 * in its request head, is closed by {@code server.netty.idle-timeout}; a request body that pauses longer than
 * {@code aspd.api.body-read-timeout}, or takes longer than {@code aspd.api.body-timeout} in all, is closed here.
 * Generating the answer is not limited here: that is {@code aspd.admission.request-timeout}.
 * <p>
 * Reactor Netty signals such a timeout (and a client's disconnect) once more after the error answer has been sent;
 * Reactor would log that late signal at ERROR with a stack, a log flood under exactly the slow clients this guards
 * against. Late signals of these expected ends are logged at DEBUG; any other late error still at ERROR.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionTimeouts {
    private static final Logger log = LoggerFactory.getLogger(ConnectionTimeouts.class);

    static {
        Hooks.onErrorDropped(ConnectionTimeouts::logLateError); // JVM-wide: installed once, when this class loads
    }

    @Bean
    NettyServerCustomizer requestBodyTimeouts(AspdProperties properties) {
        AspdProperties.Api api = properties.api();
        return server -> server.readTimeout(api.bodyReadTimeout()).requestTimeout(api.bodyTimeout());
    }

    private static void logLateError(Throwable error) {
        if (ApiErrorHandler.isExpectedConnectionEnd(error)) {
            log.debug("Late signal after the connection ended: {}", error.toString());
        } else {
            log.error("An error arrived after its request had ended", error);
        }
    }
}

package dev.octet.gateway.client;

import dev.octet.gateway.config.GatewayConfig;
import dev.octet.gateway.model.Route;
import dev.octet.gateway.service.GatewayMetrics;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Forwards one request to its route's targets with vertx-http-proxy, and decides what a failure means:
 * the next target or the same one again after a backoff (for a request nothing of which was sent, or
 * an idempotent one without a body), or a failure the gateway answers for. Each attempt goes through
 * the target's circuit breaker and is watched by an idle timeout.
 */
@Singleton
public class Forwarder {

    private final Vertx vertx;
    private final Upstreams upstreams;
    private final GatewayMetrics metrics;
    private final Backoff backoff;
    private final int maxAttempts;
    private final long connectTimeoutMillis;

    Forwarder(Vertx vertx, Upstreams upstreams, GatewayMetrics metrics, GatewayConfig config) {
        this.vertx = vertx;
        this.upstreams = upstreams;
        this.metrics = metrics;
        this.backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
        this.maxAttempts = Math.max(1, config.retry().maxAttempts());
        this.connectTimeoutMillis = config.timeouts().connect().toMillis();
    }

    /**
     * The upstream's response, its head received and its body not yet read, or a {@link ForwardingFailure}
     * if no target answered.
     */
    public Future<ProxyResponse> forward(Exchange exchange) {
        return attempt(exchange, 1, new HashSet<>());
    }

    private Future<ProxyResponse> attempt(Exchange exchange, int attempt, Set<UpstreamTarget> tried) {
        return callAnyTarget(exchange, tried, new HashSet<>()).recover(error -> {
            if (!(error instanceof ForwardingFailure failure) || !mayRetry(exchange, failure, attempt)) {
                return Future.failedFuture(error);
            }
            metrics.retried(exchange.route());
            return delay(backoff.delayMillis(attempt)).compose(v -> attempt(exchange, attempt + 1, tried));
        });
    }

    private boolean mayRetry(Exchange exchange, ForwardingFailure failure, int attempt) {
        boolean retriableKind = failure.kind() == ForwardingFailure.Kind.CONNECT_FAILED
                || failure.kind() == ForwardingFailure.Kind.TIMED_OUT
                || failure.kind() == ForwardingFailure.Kind.RESET;
        return attempt < maxAttempts && retriableKind && !exchange.clientGone()
                && (failure.nothingSent() || exchange.replayable());
    }

    /** One attempt: the next target whose breaker lets the call through (a refusal moves on to another). */
    private Future<ProxyResponse> callAnyTarget(Exchange exchange, Set<UpstreamTarget> tried, Set<UpstreamTarget> refused) {
        Optional<UpstreamTarget> next = upstreams.pool(exchange.route()).pick(tried, refused);
        if (next.isEmpty()) {
            return Future.failedFuture(ForwardingFailure.circuitOpen());
        }
        UpstreamTarget target = next.get();
        tried.add(target);
        return target.breaker().<ProxyResponse>execute(promise -> call(exchange, target).onComplete(promise))
                .recover(error -> {
                    if (error instanceof OpenCircuitException) {
                        // Open, or half-open with its one trial call already under way.
                        metrics.upstreamCall(target.route(), target.label(), "circuit_open");
                        refused.add(target);
                        return callAnyTarget(exchange, tried, refused);
                    }
                    return Future.failedFuture(error);
                });
    }

    private Future<ProxyResponse> call(Exchange exchange, UpstreamTarget target) {
        RequestOptions options = new RequestOptions()
                .setHost(target.host())
                .setPort(target.port())
                .setConnectTimeout(connectTimeoutMillis);
        return upstreams.client().request(options).transform(connected -> {
            if (connected.failed()) {
                metrics.upstreamCall(target.route(), target.label(), "connect_failed");
                return Future.failedFuture(ForwardingFailure.connectFailed(target, connected.cause()));
            }
            return send(exchange, target, connected.result());
        });
    }

    private Future<ProxyResponse> send(Exchange exchange, UpstreamTarget target, HttpClientRequest request) {
        if (exchange.clientGone()) {
            request.reset(0);
            metrics.upstreamCall(target.route(), target.label(), "client_gone");
            return Future.failedFuture(ForwardingFailure.clientGone(target, null));
        }
        Route route = exchange.route();
        long idleMillis = route.idleTimeout().toMillis();
        IdleWatchdog watchdog = new IdleWatchdog(vertx, idleMillis, () -> request.reset(0,
                new TimeoutException(route.service() + " at " + target.label() + " was idle for " + idleMillis + " ms")));
        exchange.beginAttempt(request, watchdog);
        watchdog.start();
        return exchange.request().send(request).transform(sent -> {
            if (sent.succeeded()) {
                watchdog.touch();
                metrics.upstreamCall(target.route(), target.label(), "response");
                exchange.watchResponse(sent.result());
                return Future.succeededFuture(sent.result());
            }
            watchdog.stop();
            if (exchange.clientGone()) {
                metrics.upstreamCall(target.route(), target.label(), "client_gone");
                return Future.failedFuture(ForwardingFailure.clientGone(target, sent.cause()));
            }
            if (watchdog.fired()) {
                metrics.upstreamCall(target.route(), target.label(), "timed_out");
                return Future.failedFuture(ForwardingFailure.timedOut(target, idleMillis));
            }
            metrics.upstreamCall(target.route(), target.label(), "reset");
            return Future.failedFuture(ForwardingFailure.reset(target, sent.cause()));
        });
    }

    private Future<Void> delay(long millis) {
        Promise<Void> promise = Promise.promise();
        vertx.setTimer(Math.max(1, millis), id -> promise.complete());
        return promise.future();
    }
}

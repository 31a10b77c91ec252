package dev.octet.gateway.rest;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every request an {@code X-Request-Id}: the client's own if it is sensible (1 to 128 visible
 * ASCII characters, so nothing odd reaches the logs), a new UUID otherwise. It is forwarded upstream,
 * put in the logging context and set on the response, whoever answers.
 */
@Singleton
public class RequestIds implements Handler<RoutingContext> {

    public static final String HEADER = "X-Request-Id";
    static final String CONTEXT_KEY = "octet.requestId";
    private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7e]{1,128}");

    @Override
    public void handle(RoutingContext ctx) {
        String id = acceptOrCreate(ctx.request().getHeader(HEADER));
        ctx.request().headers().set(HEADER, id);
        ctx.put(CONTEXT_KEY, id);
        MDC.put("requestId", id);
        // Set, not added: the upstream echoes the id too, and one copy is enough.
        ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HEADER, id));
        ctx.next();
    }

    static String of(RoutingContext ctx) {
        return ctx.get(CONTEXT_KEY);
    }

    static String acceptOrCreate(String offered) {
        return offered != null && ACCEPTABLE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }
}

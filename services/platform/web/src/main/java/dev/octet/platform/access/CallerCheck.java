package dev.octet.platform.access;

import dev.octet.platform.identity.IdentityRefused;
import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.platform.identity.config.ServiceIdentity;
import dev.octet.platform.web.Problem;
import dev.octet.platform.web.RequestIds;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Enforces {@link CalledBy} before a resource runs (and before a request body is read): a caller that is
 * not one of the resource's is answered 401 (no identity, or one that cannot be accepted: expired, of
 * another authority, for another service) or 403 (a service that may not call it) with problem details,
 * so nothing changes; every refusal is logged with the caller's address and what it claimed to be.
 * The accepted caller is kept on the request ({@link #caller(ContainerRequestContext)}).
 */
@Singleton
public class CallerCheck {

    private static final Logger LOG = Logger.getLogger(CallerCheck.class);
    private static final String CALLER = CallerCheck.class.getName() + ".caller";

    private final Provider<ServiceIdentity> identity;
    private final Map<Method, Optional<CalledBy>> rules = new ConcurrentHashMap<>();
    private volatile OperatorCredential operator;

    CallerCheck(Provider<ServiceIdentity> identity) {
        this.identity = identity;
    }

    /** The service whose token this request carried, once {@link CallerCheck} accepted it; empty for an operator. */
    public static Optional<ServiceId> caller(ContainerRequestContext request) {
        return Optional.ofNullable((ServiceId) request.getProperty(CALLER));
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest connection) {
        Optional<CalledBy> rule = resource.getResourceMethod() == null ? Optional.empty()
                : rules.computeIfAbsent(resource.getResourceMethod(), method -> ruleOf(method, resource.getResourceClass()));
        if (rule.isEmpty()) {
            return null;
        }
        CalledBy calledBy = rule.get();
        String token = request.getHeaderString(TokenSigner.HEADER);
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (calledBy.operators() && token == null) {
            Optional<String> refusal = operatorCredential().refusal(authorization);
            return refusal.isEmpty() ? null : refuse(request, connection, calledBy, 401,
                    OperatorCredential.isBasic(authorization) ? "operator" : "unidentified", refusal.get());
        }
        ServiceId caller;
        try {
            caller = identity.get().caller(token);
        } catch (IdentityRefused e) {
            return refuse(request, connection, calledBy, 401, "unidentified", e.getMessage());
        }
        if (!Arrays.asList(calledBy.value()).contains(caller.service())) {
            return refuse(request, connection, calledBy, 403, caller.toString(), caller.service() + " may not call this");
        }
        if (!calledBy.instanceFrom().isEmpty()) {
            String instance = request.getUriInfo().getPathParameters().getFirst(calledBy.instanceFrom());
            if (instance == null || !caller.mayActAs(instance)) {
                return refuse(request, connection, calledBy, 403, caller.toString(), caller + " may not speak for " + instance);
            }
        }
        request.setProperty(CALLER, caller);
        return null;
    }

    private static Optional<CalledBy> ruleOf(Method method, Class<?> resourceClass) {
        CalledBy onMethod = method.getAnnotation(CalledBy.class);
        return Optional.ofNullable(onMethod != null ? onMethod : resourceClass.getAnnotation(CalledBy.class));
    }

    private OperatorCredential operatorCredential() {
        if (operator == null) {
            operator = new OperatorCredential(ConfigProvider.getConfig().getOptionalValue(OperatorCredential.PASSWORD, String.class)
                    .orElseThrow(() -> new IllegalStateException(OperatorCredential.PASSWORD + " is not set")));
        }
        return operator;
    }

    private static Response refuse(ContainerRequestContext request, HttpServerRequest connection, CalledBy rule, int status,
                                   String claimed, String reason) {
        String path = request.getUriInfo().getPath();
        String address = connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().toString();
        LOG.warnf("Refused %s %s from %s (%s): %s", request.getMethod(), path, address, claimed, reason);
        Problem problem = new Problem(Problem.type(status == 401 ? "unauthenticated-caller" : "caller-not-allowed"),
                status == 401 ? "Unauthorized" : "Forbidden", status, reason + ". " + whoMay(rule), path,
                request.getHeaderString(RequestIds.HEADER), null);
        Response.ResponseBuilder response = Response.fromResponse(problem.toResponse());
        if (status == 401 && rule.operators()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"octet operators\", charset=\"UTF-8\"");
        }
        return response.build();
    }

    private static String whoMay(CalledBy rule) {
        String services = rule.value().length == 0 ? "" : "the services " + String.join(", ", rule.value())
                + " (with their " + TokenSigner.HEADER + ")";
        String operators = rule.operators() ? "operators (HTTP Basic, user " + OperatorCredential.USER
                + " and " + OperatorCredential.PASSWORD + ": curl -u " + OperatorCredential.USER + ":PASSWORD)" : "";
        return "Only " + services + (services.isEmpty() || operators.isEmpty() ? "" : " and ") + operators + " may call it";
    }
}

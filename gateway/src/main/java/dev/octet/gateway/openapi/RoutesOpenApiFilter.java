package dev.octet.gateway.openapi;

import dev.octet.gateway.config.GatewayConfig;
import dev.octet.gateway.model.PublicEndpoint;
import dev.octet.gateway.model.Route;
import dev.octet.gateway.service.RouteTable;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.config.SmallRyeConfig;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Describes the configured routes in {@code /q/openapi}, as they are at start-up (routes are
 * configuration, so the document is built from it): one path per route, the problems the gateway
 * itself answers with, and where each service documents its own API.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class RoutesOpenApiFilter implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        GatewayConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(GatewayConfig.class);
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents()
                .addSchema("Problem", problemSchema())
                .addSecurityScheme("bearer", OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"));
        if (openAPI.getPaths() == null) {
            openAPI.setPaths(OASFactory.createPaths());
        }
        for (Route route : RouteTable.from(config).routes()) {
            openAPI.getPaths().addPathItem(route.prefix() + "/{path}", pathItem(route));
        }
    }

    private static PathItem pathItem(Route route) {
        Parameter path = OASFactory.createParameter().name("path").in(Parameter.In.PATH).required(true)
                .description("The rest of the path, forwarded unchanged")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        String publicOnes = route.publicEndpoints().stream().map(PublicEndpoint::toString).collect(Collectors.joining(", "));
        String description = "Forwarded to " + route.service() + " as " + route.upstreamPath() + "/{path} on "
                + route.targets() + ". Token required: " + route.tokenRequirement().name().toLowerCase()
                + (publicOnes.isEmpty() ? "" : " (except " + publicOnes + ")")
                + ". The service's own API is described at /q/openapi on its port.";
        PathItem item = OASFactory.createPathItem().summary(route.service()).description(description).addParameter(path);
        item.GET(operation(route, "GET", false));
        item.POST(operation(route, "POST", true));
        item.PUT(operation(route, "PUT", true));
        item.PATCH(operation(route, "PATCH", true));
        item.DELETE(operation(route, "DELETE", true));
        return item;
    }

    private static Operation operation(Route route, String method, boolean write) {
        APIResponses responses = OASFactory.createAPIResponses()
                .defaultValue(OASFactory.createAPIResponse().description("The response of " + route.service()))
                .addAPIResponse("404", problem("No route for the path"))
                .addAPIResponse("502", problem(route.service() + " closed the connection without answering"))
                .addAPIResponse("503", problem(route.service() + " is down or its circuit breaker is open"))
                .addAPIResponse("504", problem(route.service() + " went idle for longer than the idle timeout"));
        Operation operation = OASFactory.createOperation()
                .operationId(route.name() + "-" + method.toLowerCase())
                .summary(method + " " + route.prefix() + "/{path} via " + route.service())
                .responses(responses);
        if (write) {
            responses.addAPIResponse("401", problem("Missing or invalid bearer token"));
            operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer", List.of()));
        }
        return operation;
    }

    private static org.eclipse.microprofile.openapi.models.responses.APIResponse problem(String description) {
        Content content = OASFactory.createContent().addMediaType("application/problem+json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
        return OASFactory.createAPIResponse().description(description).content(content);
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri"))
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", string)
                .addProperty("instance", string)
                .addProperty("requestId", string);
    }
}

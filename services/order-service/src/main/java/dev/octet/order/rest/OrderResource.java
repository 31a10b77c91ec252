package dev.octet.order.rest;

import dev.octet.order.model.OrderView;
import dev.octet.order.model.PlaceOrderRequest;
import dev.octet.order.service.OrderService;
import dev.octet.platform.web.Page;
import dev.octet.platform.web.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The caller's own orders; the customer is always the token's subject. */
@Path("/orders")
@Authenticated
public class OrderResource {

    private final OrderService orders;
    private final JsonWebToken caller;

    public OrderResource(OrderService orders, JsonWebToken caller) {
        this.orders = orders;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Place an order; it is PENDING until stock is reserved (CONFIRMED) or refused (REJECTED)")
    public Uni<Response> place(@NotNull @Valid PlaceOrderRequest request, UriInfo uri) {
        return orders.place(customerId(), request).map(details -> Response
                .created(uri.getAbsolutePathBuilder().path(details.order().id.toString()).build())
                .type(MediaType.APPLICATION_JSON)
                .entity(OrderView.of(details)).build());
    }

    @GET
    @Operation(summary = "Your orders, newest first")
    public Uni<Page<OrderView>> list(@Valid @BeanParam PageRequest page) {
        return orders.list(customerId(), page).map(result -> result.map(OrderView::of));
    }

    @GET
    @Path("/{id}")
    public Uni<OrderView> get(@PathParam("id") UUID id) {
        return orders.get(customerId(), id).map(OrderView::of);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a pending or confirmed order; reserved stock is given back")
    public Uni<OrderView> cancel(@PathParam("id") UUID id) {
        return orders.cancel(customerId(), id).map(OrderView::of);
    }

    private UUID customerId() {
        return UUID.fromString(caller.getSubject());
    }
}

package dev.octet.product.rest;

import dev.octet.platform.web.Page;
import dev.octet.platform.web.PageRequest;
import dev.octet.product.model.ProductRequest;
import dev.octet.product.model.ProductView;
import dev.octet.product.model.StockAdjustment;
import dev.octet.product.service.CatalogService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/products")
public class ProductResource {

    private final CatalogService catalog;

    public ProductResource(CatalogService catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "List products, optionally those whose name contains q and/or in a category")
    public Uni<Page<ProductView>> search(@QueryParam("q") @Size(max = 200) String text,
                                         @QueryParam("category") @Size(max = 100) String category,
                                         @Valid @BeanParam PageRequest page) {
        return catalog.search(text, category, page).map(result -> result.map(ProductView::of));
    }

    @GET
    @Path("/{id}")
    public Uni<ProductView> get(@PathParam("id") UUID id) {
        return catalog.get(id).map(ProductView::of);
    }

    @POST
    @Authenticated
    public Uni<Response> create(@NotNull @Valid ProductRequest request, UriInfo uri) {
        return catalog.create(request).map(product -> Response
                .created(uri.getAbsolutePathBuilder().path(product.id.toString()).build())
                .type(MediaType.APPLICATION_JSON)
                .entity(ProductView.of(product)).build());
    }

    @PUT
    @Path("/{id}")
    @Authenticated
    @Operation(summary = "Replace a product's catalog fields and set its free stock")
    public Uni<ProductView> replace(@PathParam("id") UUID id, @NotNull @Valid ProductRequest request) {
        return catalog.replace(id, request).map(ProductView::of);
    }

    @POST
    @Path("/{id}/stock")
    @Authenticated
    @Operation(summary = "Add (positive delta) or remove (negative delta) free units")
    public Uni<ProductView> adjustStock(@PathParam("id") UUID id, @NotNull @Valid StockAdjustment adjustment) {
        return catalog.adjustStock(id, adjustment.delta()).map(ProductView::of);
    }

    @DELETE
    @Path("/{id}")
    @Authenticated
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return catalog.delete(id).map(ignored -> Response.noContent().build());
    }
}

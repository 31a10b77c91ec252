package dev.octet.metadata.rest;

import dev.octet.filesystem.api.v1.ReadPlan;
import dev.octet.metadata.service.ReadPlanService;
import dev.octet.platform.access.CalledBy;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** Where a file's bytes are: readers ask here, then fetch the chunks from chunk servers themselves. */
@Path("/read-plans")
@CalledBy("chunk-server")
public class ReadPlanResource {

    private final ReadPlanService plans;

    public ReadPlanResource(ReadPlanService plans) {
        this.plans = plans;
    }

    @GET
    public Uni<ReadPlan> plan(@QueryParam("path") String path) {
        return plans.plan(path);
    }
}

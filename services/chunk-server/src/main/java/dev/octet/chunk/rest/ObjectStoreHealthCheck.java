package dev.octet.chunk.rest;

import dev.octet.chunk.storage.ChunkStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when this server's bucket answers: without it, it can neither store nor serve replicas. */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {

    private final ChunkStore store;

    public ObjectStoreHealthCheck(ChunkStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = store.ensureBucket() && store.bucketExists();
        return HealthCheckResponse.named("object-store").status(ready).withData("bucket", store.bucket()).build();
    }
}

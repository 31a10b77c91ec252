package dev.octet.metadata.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Refuses to start with a replication policy that cannot protect data. */
@ApplicationScoped
public class PolicyCheck {

    void check(@Observes StartupEvent event, MetadataConfig config) {
        if (config.replicationFactor() < 2) {
            throw new IllegalStateException("octet.metadata.replication-factor must be at least 2, not "
                    + config.replicationFactor());
        }
        if (config.writeQuorum() < 1 || config.writeQuorum() > config.replicationFactor()) {
            throw new IllegalStateException("octet.metadata.write-quorum must be between 1 and the replication factor ("
                    + config.replicationFactor() + "), not " + config.writeQuorum());
        }
        if (config.chunkSize().asLongValue() < 64 * 1024) {
            throw new IllegalStateException("octet.metadata.chunk-size must be at least 64K");
        }
    }
}

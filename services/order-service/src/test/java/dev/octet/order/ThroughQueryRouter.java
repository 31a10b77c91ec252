package dev.octet.order;

import dev.octet.testing.JwtResource;
import dev.octet.testing.KafkaResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The order-service on the distributed database: the query router instead of one PostgreSQL. */
public class ThroughQueryRouter implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(QueryRouterResource.class), new TestResourceEntry(KafkaResource.class),
                new TestResourceEntry(JwtResource.class));
    }

    /** Not the shared single PostgreSQL the other tests of this module use. */
    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}

package dev.octet.devstack;

import java.nio.file.Path;

/**
 * Where the devstack keeps things, which ports it uses and on which address its services listen. Ports
 * are the README's port map, all shifted by {@code portOffset} (0 normally; the system tests use an
 * offset so they can run beside a developer's own devstack). The services' HTTP ports and the query
 * router's PostgreSQL port listen on {@code bindAddress}: loopback unless {@code ./octet up --bind}
 * says otherwise; the infrastructure (PostgreSQL, the shards, Kafka, S3) and the control API always
 * listen on loopback only.
 */
record StackLayout(Path repository, Path home, int portOffset, String bindAddress) {

    /** Loopback: nothing of a developer's devstack is reachable from the network unless asked for. */
    static final String LOOPBACK = "127.0.0.1";

    StackLayout(Path repository, Path home, int portOffset) {
        this(repository, home, portOffset, LOOPBACK);
    }

    static final int GATEWAY = 8080;
    static final int USER_SERVICE = 8081;
    static final int PRODUCT_SERVICE = 8082;
    static final int ORDER_SERVICE = 8083;
    static final int QUERY_ROUTER = 8084;
    static final int QUERY_ROUTER_POSTGRES = 6432;
    static final int FIRST_SHARD = 5441;
    static final int SHARDS = 4;
    static final int METADATA_SERVICE = 8085;
    static final int FIRST_CHUNK_SERVER = 8086;
    static final int CHUNK_SERVERS = 3;
    static final int POSTGRES = 5432;
    static final int KAFKA = 9092;
    static final int KAFKA_CONTROLLER = 9093;
    static final int S3 = 9000;
    static final int CONTROL = 8079;

    int port(int standardPort) {
        return standardPort + portOffset;
    }

    Path logs() {
        return home.resolve("logs");
    }

    Path module(String module) {
        return repository.resolve(module);
    }
}

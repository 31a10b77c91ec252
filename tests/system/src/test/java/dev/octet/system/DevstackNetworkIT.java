package dev.octet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A developer's devstack is not open to the network: every socket any of its processes listens on is
 * bound to loopback, services, router, PostgreSQL, shards, Kafka and S3 alike (./octet up --bind opens
 * the services on purpose). Read from the kernel's socket tables, not from the configuration.
 */
class DevstackNetworkIT {

    /**
     * The one exception, known and documented: S3Mock 4.11 serves plain HTTP through a second Tomcat
     * connector that it creates without an address, so it listens on every interface whatever
     * server.address says (and it refuses to start without it). Only that socket is let through.
     */
    private static boolean isS3MocksPlainHttpConnector(String component, InetSocketAddress address) {
        return component.equals("s3") && address.getAddress().isAnyLocalAddress() && address.getPort() == 9000 + Deployment.PORT_OFFSET;
    }

    @Test
    void everyProcessOfTheDevstackListensOnLoopbackOnly() {
        Map<String, Long> processes = Deployment.get().processes();
        assumeTrue(!processes.isEmpty(), "the scenarios run against another deployment, not a devstack of their own");
        assumeTrue(ListeningSockets.available(), "no /proc/net/tcp here: not Linux");
        assertThat(processes).containsKeys("gateway", "query-router", "postgres", "kafka", "shard-1");

        Map<Long, List<InetSocketAddress>> sockets = ListeningSockets.of(processes.values());
        for (Map.Entry<String, Long> process : processes.entrySet()) {
            List<InetSocketAddress> listening = sockets.get(process.getValue());
            assertThat(listening).as("the sockets %s (pid %d) listens on", process.getKey(), process.getValue()).isNotEmpty();
            for (InetSocketAddress address : listening) {
                if (isS3MocksPlainHttpConnector(process.getKey(), address)) {
                    continue;
                }
                assertThat(address.getAddress().isLoopbackAddress()).as("%s listens on %s", process.getKey(), address).isTrue();
            }
        }
        assertThat(sockets.get(processes.get("gateway"))).extracting(InetSocketAddress::getPort)
                .contains(8080 + Deployment.PORT_OFFSET);
        assertThat(sockets.get(processes.get("query-router"))).extracting(InetSocketAddress::getPort)
                .contains(6432 + Deployment.PORT_OFFSET, 8084 + Deployment.PORT_OFFSET);
    }
}

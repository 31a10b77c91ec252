package dev.octet.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.platform.identity.IssuedIdentity;
import dev.octet.platform.identity.Pem;
import dev.octet.platform.identity.ServiceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackDefinitionTest {

    @TempDir
    Path repository;

    @Test
    void everyComponentHasItsOwnPortsAndTheOffsetShiftsThemAll() throws Exception {
        for (String module : List.of("services/user-service", "services/product-service", "services/order-service",
                "services/metadata-service", "services/chunk-server", "services/query-router", "gateway")) {
            Files.createDirectories(repository.resolve(module));
        }
        List<Integer> standard = ports(new StackDefinition(new StackLayout(repository, repository.resolve(".octet"), 0)));
        List<Integer> shifted = ports(new StackDefinition(new StackLayout(repository, repository.resolve(".octet"), 10000)));

        assertThat(standard).doesNotHaveDuplicates().contains(5432, 9092, 9000, 8080, 8081, 8082, 8083, 8084, 6432, 5441, 5442, 5443, 5444, 8085, 8086, 8087, 8088);
        assertThat(shifted).containsExactlyElementsOf(standard.stream().map(port -> port + 10000).toList());
    }

    @Test
    void servicesWhoseModuleIsAbsentAreLeftOut() throws Exception {
        Files.createDirectories(repository.resolve("services/user-service"));
        StackDefinition definition = new StackDefinition(new StackLayout(repository, repository.resolve(".octet"), 0));
        assertThat(definition.services()).extracting(Component::name).containsExactly("user-service");
    }

    @Test
    void theOrderServiceKeepsItsOrdersThroughTheQueryRouterWhenThereIsOne() throws Exception {
        Files.createDirectories(repository.resolve("services/order-service"));
        Files.createDirectories(repository.resolve("services/query-router"));
        StackDefinition definition = new StackDefinition(new StackLayout(repository, repository.resolve(".octet"), 0));
        List<List<ServiceComponent>> tiers = definition.serviceTiers();
        assertThat(tiers.get(0)).extracting(Component::name).containsExactly("query-router");
        assertThat(tiers.get(1)).extracting(Component::name).containsExactly("order-service");
        assertThat(tiers.get(1).get(0).environment())
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:6432/orders");
        assertThat(definition.infrastructure()).extracting(Component::name).contains("shard-1", "shard-4");
    }

    @Test
    void servicesListenOnLoopbackUnlessToldOtherwise() throws Exception {
        Files.createDirectories(repository.resolve("gateway"));
        Files.createDirectories(repository.resolve("services/query-router"));
        StackDefinition loopback = new StackDefinition(new StackLayout(repository, repository.resolve(".octet"), 0));
        assertThat(loopback.services()).allSatisfy(service -> assertThat(service.environment()).containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1"));
        assertThat(loopback.services()).filteredOn(service -> service.name().equals("query-router")).singleElement()
                .satisfies(router -> assertThat(router.environment()).containsEntry("OCTET_ROUTER_HOST", "127.0.0.1"));

        StackDefinition open = new StackDefinition(new StackLayout(repository, repository.resolve(".octet"), 0, "0.0.0.0"));
        assertThat(open.services()).hasSize(2)
                .allSatisfy(service -> assertThat(service.environment()).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0"));
    }

    private static List<Integer> ports(StackDefinition definition) {
        List<Integer> ports = new ArrayList<>();
        definition.infrastructure().forEach(c -> ports.addAll(c.ports()));
        definition.services().forEach(c -> ports.addAll(c.ports()));
        return ports;
    }

    @Test
    void servicesThatCallAnotherGetAnIdentityOfTheirOwnAndTheCalledOnesTheAuthorityAlone() throws Exception {
        for (String module : List.of("services/metadata-service", "services/chunk-server", "gateway")) {
            Files.createDirectories(repository.resolve(module));
        }
        StackDefinition definition = new StackDefinition(new StackLayout(repository, repository.resolve(".octet"), 0));
        Map<String, Path> folders = definition.services().stream().collect(Collectors.toMap(Component::name,
                service -> Path.of(service.environment().get("OCTET_IDENTITY_FOLDER"))));

        assertThat(ServiceId.of(Pem.readCertificates(folders.get("chunk-server-2").resolve(IssuedIdentity.CERTIFICATE)).get(0)))
                .contains(ServiceId.of("chunk-server", "chunk-2"));
        assertThat(ServiceId.of(Pem.readCertificates(folders.get("gateway").resolve(IssuedIdentity.CERTIFICATE)).get(0)))
                .contains(ServiceId.of("gateway"));
        assertThat(folders.get("metadata-service").resolve(IssuedIdentity.KEY)).doesNotExist();
        X509Certificate authority = Pem.readCertificates(folders.get("metadata-service").resolve(IssuedIdentity.TRUST_ANCHORS)).get(0);
        Pem.readCertificates(folders.get("gateway").resolve(IssuedIdentity.CERTIFICATE)).get(0).verify(authority.getPublicKey());
        assertThat(Files.getPosixFilePermissions(folders.get("gateway").resolve(IssuedIdentity.KEY))).containsOnly(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        // The next start keeps the authority and issues new keys.
        StackDefinition again = new StackDefinition(new StackLayout(repository, repository.resolve(".octet"), 0));
        Path gateway = Path.of(again.services().stream().filter(service -> service.name().equals("gateway")).findFirst()
                .orElseThrow().environment().get("OCTET_IDENTITY_FOLDER"));
        assertThat(Pem.readCertificates(gateway.resolve(IssuedIdentity.TRUST_ANCHORS)).get(0)).isEqualTo(authority);
    }
}

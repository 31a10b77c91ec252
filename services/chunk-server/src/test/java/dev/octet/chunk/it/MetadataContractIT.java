package dev.octet.chunk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.chunk.client.MetadataClient;
import dev.octet.chunk.config.ChunkServerConfig;
import dev.octet.filesystem.api.v1.BlockReport;
import dev.octet.filesystem.api.v1.ChunkAllocation;
import dev.octet.filesystem.api.v1.ChunkBatchReply;
import dev.octet.filesystem.api.v1.EntryKind;
import dev.octet.filesystem.api.v1.EntryStatus;
import dev.octet.filesystem.api.v1.Heartbeat;
import dev.octet.filesystem.api.v1.HeartbeatReply;
import dev.octet.filesystem.api.v1.Listing;
import dev.octet.filesystem.api.v1.ReadPlan;
import dev.octet.filesystem.api.v1.ServerRef;
import dev.octet.filesystem.api.v1.StoredChunk;
import dev.octet.filesystem.api.v1.UploadLease;
import dev.octet.filesystem.api.v1.UploadProgress;
import dev.octet.filesystem.api.v1.UploadRequest;
import dev.octet.filesystem.api.v1.VersionState;
import dev.octet.platform.web.ProblemException;
import dev.octet.testing.IdentityResource;
import dev.octet.testing.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The file system's internal API (filesystem-api v1) between its two real sides: chunk-server's REST
 * client ({@link MetadataClient}: its Jackson serialisation, its problem mapping) against the packaged
 * metadata service (its resources, validation and Jackson). Each call writes records as the chunk server
 * does and reads the answers as it does; what comes back shows the other side understood them.
 */
@QuarkusTest
@QuarkusTestResource(value = MetadataServiceResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true)
// One certificate for the whole service: the test speaks for the several servers it registers.
@QuarkusTestResource(value = IdentityResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "identity", value = "chunk-server"))
class MetadataContractIT {

    private static final long CHUNK = 65536;

    @Inject
    MetadataClient metadata;
    @Inject
    ChunkServerConfig self;

    private final String prefix = "/contract-" + UUID.randomUUID().toString().substring(0, 8);
    /**
     * Every chunk server alive for the class, so any may be a target: the ones the tests registered, and
     * the chunk server under test itself, which heartbeats to the same metadata service.
     */
    private static final Set<String> servers = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void registerChunkServers() {
        servers.add(self.serverId());
        for (int i = 1; i <= 3; i++) {
            String id = prefix.substring(1) + "-" + i;
            HeartbeatReply reply = metadata.heartbeat(id,
                    new Heartbeat("http://127.0.0.1:1/" + id, 1L << 40, 1L << 20, 0L, List.of()));
            assertThat(reply.deleteChunks()).isEmpty();
            assertThat(reply.replicate()).isEmpty();
            servers.add(id);
        }
    }

    @Test
    void theWriteProtocolFromLeaseToCommitAndTheReadPlan() {
        String path = prefix + "/data.bin";
        UploadLease lease = metadata.begin(new UploadRequest(path, 2 * CHUNK + 10, "contract-writer", null, true, CHUNK, 2));
        assertThat(lease.path()).isEqualTo(path);
        assertThat(lease.chunks()).isEqualTo(3);
        assertThat(lease.chunkSize()).isEqualTo(CHUNK);
        assertThat(lease.leaseExpiresAt()).isAfter(OffsetDateTime.now());
        assertThat(lease.allocations()).extracting(ChunkAllocation::index).containsExactly(0, 1);
        assertThat(lease.allocations().get(0).targets()).extracting(ServerRef::id).hasSize(lease.replicationFactor())
                .allMatch(servers::contains);

        ChunkBatchReply next = metadata.batch(lease.uploadId(), lease.generation(),
                List.of(stored(lease.allocations().get(0))), 2, 1);
        assertThat(next.allocations()).extracting(ChunkAllocation::index, ChunkAllocation::offset, ChunkAllocation::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 2 * CHUNK, 10L));

        UploadLease renewed = metadata.renew(lease.uploadId(), lease.generation(), CHUNK);
        assertThat(renewed.uploadId()).isEqualTo(lease.uploadId());
        UploadProgress progress = metadata.progress(path);
        assertThat(progress.state()).isEqualTo(VersionState.UPLOADING);
        assertThat(progress.chunksWritten()).isEqualTo(1);

        EntryStatus committed = metadata.commit(lease.uploadId(), lease.generation(),
                List.of(stored(lease.allocations().get(1)), stored(next.allocations().get(0))));
        assertThat(committed.kind()).isEqualTo(EntryKind.FILE);
        assertThat(committed.size()).isEqualTo(2 * CHUNK + 10);
        assertThat(committed.chunks()).isEqualTo(3);
        assertThat(committed.etag()).isNotBlank();
        assertThat(metadata.progress(path).state()).isEqualTo(VersionState.COMMITTED);

        ReadPlan plan = metadata.readPlan(path);
        assertThat(plan.etag()).isEqualTo(committed.etag());
        assertThat(plan.chunks()).extracting(ReadPlan.ChunkLocation::index).containsExactly(0, 1, 2);
        assertThat(plan.chunks().get(2).end()).isEqualTo(plan.size());
        assertThat(plan.chunks().get(0).digest()).isEqualTo(digest(0));
        assertThat(plan.chunks().get(0).replicas()).extracting(ServerRef::id).allMatch(servers::contains);
    }

    @Test
    void theNamespaceAsTheFrontDoorUsesIt() {
        EntryStatus directory = metadata.makeDirectories(prefix + "/a/b");
        assertThat(directory.isDirectory()).isTrue();
        assertThat(directory.size()).isNull();
        metadata.makeDirectories(prefix + "/a/c");

        Listing page = metadata.list(prefix + "/a", null, 1);
        assertThat(page.entries()).extracting(EntryStatus::name).containsExactly("b");
        assertThat(page.next()).isEqualTo("b");
        assertThat(metadata.list(prefix + "/a", page.next(), 10).entries()).extracting(EntryStatus::name).containsExactly("c");

        EntryStatus moved = metadata.rename(prefix + "/a/c", prefix + "/a/d");
        assertThat(moved.path()).isEqualTo(prefix + "/a/d");
        assertThat(metadata.stat(prefix + "/a/d").kind()).isEqualTo(EntryKind.DIRECTORY);

        metadata.delete(prefix + "/a", true);
        assertThatThrownBy(() -> metadata.stat(prefix + "/a"))
                .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.toProblem().status()).isEqualTo(404));
    }

    @Test
    void blockReportsAndReplicaReportsAreUnderstood() {
        String path = prefix + "/one.bin";
        UploadLease lease = metadata.begin(new UploadRequest(path, 10L, "contract-writer", null, false, null, 1));
        ChunkAllocation chunk = lease.allocations().get(0);
        metadata.commit(lease.uploadId(), lease.generation(), List.of(stored(chunk)));
        String holder = chunk.targets().get(0).id();

        UUID orphan = UUID.randomUUID();
        var reply = metadata.blockReport(holder, new BlockReport(OffsetDateTime.now().minusMinutes(10),
                List.of(chunk.chunkId(), orphan)));
        assertThat(reply.deleteChunks()).doesNotContain(chunk.chunkId());

        metadata.badReplica(chunk.chunkId(), holder, "corrupt");
        assertThat(metadata.readPlan(path).chunks().get(0).replicas()).extracting(ServerRef::id).doesNotContain(holder);
        metadata.replicaAdded(chunk.chunkId(), holder);
        assertThat(metadata.readPlan(path).chunks().get(0).replicas()).extracting(ServerRef::id).contains(holder);
    }

    private static StoredChunk stored(ChunkAllocation allocation) {
        return new StoredChunk(allocation.index(), allocation.chunkId(), allocation.size(), digest(allocation.index()),
                allocation.targets().stream().map(ServerRef::id).toList());
    }

    private static String digest(int index) {
        return "%064x".formatted(index + 1);
    }
}

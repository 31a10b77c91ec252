package dev.octet.chunk.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.octet.chunk.client.MetadataClient;
import dev.octet.filesystem.api.v1.ChunkAllocation;
import dev.octet.filesystem.api.v1.ChunkBatch;
import dev.octet.filesystem.api.v1.ChunkBatchReply;
import dev.octet.filesystem.api.v1.ServerRef;
import dev.octet.filesystem.api.v1.StoredChunk;
import dev.octet.filesystem.api.v1.UploadLease;
import dev.octet.platform.web.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How an upload's chunks and metadata calls overlap, against a metadata service that answers in memory. */
class UploadPipelineTest {

    private static final List<ServerRef> TARGETS = List.of(new ServerRef("a", "http://a"), new ServerRef("b", "http://b"),
            new ServerRef("c", "http://c"));

    private final BatchRecorder metadata = new BatchRecorder();
    private final ExecutorService callThreads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callThreads.shutdownNow();
    }

    @Test
    void allocationsComeSeveralPerCallAheadOfTheWriterAndCarryTheReports() throws Exception {
        UploadPipeline pipeline = pipeline(10, 4);
        for (int index = 0; index < 10; index++) {
            ChunkAllocation chunk = pipeline.allocation(index);
            assertThat(chunk.index()).isEqualTo(index);
            pipeline.track(chunk, CompletableFuture.completedFuture(outcome("a", "b", "c")));
        }
        List<StoredChunk> last = pipeline.finish();

        // The lease brought chunks 0-3; two calls asked for 4-6 and 7-9, each before the writer needed them.
        assertThat(metadata.batches).extracting(ChunkBatch::allocateFrom).containsExactly(4, 7);
        assertThat(metadata.batches).extracting(ChunkBatch::allocateCount).containsExactly(3, 3);
        List<Integer> reported = new ArrayList<>();
        metadata.batches.forEach(batch -> batch.stored().forEach(chunk -> reported.add(chunk.index())));
        last.forEach(chunk -> reported.add(chunk.index()));
        assertThat(reported).as("every chunk reported once, by a batch or with the commit")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).boxed().toList());
    }

    @Test
    void aOneChunkFileNeedsNoCallBetweenItsLeaseAndItsCommit() throws Exception {
        UploadPipeline pipeline = pipeline(1, 1);
        pipeline.track(pipeline.allocation(0), CompletableFuture.completedFuture(outcome("a", "b")));

        assertThat(pipeline.finish()).extracting(StoredChunk::index).containsExactly(0);
        assertThat(metadata.batches).isEmpty();
    }

    @Test
    void atMostTwoChunksAreLeftUnfinishedWhileTheNextStreams() throws Exception {
        UploadPipeline pipeline = pipeline(4, 4);
        CompletableFuture<ChunkFanOut.Outcome> first = new CompletableFuture<>();
        pipeline.track(pipeline.allocation(0), first);
        pipeline.track(pipeline.allocation(1), new CompletableFuture<>());
        ChunkAllocation third = pipeline.allocation(2);
        CompletableFuture<Void> tracked = CompletableFuture.runAsync(() -> {
            try {
                pipeline.track(third, new CompletableFuture<>());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, callThreads);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !tracked.isDone());
        first.complete(outcome("a", "b", "c"));
        await().atMost(Duration.ofSeconds(10)).until(tracked::isDone);
        assertThat(tracked).isCompleted();
    }

    @Test
    void aChunkBelowTheWriteQuorumFailsTheUpload() throws Exception {
        UploadPipeline pipeline = pipeline(3, 3);
        pipeline.track(pipeline.allocation(0), CompletableFuture.completedFuture(outcome("a")));

        assertThatThrownBy(pipeline::throwIfFailed).isInstanceOfSatisfying(ProblemException.class,
                problem -> assertThat(problem.toProblem().status()).isEqualTo(503));
    }

    private UploadPipeline pipeline(int chunks, int allocated) {
        UploadLease lease = new UploadLease(UUID.randomUUID(), "/file", 1, chunks * 10L, 10, chunks, 3, 2, null,
                IntStream.range(0, allocated).mapToObj(UploadPipelineTest::allocation).toList());
        return new UploadPipeline(metadata, lease, callThreads, 4, 2);
    }

    private static ChunkAllocation allocation(int index) {
        return new ChunkAllocation(UUID.randomUUID(), index, index * 10L, 10, TARGETS);
    }

    private static ChunkFanOut.Outcome outcome(String... stored) {
        return new ChunkFanOut.Outcome("0".repeat(64), List.of(stored), Map.of());
    }

    /** Answers batch calls as the metadata service does, allocating what is asked, and remembers them. */
    private static final class BatchRecorder extends MetadataClient {

        final List<ChunkBatch> batches = new CopyOnWriteArrayList<>();

        BatchRecorder() {
            super(null);
        }

        @Override
        public ChunkBatchReply batch(UUID uploadId, long generation, List<StoredChunk> stored, int allocateFrom,
                                     int allocateCount) {
            batches.add(new ChunkBatch(generation, stored, allocateFrom, allocateCount));
            return new ChunkBatchReply(IntStream.range(allocateFrom, allocateFrom + allocateCount)
                    .mapToObj(UploadPipelineTest::allocation).toList());
        }
    }
}

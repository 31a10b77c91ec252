package dev.octet.chunk.service;

import dev.octet.chunk.client.PeerClient;
import dev.octet.chunk.config.ChunkServerConfig;
import dev.octet.chunk.config.FrontDoorConfig;
import dev.octet.chunk.format.ChunkEncoder;
import dev.octet.chunk.format.ChunkFormat;
import dev.octet.filesystem.api.v1.ChunkAllocation;
import dev.octet.filesystem.api.v1.ServerRef;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Writes one chunk of an upload to all its replicas at once (parallel fan-out): the upload's bytes
 * are read once, checksummed once, and each piece is handed to every replica's transfer. A replica
 * that fails or stalls drops out without holding up the others; the caller decides whether the ones
 * that stored the chunk reach the write quorum. A replica on this very server is stored in-process,
 * verified on its way into the bucket like any other, without an HTTP round trip to itself.
 */
@ApplicationScoped
public class ChunkFanOut {

    private static final int PIPE_PIECES = 8;

    private final PeerClient peers;
    private final ReplicaService local;
    private final FrontDoorConfig config;
    private final String serverId;
    private final ExecutorService localStores;

    public ChunkFanOut(PeerClient peers, ReplicaService local, FrontDoorConfig config, ChunkServerConfig server) {
        this.peers = peers;
        this.local = local;
        this.config = config;
        this.serverId = server.serverId();
        AtomicInteger count = new AtomicInteger();
        this.localStores = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "local-store-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** What became of one chunk write: its digest, the replicas that stored it, and why the others did not. */
    public record Outcome(String digest, List<String> stored, Map<String, String> failures) {
    }

    /**
     * Reads the chunk's bytes from {@code upload} and hands them to the targets. Returns once every
     * byte is handed over; the outcome completes when every target has stored the chunk or failed.
     * Throws if the upload itself fails (the client went away): then no replica is left with the chunk.
     */
    public CompletableFuture<Outcome> write(ChunkAllocation chunk, InputStream upload, LongConsumer bytesRead)
            throws IOException {
        List<FramePipe> pipes = new ArrayList<>();
        List<CompletableFuture<Void>> transfers = new ArrayList<>();
        for (ServerRef target : chunk.targets()) {
            FramePipe pipe = new FramePipe(PIPE_PIECES);
            CompletableFuture<Void> transfer = send(target, chunk, pipe.inputStream())
                    .orTimeout(config.transferTimeout().toMillis(), TimeUnit.MILLISECONDS);
            // A replica that fails early must not leave the writer waiting on its full pipe.
            transfer.whenComplete((ok, failure) -> {
                if (failure != null) {
                    pipe.fail(new IOException(rootMessage(failure)));
                }
            });
            pipes.add(pipe);
            transfers.add(transfer);
        }
        ChunkEncoder encoder = new ChunkEncoder(upload, chunk.size());
        try {
            byte[] piece;
            while ((piece = encoder.next()) != null) {
                for (FramePipe pipe : pipes) {
                    pipe.offer(piece, config.stallTimeout());
                }
                bytesRead.accept(piece.length);
            }
            for (FramePipe pipe : pipes) {
                pipe.close(config.stallTimeout());
            }
        } catch (IOException e) {
            pipes.forEach(pipe -> pipe.fail(new IOException("the upload broke off: " + e.getMessage())));
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pipes.forEach(pipe -> pipe.fail(new IOException("interrupted")));
            throw new IOException("interrupted while writing chunk " + chunk.index(), e);
        }
        String digest = encoder.digestHex();
        CompletableFuture<?>[] settled = transfers.stream().map(t -> t.handle((ok, failure) -> null))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(settled).thenApply(ignored -> outcome(chunk, digest, pipes, transfers));
    }

    private CompletableFuture<Void> send(ServerRef target, ChunkAllocation chunk, InputStream stored) {
        if (!target.id().equals(serverId)) {
            return peers.putChunk(target, chunk.chunkId(), chunk.size(), stored);
        }
        return CompletableFuture.runAsync(() -> {
            try (stored) {
                local.store(chunk.chunkId(), chunk.size(), ChunkFormat.storedSize(chunk.size()), stored);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, localStores);
    }

    private Outcome outcome(ChunkAllocation chunk, String digest, List<FramePipe> pipes, List<CompletableFuture<Void>> transfers) {
        List<String> stored = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (int i = 0; i < transfers.size(); i++) {
            String target = chunk.targets().get(i).id();
            try {
                transfers.get(i).join();
                if (pipes.get(i).failed()) {
                    failures.put(target, pipes.get(i).failure().getMessage());
                } else {
                    stored.add(target);
                }
            } catch (CompletionException e) {
                failures.put(target, e.getCause() instanceof TimeoutException
                        ? "no answer within " + config.transferTimeout().toSeconds() + "s" : rootMessage(e));
            }
        }
        return new Outcome(digest, stored, failures);
    }

    @PreDestroy
    void close() {
        localStores.shutdownNow();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}

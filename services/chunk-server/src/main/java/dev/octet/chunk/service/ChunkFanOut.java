package dev.octet.chunk.service;

import dev.octet.chunk.client.PeerClient;
import dev.octet.chunk.config.FrontDoorConfig;
import dev.octet.chunk.format.ChunkEncoder;
import dev.octet.chunk.model.ChunkAllocation;
import dev.octet.chunk.model.ServerRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * Writes one chunk of an upload to all its replicas at once (parallel fan-out): the upload's bytes
 * are read once, checksummed once, and each piece is handed to every replica's transfer. A replica
 * that fails or stalls drops out without holding up the others; the caller decides whether the ones
 * that stored the chunk reach the write quorum.
 */
@ApplicationScoped
public class ChunkFanOut {

    private static final int PIPE_PIECES = 8;

    private final PeerClient peers;
    private final FrontDoorConfig config;

    public ChunkFanOut(PeerClient peers, FrontDoorConfig config) {
        this.peers = peers;
        this.config = config;
    }

    /** What became of one chunk write: its digest and, per replica, null for stored or why not. */
    public record Outcome(String digest, List<String> stored, Map<String, String> failures) {
    }

    /**
     * Reads the chunk's bytes from {@code upload} and sends them to the targets. Throws if the upload
     * itself fails (the client went away): then no replica is left with the chunk.
     */
    public Outcome write(ChunkAllocation chunk, InputStream upload, LongConsumer bytesRead) throws IOException {
        List<FramePipe> pipes = new ArrayList<>();
        List<CompletableFuture<Void>> transfers = new ArrayList<>();
        for (ServerRef target : chunk.targets()) {
            FramePipe pipe = new FramePipe(PIPE_PIECES);
            CompletableFuture<Void> transfer = peers.putChunk(target, chunk.chunkId(), chunk.size(), pipe.inputStream());
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
        return outcome(chunk, encoder.digestHex(), pipes, transfers);
    }

    private Outcome outcome(ChunkAllocation chunk, String digest, List<FramePipe> pipes,
                            List<CompletableFuture<Void>> transfers) {
        List<String> stored = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (int i = 0; i < transfers.size(); i++) {
            String target = chunk.targets().get(i).id();
            try {
                transfers.get(i).get(config.transferTimeout().toMillis(), TimeUnit.MILLISECONDS);
                stored.add(target);
            } catch (ExecutionException e) {
                failures.put(target, rootMessage(e));
            } catch (TimeoutException e) {
                transfers.get(i).cancel(true);
                failures.put(target, "no answer within " + config.transferTimeout().toSeconds() + "s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.put(target, "interrupted");
            }
            if (pipes.get(i).failed() && !failures.containsKey(target)) {
                failures.put(target, pipes.get(i).failure().getMessage());
                stored.remove(target);
            }
        }
        return new Outcome(digest, stored, failures);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}

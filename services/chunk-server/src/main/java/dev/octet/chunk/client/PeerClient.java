package dev.octet.chunk.client;

import dev.octet.chunk.config.FrontDoorConfig;
import dev.octet.chunk.format.ChunkFormat;
import dev.octet.filesystem.api.v1.ServerRef;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.platform.identity.config.ServiceIdentity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chunk transfers between chunk servers, streamed both ways over HTTP/1.1: a chunk is never held in
 * memory whole. The JDK client pulls request bodies from an input stream on its own threads.
 */
@ApplicationScoped
public class PeerClient {

    /** The service chunk servers are, to each other. */
    private static final String SERVICE = "chunk-server";
    public static final String CHUNK_LENGTH_HEADER = "X-Octet-Chunk-Length";

    private final ExecutorService threads;
    private final HttpClient http;
    private final Duration transferTimeout;
    private final ServiceIdentity identity;

    public PeerClient(FrontDoorConfig config, ServiceIdentity identity) {
        this.identity = identity;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "chunk-transfer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(threads)
                .build();
        this.transferTimeout = config.transferTimeout();
    }

    /**
     * Sends a chunk in stored format to {@code target}, reading {@code body} until it ends; completes
     * when the target has verified and stored it, or fails with the reason it did not.
     */
    public CompletableFuture<Void> putChunk(ServerRef target, UUID chunkId, long chunkLength, InputStream body) {
        long storedSize = ChunkFormat.storedSize(chunkLength);
        HttpRequest request = toPeer(URI.create(target.url() + "/chunks/" + chunkId))
                .timeout(transferTimeout)
                .header("Content-Type", "application/octet-stream")
                .header(CHUNK_LENGTH_HEADER, Long.toString(chunkLength))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), storedSize))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenAccept(response -> {
                    if (response.statusCode() != 201) {
                        throw new CompletionException(new PeerException(target.id() + " refused chunk " + chunkId
                                + " with " + response.statusCode() + ": " + abbreviate(response.body())));
                    }
                });
    }

    /**
     * Frames {@code first..last} of a chunk from {@code source}, as the source verified them. The
     * caller verifies them again as it reads and must close the stream.
     */
    public InputStream getFrames(ServerRef source, UUID chunkId, long chunkLength, int first, int last) throws IOException {
        HttpRequest request = toPeer(URI.create(source.url() + "/chunks/" + chunkId
                        + "?length=" + chunkLength + "&from=" + first + "&to=" + last))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String body;
                try (InputStream in = response.body()) {
                    body = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
                }
                throw new PeerException(source.id() + " could not serve chunk " + chunkId + " (" + response.statusCode()
                        + "): " + abbreviate(body));
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching chunk " + chunkId, e);
        }
    }

    /** A request to another chunk server, which answers only chunk servers: with this one's service token. */
    private HttpRequest.Builder toPeer(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        identity.tokenFor(SERVICE).ifPresent(token -> request.header(TokenSigner.HEADER, token));
        return request;
    }

    @PreDestroy
    void close() {
        threads.shutdownNow();
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** A peer answered, but not with what was asked for. */
    public static class PeerException extends IOException {
        public PeerException(String message) {
            super(message);
        }
    }
}

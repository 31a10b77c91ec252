package dev.octet.chunk.storage;

import dev.octet.chunk.config.ChunkServerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * This server's replicas: one object per chunk, {@code chunks/<chunk id>}, in the server's own bucket,
 * in {@link dev.octet.chunk.format.ChunkFormat stored format}. An S3 PUT is atomic, so an upload that
 * breaks off leaves no object behind.
 */
@ApplicationScoped
public class ChunkStore {

    private static final Logger LOG = Logger.getLogger(ChunkStore.class);
    static final String PREFIX = "chunks/";

    private final S3Client s3;
    private final String bucket;
    private final AtomicBoolean bucketReady = new AtomicBoolean();

    public ChunkStore(S3Client s3, ChunkServerConfig config) {
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket if it does not exist yet; true once the bucket is there. */
    public boolean ensureBucket() {
        if (bucketReady.get()) {
            return true;
        }
        try {
            s3.createBucket(b -> b.bucket(bucket));
            LOG.infof("Created bucket %s", bucket);
        } catch (BucketAlreadyOwnedByYouException e) {
            // There from an earlier start: its replicas are still ours.
        } catch (SdkException e) {
            if (!bucketExists()) {
                LOG.warnf("Bucket %s is not available yet: %s", bucket, e.getMessage());
                return false;
            }
        }
        bucketReady.set(true);
        return true;
    }

    public boolean bucketExists() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    /** Stores a replica from a stream of exactly {@code storedSize} bytes, read once. */
    public void put(UUID chunkId, InputStream stored, long storedSize) throws IOException {
        AtomicBoolean opened = new AtomicBoolean();
        try {
            s3.putObject(b -> b.bucket(bucket).key(key(chunkId)).contentType("application/octet-stream"),
                    RequestBody.fromContentProvider(() -> {
                        if (!opened.compareAndSet(false, true)) {
                            throw new IllegalStateException("a chunk stream can be sent only once");
                        }
                        return stored;
                    }, storedSize, "application/octet-stream"));
        } catch (SdkException e) {
            throw unwrap(e, "store chunk " + chunkId);
        }
    }

    /** The whole stored replica. */
    public InputStream open(UUID chunkId) throws IOException {
        return get(chunkId, null);
    }

    /** Bytes {@code from..to} (inclusive) of the stored replica. */
    public InputStream open(UUID chunkId, long from, long to) throws IOException {
        return get(chunkId, "bytes=" + from + "-" + to);
    }

    private InputStream get(UUID chunkId, String range) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key(chunkId)).range(range));
        } catch (NoSuchKeyException e) {
            throw new ReplicaMissingException("no replica of chunk " + chunkId + " in bucket " + bucket);
        } catch (SdkException e) {
            throw unwrap(e, "read chunk " + chunkId);
        }
    }

    public long storedSize(UUID chunkId) throws IOException {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key(chunkId))).contentLength();
        } catch (NoSuchKeyException e) {
            throw new ReplicaMissingException("no replica of chunk " + chunkId + " in bucket " + bucket);
        } catch (SdkException e) {
            if (e instanceof software.amazon.awssdk.services.s3.model.S3Exception s3e && s3e.statusCode() == 404) {
                throw new ReplicaMissingException("no replica of chunk " + chunkId + " in bucket " + bucket);
            }
            throw unwrap(e, "look up chunk " + chunkId);
        }
    }

    public void delete(UUID chunkId) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key(chunkId)));
        } catch (SdkException e) {
            throw unwrap(e, "delete chunk " + chunkId);
        }
    }

    /** Every replica in the bucket, page by page. */
    public List<StoredChunk> list() throws IOException {
        List<StoredChunk> chunks = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(PREFIX);
                if (token != null) {
                    request.continuationToken(token);
                }
                ListObjectsV2Response page = s3.listObjectsV2(request.build());
                for (S3Object object : page.contents()) {
                    StoredChunk.parse(object.key().substring(PREFIX.length()), object.size()).ifPresent(chunks::add);
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw unwrap(e, "list bucket " + bucket);
        }
        return chunks;
    }

    static String key(UUID chunkId) {
        return PREFIX + chunkId;
    }

    private static IOException unwrap(SdkException e, String action) {
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof IOException io) {
                return io;
            }
            cause = cause.getCause();
        }
        return new IOException("Could not " + action + ": " + e.getMessage(), e);
    }
}

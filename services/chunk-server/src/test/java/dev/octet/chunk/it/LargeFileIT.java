package dev.octet.chunk.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A 1 GiB file streams in and out through chunk servers and a metadata service that have 256 MiB heaps. */
class LargeFileIT {

    static final long GIB = 1024L * 1024 * 1024;

    static FileSystemCluster cluster;

    @BeforeAll
    static void start() {
        cluster = FileSystemCluster.start(3, Map.of("octet.metadata.chunk-size", "8M"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aGibibyteComesBackByteForByte() throws Exception {
        long size = GIB + 12345; // not a multiple of the chunk size
        HttpResponse<String> put = Files.put(cluster.url(1), "/large/gibibyte", Content.stream(1, size), size,
                Map.of("X-Octet-Chunk-Size", Long.toString(16 * 1024 * 1024)));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(put.body()).contains("\"chunks\":65");

        assertThat(Files.sha256(cluster.url(2), "/large/gibibyte")).isEqualTo(Content.sha256(1, size));
    }
}

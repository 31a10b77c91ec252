package dev.octet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real S3 HTTP server (Adobe S3Mock, file-backed) speaking the S3 REST API on 127.0.0.1. Objects
 * are files under its root folder and survive a restart. Any access key is accepted.
 */
public final class S3Server extends ProcessBackedServer {

    public static final String ACCESS_KEY = "octet";
    public static final String SECRET_KEY = "octet-secret";
    public static final String REGION = "us-east-1";

    private final Builder settings;

    private S3Server(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + settings.port;
    }

    public int port() {
        return settings.port;
    }

    @Override
    public synchronized S3Server start() {
        if (isRunning()) {
            return this;
        }
        Ports.requireFree(settings.port, "the S3 server");
        Path root = settings.home.resolve("objects");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(Java.executable(), "-Xms64m", "-Xmx" + settings.heap, "-XX:+UseSerialGC",
                "-jar", BuildArtifacts.s3MockJar().toString(),
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--com.adobe.testing.s3mock.httpPort=" + settings.port,
                "--com.adobe.testing.s3mock.store.root=" + root,
                "--com.adobe.testing.s3mock.store.retainFilesOnExit=true",
                "--spring.servlet.multipart.max-file-size=-1",
                "--server.tomcat.max-swallow-size=-1");
        process = ManagedProcess.start(settings.name, command, Map.of(), settings.home, settings.home.resolve("s3.log"));
        Readiness.await(process, "answering S3 requests on " + endpoint(), settings.startTimeout, this::answers);
        return this;
    }

    private boolean answers() {
        return Ports.isListening(settings.port) && Readiness.answersHttp(endpoint() + "/");
    }

    public static final class Builder {
        private Path home;
        private int port = 9000;
        private String heap = "256m";
        private String name = "s3";
        private Duration startTimeout = Duration.ofMinutes(1);

        public Builder home(Path home) {
            this.home = home.toAbsolutePath();
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public S3Server build() {
            if (home == null) {
                throw new IllegalStateException("S3Server needs a home folder");
            }
            return new S3Server(this);
        }

        public S3Server start() {
            return build().start();
        }
    }
}

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * File system vs raw S3, against the same object store in the same run:
 *
 *   java tests/load/filesystem/FsBench.java
 *
 * Settings (environment): FS_URLS (comma-separated front doors: chunk servers, or the gateway's
 * /api prefix), FS_SERVICE_TOKEN (for chunk servers: a token of the gateway's identity, from
 * ./octet identity token), FS_BEARER_TOKEN (through the gateway: a user's token), S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, S3_BUCKET (created if missing),
 * ROUNDS_1M (20), ROUNDS_64M (3), SMALL_FILES (500), SMALL_SECONDS (15), CONCURRENCY (4).
 *
 * Prints throughput for 1 MiB and 64 MiB uploads and downloads through the file system and as raw S3
 * PUT/GET, the ratio of the two, and the rate of 4 KiB file creations. The two sides take turns (file
 * system, S3, file system, ...: one file at a time for throughput, phases of a few seconds for the
 * create rate), so that both see the same load on a shared machine and the ratio stays meaningful
 * when the absolute figures drift. Every loop is bounded in count and time; everything it writes is
 * deleted at the end. Note: the file system stores each chunk on several chunk servers (3 by
 * default), so an upload writes that many times the bytes raw S3 does.
 */
public class FsBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    static List<String> fsUrls;
    static String s3Endpoint;
    static String bucket;
    static S3Signer signer;

    public static void main(String[] args) throws Exception {
        fsUrls = List.of(env("FS_URLS", "http://127.0.0.1:8086,http://127.0.0.1:8087,http://127.0.0.1:8088").split(","));
        s3Endpoint = env("S3_ENDPOINT", "http://127.0.0.1:9000");
        bucket = env("S3_BUCKET", "octet-bench");
        signer = new S3Signer(env("S3_ACCESS_KEY", "octet"), env("S3_SECRET_KEY", "octet-secret"), env("S3_REGION", "us-east-1"));
        int rounds1m = Integer.parseInt(env("ROUNDS_1M", "20"));
        int rounds64m = Integer.parseInt(env("ROUNDS_64M", "3"));
        int smallFiles = Integer.parseInt(env("SMALL_FILES", "500"));
        int smallSeconds = Integer.parseInt(env("SMALL_SECONDS", "15"));
        int concurrency = Integer.parseInt(env("CONCURRENCY", "4"));

        s3("PUT", "/" + bucket, new byte[0], true); // create the baseline bucket; an existing one is fine
        System.out.printf("File system via %s; raw S3 at %s (bucket %s); run %s%n%n", fsUrls, s3Endpoint, bucket, RUN);
        System.out.printf("%-22s %12s %12s %8s%n", "", "file system", "raw S3", "ratio");
        try {
            compare("1 MiB", 1 << 20, rounds1m);
            compare("64 MiB", 64 << 20, rounds64m);
            smallFileRate(smallFiles, smallSeconds, concurrency);
        } finally {
            cleanUp(Math.max(rounds1m, rounds64m), smallFiles);
        }
    }

    static void compare(String label, int size, int rounds) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        String fsPrefix = "/bench/" + RUN + "/" + label.replace(' ', '_') + "-";
        Pair up = alternate(rounds, size, i -> fsPut(fsPrefix + i, data, i), i -> s3("PUT", objectKey(label, i), data, false));
        Pair down = alternate(rounds, size, i -> fsGet(fsPrefix + i, i + 1), i -> s3("GET", objectKey(label, i), null, false));
        System.out.printf("%-22s %9.1f MB/s %9.1f MB/s %7.2fx%n", "upload " + label + " (x" + rounds + ")", up.fs(), up.s3(),
                up.fs() / up.s3());
        System.out.printf("%-22s %9.1f MB/s %9.1f MB/s %7.2fx%n", "download " + label + " (x" + rounds + ")", down.fs(), down.s3(),
                down.fs() / down.s3());
    }

    static void smallFileRate(int maxFiles, int maxSeconds, int concurrency) throws Exception {
        byte[] data = new byte[4096];
        new Random(4096).nextBytes(data);
        Pair rates = alternatingRates(maxFiles, maxSeconds, concurrency,
                i -> fsPut("/bench/" + RUN + "/small/f" + i, data, i),
                i -> s3("PUT", "/" + bucket + "/bench/" + RUN + "/small/f" + i, data, false));
        System.out.printf("%-22s %9.1f /s   %9.1f /s   %7.2fx%n", "4 KiB creates (" + concurrency + " clients)", rates.fs(), rates.s3(),
                rates.fs() / rates.s3());
    }

    interface Step {
        void run(int i) throws Exception;
    }

    /** A figure for the file system and one for raw S3. */
    record Pair(double fs, double s3) {
    }

    /** MB/s of each side over {@code rounds} operations of {@code size} bytes, taking turns one operation at a time. */
    static Pair alternate(int rounds, int size, Step fs, Step s3) throws Exception {
        fs.run(-1); // warm-up, not counted
        s3.run(-1);
        long fsNanos = 0;
        long s3Nanos = 0;
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            fs.run(i);
            long middle = System.nanoTime();
            s3.run(i);
            fsNanos += middle - start;
            s3Nanos += System.nanoTime() - middle;
        }
        double megabytes = rounds * (double) size / 1e6;
        return new Pair(megabytes / (fsNanos / 1e9), megabytes / (s3Nanos / 1e9));
    }

    /**
     * Operations per second of each side, {@code concurrency} clients at a time, in alternating phases of
     * a few seconds: at most {@code max} operations and about {@code maxSeconds} per side.
     */
    static Pair alternatingRates(int max, int maxSeconds, int concurrency, Step fs, Step s3) throws Exception {
        int phaseSeconds = Math.max(1, Math.min(3, maxSeconds));
        AtomicInteger fsNext = new AtomicInteger();
        AtomicInteger s3Next = new AtomicInteger();
        long fsNanos = 0;
        long s3Nanos = 0;
        long budget = maxSeconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            while ((fsNanos < budget && fsNext.get() < max) || (s3Nanos < budget && s3Next.get() < max)) {
                if (fsNanos < budget && fsNext.get() < max) {
                    fsNanos += phase(pool, concurrency, max, phaseSeconds, fsNext, fs);
                }
                if (s3Nanos < budget && s3Next.get() < max) {
                    s3Nanos += phase(pool, concurrency, max, phaseSeconds, s3Next, s3);
                }
            }
        } finally {
            pool.shutdown();
        }
        return new Pair(Math.min(fsNext.get(), max) / (fsNanos / 1e9), Math.min(s3Next.get(), max) / (s3Nanos / 1e9));
    }

    /** Runs operations on {@code concurrency} workers for one phase; returns how long it took. */
    static long phase(ExecutorService pool, int concurrency, int max, int seconds, AtomicInteger next, Step step)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    int i = next.getAndIncrement();
                    if (i >= max) {
                        break;
                    }
                    step.run(i);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        return System.nanoTime() - start;
    }

    static void fsPut(String path, byte[] data, int i) throws Exception {
        String url = fsUrls.get(Math.floorMod(i, fsUrls.size())) + "/files" + path;
        HttpResponse<String> response = HTTP.send(fs(url).timeout(Duration.ofMinutes(2))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        check(response.statusCode() == 201, "PUT " + url + " answered " + response.statusCode() + ": " + response.body());
    }

    static void fsGet(String path, int i) throws Exception {
        String url = fsUrls.get(Math.floorMod(i, fsUrls.size())) + "/files" + path;
        HttpResponse<InputStream> response = HTTP.send(fs(url).timeout(Duration.ofMinutes(2))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            check(response.statusCode() == 200, "GET " + url + " answered " + response.statusCode());
            body.transferTo(OutputSink.INSTANCE);
        }
    }

    /**
     * A request to the file system: to a chunk server with the service token in FS_SERVICE_TOKEN (chunk
     * servers answer /files only to the gateway), through the gateway with the user's token in FS_BEARER_TOKEN.
     */
    static HttpRequest.Builder fs(String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        String serviceToken = env("FS_SERVICE_TOKEN", "");
        String bearer = env("FS_BEARER_TOKEN", "");
        if (!serviceToken.isEmpty()) {
            request.header("Octet-Service-Token", serviceToken);
        }
        if (!bearer.isEmpty()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request;
    }

    static String objectKey(String label, int i) {
        return "/" + bucket + "/bench/" + RUN + "/" + label.replace(' ', '_') + "-" + i;
    }

    static void s3(String method, String path, byte[] body, boolean mayFail) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(s3Endpoint + path)).timeout(Duration.ofMinutes(2));
        signer.sign(request, method, URI.create(s3Endpoint + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            in.transferTo(OutputSink.INSTANCE);
        }
        check(mayFail || response.statusCode() / 100 == 2, method + " " + path + " answered " + response.statusCode());
    }

    static void cleanUp(int rounds, int smallFiles) {
        try {
            HttpResponse<String> response = HTTP.send(fs(fsUrls.get(0) + "/files/bench/" + RUN
                    + "?recursive=true").DELETE().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                System.err.println("Could not delete /bench/" + RUN + ": " + response.statusCode() + " " + response.body());
            }
            for (String label : List.of("1_MiB", "64_MiB")) {
                for (int i = -1; i < rounds; i++) {
                    s3("DELETE", "/" + bucket + "/bench/" + RUN + "/" + label + "-" + i, null, true);
                }
            }
            for (int i = 0; i < smallFiles; i++) {
                s3("DELETE", "/" + bucket + "/bench/" + RUN + "/small/f" + i, null, true);
            }
        } catch (Exception e) {
            System.err.println("Clean-up incomplete: " + e);
        }
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Discards what it is given. */
    static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    /** AWS Signature Version 4 with an unsigned payload: enough for MinIO and S3Mock. */
    record S3Signer(String accessKey, String secretKey, String region) {

        void sign(HttpRequest.Builder request, String method, URI uri) throws Exception {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            String amzDate = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
            String day = amzDate.substring(0, 8);
            String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            String canonical = method + "\n" + uri.getRawPath() + "\n\nhost:" + host + "\nx-amz-content-sha256:UNSIGNED-PAYLOAD\n"
                    + "x-amz-date:" + amzDate + "\n\nhost;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD";
            String scope = day + "/" + region + "/s3/aws4_request";
            String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
            byte[] key = hmac(hmac(hmac(hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day), region), "s3"),
                    "aws4_request");
            request.header("x-amz-date", amzDate)
                    .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                            + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + hex(hmac(key, toSign)));
        }

        private static byte[] hmac(byte[] key, String data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }

        private static byte[] sha256(String data) throws Exception {
            return MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
        }

        private static String hex(byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
    }
}

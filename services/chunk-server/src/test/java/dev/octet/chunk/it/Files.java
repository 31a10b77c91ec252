package dev.octet.chunk.it;

import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.testing.TestIdentities;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The /files API as a client uses it, over plain HTTP. */
final class Files {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Files() {
    }

    /** A request as the gateway forwards it: with its service token (chunk servers answer /files only to the gateway). */
    static HttpRequest.Builder asGateway(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header(TokenSigner.HEADER, TestIdentities.token(ServiceId.of("gateway"), "chunk-server"));
    }

    static HttpResponse<String> put(String server, String path, long seed, long size) throws IOException, InterruptedException {
        return put(server, path, Content.stream(seed, size), size, Map.of());
    }

    static HttpResponse<String> put(String server, String path, InputStream body, long size, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = asGateway(server + "/files" + path)
                .timeout(Duration.ofMinutes(5))
                .PUT(size == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), size));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<InputStream> get(String server, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = asGateway(server + "/files" + path)
                .timeout(Duration.ofMinutes(5)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    static HttpResponse<byte[]> getBytes(String server, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = asGateway(server + "/files" + path)
                .timeout(Duration.ofMinutes(2)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> getString(String server, String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(asGateway(server + "/files" + pathAndQuery).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> delete(String server, String path) throws IOException, InterruptedException {
        return HTTP.send(asGateway(server + "/files" + path).timeout(Duration.ofSeconds(30))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The SHA-256 of a file as downloaded, failing on any status but 200. */
    static String sha256(String server, String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = get(server, path, Map.of());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(body.readAllBytes()));
            }
            return Content.sha256(body);
        }
    }
}

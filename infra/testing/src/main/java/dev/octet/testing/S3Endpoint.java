package dev.octet.testing;

/** The test S3 server, as clients see it (path-style addressing). */
public record S3Endpoint(String url, String accessKeyId, String secretAccessKey, String region) {
}

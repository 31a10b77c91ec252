package dev.octet.chunk.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The object store this chunk server keeps its replicas in. */
@ConfigMapping(prefix = "octet.s3")
public interface S3Config {

    String endpoint();

    String accessKeyId();

    String secretAccessKey();

    @WithDefault("us-east-1")
    String region();
}

package dev.octet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The distributed file system through the gateway: files that span several chunks come back whole. */
class FileSystemIT {

    private final Shop shop = new Shop(Deployment.get().gatewayUrl());

    @Test
    void aFileOfSeveralChunksRoundTripsThroughTheGateway() throws Exception {
        String token = shop.newCustomer();
        byte[] content = new byte[20 * 1024 * 1024 + 12345];
        new Random(42).nextBytes(content);
        String path = "/api/files/system-test/" + UUID.randomUUID() + "/data.bin";

        shop.request().auth().oauth2(token).contentType("application/octet-stream").body(content).put(path)
                .then().statusCode(201);
        byte[] read = shop.request().get(path).then().statusCode(200).extract().asByteArray();
        assertThat(sha256(read)).isEqualTo(sha256(content));

        byte[] range = shop.request().header("Range", "bytes=8388600-8388615").get(path)
                .then().statusCode(206).extract().asByteArray();
        assertThat(range).containsExactly(java.util.Arrays.copyOfRange(content, 8388600, 8388616));

        shop.request().contentType("application/octet-stream").body(new byte[10]).put(path + ".copy")
                .then().statusCode(401);
        shop.request().auth().oauth2(token).delete(path).then().statusCode(204);
        shop.request().get(path).then().statusCode(404).body("status", equalTo(404));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

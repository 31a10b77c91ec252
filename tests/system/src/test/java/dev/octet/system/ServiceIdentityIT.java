package dev.octet.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The deployment issues its services their identities and the internal APIs check them: the file system
 * works through the gateway (FileSystemIT), while a direct call without an identity is refused, and an
 * operator reads the metadata service with the operator's credential.
 */
class ServiceIdentityIT {

    private final Deployment deployment = Deployment.get();

    @Test
    void theMetadataServiceAnswersNoOneWithoutAnIdentityAndOperatorsWithTheirCredential() {
        Assumptions.assumeTrue(deployment.metadataUrl() != null, "the metadata service is not reachable from here");

        given().baseUri(deployment.metadataUrl()).get("/chunk-servers").then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("No credentials were sent"));
        given().baseUri(deployment.metadataUrl()).header("Octet-Service-Token", "a.forged.token")
                .contentType("application/json").body("{\"url\":\"http://intruder:1\",\"capacityBytes\":1,\"usedBytes\":0,"
                        + "\"chunkCount\":0,\"deletedChunks\":[]}")
                .post("/chunk-servers/intruder/heartbeats").then().statusCode(401);
        // Every chunk server got through with its own identity, and the intruder did not.
        given().baseUri(deployment.metadataUrl()).auth().preemptive().basic("operator", deployment.operatorPassword())
                .get("/chunk-servers").then().statusCode(200)
                .body("findAll { it.id == 'intruder' }", hasSize(0))
                .body("findAll { it.state == 'ALIVE' }.size()", equalTo(3));
    }

    @Test
    void aChunkServerTakesFilesOnlyFromTheGateway() {
        Assumptions.assumeTrue(deployment.chunkServerUrl() != null, "no chunk server is reachable from here");

        given().baseUri(deployment.chunkServerUrl()).contentType("application/octet-stream").body(new byte[16])
                .put("/files/system-test/direct.bin").then().statusCode(401)
                .body("detail", containsString("Only the services gateway"));
        given().baseUri(deployment.chunkServerUrl()).get("/files/system-test/direct.bin").then().statusCode(401);
    }
}

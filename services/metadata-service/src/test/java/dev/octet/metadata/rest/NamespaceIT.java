package dev.octet.metadata.rest;

import static dev.octet.metadata.rest.MetadataApi.begin;
import static dev.octet.metadata.rest.MetadataApi.commit;
import static dev.octet.metadata.rest.MetadataApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.octet.testing.IdentityResource;
import dev.octet.testing.KafkaResource;
import dev.octet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IdentityResource.class, restrictToAnnotatedClass = false)
class NamespaceIT {

    private final String root = "/ns-" + UUID.randomUUID();

    @Test
    void listsADirectoryPageByPageInNameOrder() {
        for (String name : List.of("c", "a", "e", "b", "d")) {
            mkdir(root + "/" + name).statusCode(201);
        }
        List<String> names = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var request = given().queryParam("path", root).queryParam("limit", 2);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/namespace/children").then().statusCode(200).extract().jsonPath();
            names.addAll(page.getList("entries.name"));
            after = page.getString("next");
            pages++;
        } while (after != null);
        assertThat(names).containsExactly("a", "b", "c", "d", "e");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void renamingADirectoryMovesEverythingBelowItAtOnce() {
        file(root + "/src/x/one");
        file(root + "/src/two");
        mkdir(root + "/dst").statusCode(201);

        rename(root + "/src", root + "/dst/moved").statusCode(200).body("kind", equalTo("DIRECTORY"));

        stat(root + "/dst/moved/x/one").statusCode(200).body("kind", equalTo("FILE"));
        stat(root + "/dst/moved/two").statusCode(200);
        stat(root + "/src").statusCode(404);
        stat(root + "/src/two").statusCode(404);
    }

    @Test
    void renameRefusesToOverwriteOrToMoveADirectoryIntoItself() {
        file(root + "/a");
        file(root + "/b");
        rename(root + "/a", root + "/b").statusCode(409).body("type", equalTo("https://octet.dev/problems/already-exists"));
        mkdir(root + "/d").statusCode(201);
        rename(root + "/d", root + "/d/e").statusCode(400);
        rename(root + "/a", root + "/missing/a").statusCode(404);
    }

    @Test
    void deletingANonEmptyDirectoryNeedsRecursive() {
        file(root + "/dir/f");
        given().queryParam("path", root + "/dir").delete("/namespace/entries").then().statusCode(409)
                .body("type", equalTo("https://octet.dev/problems/directory-not-empty"));
        given().queryParam("path", root + "/dir").queryParam("recursive", true).delete("/namespace/entries")
                .then().statusCode(204);
        stat(root + "/dir/f").statusCode(404);
        stat(root + "/dir").statusCode(404);
    }

    @Test
    void aFileCannotBeWrittenOverADirectoryNorBelowAFile() {
        mkdir(root + "/dir").statusCode(201);
        begin(root + "/dir", 0, "w").statusCode(409).body("type", equalTo("https://octet.dev/problems/is-a-directory"));
        file(root + "/file");
        begin(root + "/file/below", 0, "w").statusCode(409).body("type", equalTo("https://octet.dev/problems/not-a-directory"));
        mkdir(root + "/file/sub").statusCode(409);
    }

    @Test
    void badPathsAreRefusedWithAClearProblem() {
        stat("relative").statusCode(400).body("type", equalTo("https://octet.dev/problems/invalid-path"));
        stat("/a/../b").statusCode(400).body("detail", org.hamcrest.Matchers.containsString(".."));
        mkdir("/a//b").statusCode(400).body("detail", org.hamcrest.Matchers.containsString("empty name"));
        begin("/x/" + "n".repeat(256), 0, "w").statusCode(400).body("detail", org.hamcrest.Matchers.containsString("255"));
    }

    private static void file(String path) {
        JsonPath lease = begin(path, 0, "w-" + UUID.randomUUID()).statusCode(201).extract().jsonPath();
        commit(lease.getString("uploadId"), lease.getLong("generation")).statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse mkdir(String path) {
        return given().contentType(ContentType.JSON).body(Map.of("path", path)).post("/namespace/directories").then();
    }

    private static io.restassured.response.ValidatableResponse rename(String from, String to) {
        return given().contentType(ContentType.JSON).body(Map.of("from", from, "to", to)).post("/namespace/renames").then();
    }

    private static io.restassured.response.ValidatableResponse stat(String path) {
        return given().queryParam("path", path).get("/namespace/entries").then();
    }
}

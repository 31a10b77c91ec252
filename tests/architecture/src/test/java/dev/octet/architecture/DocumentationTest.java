package dev.octet.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation stays true to the repository: every relative link and anchor in every Markdown file
 * resolves, every service has a README the map links to, and the methods the map names as a type's main
 * behaviour exist in the files it links.
 */
class DocumentationTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("octet.repository", "../.."))
            .toAbsolutePath().normalize();
    private static final Path MAP = REPOSITORY.resolve("docs/README.md");
    private static final Pattern JAVA_LINK = Pattern.compile("\\[`?[^\\]]*]\\(([^)#]+\\.java)\\)((?:[^\\[|]*))");
    private static final Pattern METHOD = Pattern.compile("`([a-z][A-Za-z0-9]*)`");

    @Test
    void everyRelativeLinkResolves() {
        List<MarkdownFile> files = MarkdownFile.all(REPOSITORY);
        assertThat(files).extracting(file -> REPOSITORY.relativize(file.path()).toString())
                .contains("README.md", "docs/README.md");
        assertThat(files.stream().flatMap(file -> brokenLinks(REPOSITORY, file))).isEmpty();
    }

    @Test
    void everyServiceHasAReadmeThatTheMapLinks() throws IOException {
        List<String> modules = new ArrayList<>(List.of("gateway"));
        try (Stream<Path> services = Files.list(REPOSITORY.resolve("services"))) {
            services.filter(folder -> Files.exists(folder.resolve("pom.xml")))
                    .map(folder -> REPOSITORY.relativize(folder).toString())
                    .sorted()
                    .forEach(modules::add);
        }
        assertThat(modules).contains("services/query-router", "services/platform");
        String map = Files.readString(MAP);
        for (String module : modules) {
            assertThat(REPOSITORY.resolve(module).resolve("README.md")).as("README of %s", module).exists();
            assertThat(map).as("the map links %s/README.md", module).contains("(../" + module + "/README.md)");
        }
    }

    @Test
    void theMethodsTheMapNamesExist() throws IOException {
        List<String> missing = new ArrayList<>();
        int named = 0;
        for (String row : Files.readAllLines(MAP)) {
            Matcher link = JAVA_LINK.matcher(row);
            while (link.find()) {
                String code = Files.readString(MAP.getParent().resolve(link.group(1)).normalize());
                Matcher method = METHOD.matcher(link.group(2));
                while (method.find()) {
                    named++;
                    if (!Pattern.compile("\\b" + method.group(1) + "\\(").matcher(code).find()) {
                        missing.add(link.group(1) + " " + method.group(1));
                    }
                }
            }
        }
        assertThat(named).as("methods named in the map").isGreaterThan(5);
        assertThat(missing).isEmpty();
    }

    @Test
    void aBrokenLinkOrAnchorIsFound(@TempDir Path repository) throws IOException {
        Files.createDirectories(repository.resolve("docs"));
        Files.writeString(repository.resolve("docs/a.md"), "# A\n\n## Its part\n");
        Path readme = repository.resolve("README.md");
        Files.writeString(readme, String.join("\n", "# R", "[good](docs/a.md#its-part) [web](https://example.com)",
                "[gone](docs/b.md) [wrong anchor](docs/a.md#no-part) [here](#r) [not here](#s)",
                "```", "[inside a code block](nowhere.md)", "```", ""));
        assertThat(brokenLinks(repository, MarkdownFile.read(readme))).containsExactly(
                "README.md:3 links to docs/b.md, which does not exist",
                "README.md:3 links to docs/a.md#no-part, a heading that does not exist",
                "README.md:3 links to #s, a heading that does not exist");
    }

    private static Stream<String> brokenLinks(Path repository, MarkdownFile file) {
        String name = repository.relativize(file.path()).toString();
        return file.links().stream().filter(link -> !link.external()).map(link -> {
            Path target = link.file().isEmpty() ? file.path()
                    : file.path().getParent().resolve(link.file()).normalize();
            if (!target.startsWith(repository) || !Files.exists(target)) {
                return name + ":" + link.line() + " links to " + link.target() + ", which does not exist";
            }
            if (link.anchor() != null && target.toString().endsWith(".md")
                    && !MarkdownFile.read(target).anchors().contains(link.anchor())) {
                return name + ":" + link.line() + " links to " + link.target() + ", a heading that does not exist";
            }
            return null;
        }).filter(problem -> problem != null);
    }

    /** Keeps the anchor rule honest: GitHub's slugs for the headings this repository writes. */
    @Test
    void anchorsAreGitHubs() {
        assertThat(MarkdownFile.slug("`infra/local`: real servers as child processes"))
                .isEqualTo("infralocal-real-servers-as-child-processes");
        assertThat(MarkdownFile.slug("Deploy with Docker Compose or Kubernetes"))
                .isEqualTo("deploy-with-docker-compose-or-kubernetes");
        assertThat(MarkdownFile.slug("Proxying: vertx-http-proxy's request/response API, not `HttpProxy`"))
                .isEqualTo("proxying-vertx-http-proxys-requestresponse-api-not-httpproxy");
    }
}

package dev.octet.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules fail on deliberately wrong code (package {@code fixture}), and accept the same code done right. */
class RulesCatchViolationsTest {

    private static final String FIXTURE = "dev.octet.architecture.fixture";
    private static JavaClasses fixtures;

    @BeforeAll
    static void importFixtures() {
        fixtures = new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void aServiceThatImportsARestTypeBreaksTheLayers() {
        EvaluationResult layers = ArchitectureRules.layers(FIXTURE + ".wrong").evaluate(fixtures);
        EvaluationResult rest = ArchitectureRules.nothingOutsideRestDependsOnRest(FIXTURE + ".wrong").evaluate(fixtures);

        assertThat(layers.hasViolation()).isTrue();
        assertThat(layers.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("WidgetService") && line.contains("WidgetRequest"));
        assertThat(rest.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("WidgetService") && line.contains("WidgetRequest"));
    }

    @Test
    void theSameCodeDoneRightPasses() {
        assertThat(ArchitectureRules.layers(FIXTURE + ".clean").evaluate(fixtures).hasViolation()).isFalse();
        assertThat(ArchitectureRules.nothingOutsideRestDependsOnRest(FIXTURE + ".clean").evaluate(fixtures).hasViolation())
                .isFalse();
        assertThat(ArchitectureRules.noCycles(FIXTURE + ".clean").evaluate(fixtures).hasViolation()).isFalse();
    }

    @Test
    void aRestTypeUsedByTheServiceMakesAPackageCycle() {
        EvaluationResult cycles = ArchitectureRules.noCycles(FIXTURE + ".wrong").evaluate(fixtures);

        assertThat(cycles.hasViolation()).isTrue();
        assertThat(cycles.getFailureReport().toString()).contains("rest").contains("service");
    }

    @Test
    void aRecordCopiedIntoASecondModuleIsReported() {
        EvaluationResult records = ArchitectureRules.recordsDefinedOnce(ArchitectureRules.moduleByRoot(
                List.of(FIXTURE + ".records.alpha", FIXTURE + ".records.beta"))).evaluate(fixtures);

        assertThat(records.hasViolation()).isTrue();
        assertThat(records.getFailureReport().getDetails()).hasSize(1).first().asString()
                .contains("Greeting[text, times]").doesNotContain("Farewell");
    }

    @Test
    void aTestThatReadsAnotherModulesFolderIsReported(@TempDir Path repository) throws Exception {
        Files.writeString(repository.resolve("pom.xml"), module("alpha") + module("beta"));
        Files.createDirectories(repository.resolve("alpha"));
        Files.writeString(repository.resolve("alpha/pom.xml"), "<project/>");
        Path test = Files.createDirectories(repository.resolve("beta/src/test/java"));
        Files.writeString(repository.resolve("beta/pom.xml"),
                "<jar>${project.basedir}/" + ".." + "/alpha/" + "target/alpha.jar</jar>\n");
        // Built from pieces, so that this file does not itself contain the paths it plants.
        Files.writeString(test.resolve("Reader.java"), "class Reader {\n  Object a = java.nio.file.Path.of(\""
                + "alpha/" + "src/main/resources\");\n  Object b = \"../beta-data/resources\";\n}\n");

        List<ModuleFolders.Violation> violations = ModuleFolders.scan(repository, Set.of());

        assertThat(violations).extracting(ModuleFolders.Violation::file, ModuleFolders.Violation::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("beta/pom.xml", 1),
                        org.assertj.core.groups.Tuple.tuple("beta/src/test/java/Reader.java", 2));
        assertThat(ModuleFolders.scan(repository, Set.of("beta/pom.xml", "beta/src/test/java/Reader.java"))).isEmpty();
    }

    private static String module(String name) {
        return "<module>" + name + "</module>\n";
    }
}

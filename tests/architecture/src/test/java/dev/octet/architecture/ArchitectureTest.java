package dev.octet.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The rules applied to every module's main classes (and, for module boundaries, to every module's tests). */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TEST_FIXTURES)
                .importPackages(Modules.all().toArray(String[]::new));
    }

    @Test
    void everyModuleIsImported() {
        for (String root : Modules.all()) {
            assertThat(production.stream().anyMatch(type -> type.getPackageName().startsWith(root)))
                    .as("classes of %s on the classpath", root).isTrue();
        }
    }

    @TestFactory
    Stream<DynamicTest> layersGoDownOnly() {
        return Modules.SERVICES.stream().flatMap(root -> Stream.of(
                DynamicTest.dynamicTest(root + ": rest -> service -> repository",
                        () -> ArchitectureRules.layers(root).check(production)),
                DynamicTest.dynamicTest(root + ": nothing outside rest uses rest",
                        () -> ArchitectureRules.nothingOutsideRestDependsOnRest(root).check(production)),
                DynamicTest.dynamicTest(root + ": model and repository stay below",
                        () -> ArchitectureRules.modelAndRepositoriesStayBelow(root).check(production))));
    }

    @TestFactory
    Stream<DynamicTest> noPackageCycles() {
        return Modules.all().stream()
                .map(root -> DynamicTest.dynamicTest(root, () -> ArchitectureRules.noCycles(root).check(production)));
    }

    @Test
    void everyRecordIsDefinedOnce() {
        ArchitectureRules.recordsDefinedOnce(ArchitectureRules.moduleByRoot(Modules.all())).check(production);
    }

    @Test
    void noTestReadsAnotherModulesFolders() {
        Path repository = Path.of(System.getProperty("octet.repository", "../.."));
        assertThat(ModuleFolders.modules(repository)).contains("services/query-router", "tests/architecture");
        assertThat(ModuleFolders.scan(repository, Set.of()))
                .filteredOn(violation -> !violation.file().startsWith(Modules.THIS_MODULE + "/"))
                .isEmpty();
    }
}

package dev.octet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules, as functions of the packages they apply to: the tests apply them to the real modules,
 * and to deliberately wrong fixtures to show that they fail.
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /**
     * Inside a service, calls go down: {@code rest -> service -> repository}. A resource may call a
     * service; a service may call a repository; nothing calls a resource, and nothing below a
     * service calls it.
     */
    static ArchRule layers(String root) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("rest").definedBy(root + ".rest..")
                .layer("service").definedBy(root + ".service..")
                .layer("repository").definedBy(root + ".repository..")
                .whereLayer("rest").mayNotBeAccessedByAnyLayer()
                .whereLayer("service").mayOnlyBeAccessedByLayers("rest")
                .whereLayer("repository").mayOnlyBeAccessedByLayers("service")
                .as("the layers of " + root + " are rest -> service -> repository, nothing back up");
    }

    /** A resource's types (its request and response records included) are the rest layer's alone. */
    static ArchRule nothingOutsideRestDependsOnRest(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".rest..")
                .should().dependOnClassesThat().resideInAPackage(root + ".rest..")
                .allowEmptyShould(true)
                .as("no class of " + root + " outside rest depends on rest");
    }

    /** Entities, wire records and repositories know nothing of the layers that use them. */
    static ArchRule modelAndRepositoriesStayBelow(String root) {
        return noClasses().that().resideInAnyPackage(root + ".model..", root + ".repository..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".service..", root + ".rest..",
                        root + ".messaging..", root + ".client..")
                .allowEmptyShould(true)
                .as(root + ".model and .repository do not depend on service, rest, messaging or client");
    }

    /** The packages right under {@code root} depend on each other without a cycle. */
    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .allowEmptyShould(true)
                .as("the packages of " + root + " are free of cycles");
    }

    /**
     * A record (a wire record, an event payload, a DTO) is defined once: no two modules may each define
     * a record of the same simple name with the same component names. What two services share belongs in
     * a contract module ({@code services/<x>-api}) that both depend on.
     *
     * @param moduleOf the module a class belongs to (classes of one module may share names)
     */
    static ArchRule recordsDefinedOnce(Function<JavaClass, String> moduleOf) {
        return classes().that(ArchitectureRules.isRecord()).should(new DefinedOnce(moduleOf))
                .allowEmptyShould(true)
                .as("no record is defined twice across modules (same simple name, same components)");
    }

    /** The module of a class: the root package it lies under, the longest of {@code roots}. */
    static Function<JavaClass, String> moduleByRoot(Collection<String> roots) {
        return type -> roots.stream()
                .filter(root -> type.getPackageName().equals(root) || type.getPackageName().startsWith(root + "."))
                .max((a, b) -> Integer.compare(a.length(), b.length()))
                .orElse(type.getPackageName());
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> isRecord() {
        return com.tngtech.archunit.base.DescribedPredicate.describe("are records",
                type -> type.getRawSuperclass().map(superclass -> superclass.isEquivalentTo(Record.class)).orElse(false));
    }

    private static final class DefinedOnce extends ArchCondition<JavaClass> {

        private final Function<JavaClass, String> moduleOf;
        private final Map<String, List<JavaClass>> byShape = new TreeMap<>();

        DefinedOnce(Function<JavaClass, String> moduleOf) {
            super("be defined in one module only");
            this.moduleOf = moduleOf;
        }

        @Override
        public void init(Collection<JavaClass> allObjectsToTest) {
            byShape.clear();
        }

        @Override
        public void check(JavaClass type, ConditionEvents events) {
            byShape.computeIfAbsent(shape(type), key -> new ArrayList<>()).add(type);
        }

        @Override
        public void finish(ConditionEvents events) {
            byShape.forEach((shape, types) -> {
                Map<String, List<String>> modules = types.stream().collect(Collectors.groupingBy(moduleOf,
                        TreeMap::new, Collectors.mapping(JavaClass::getName, Collectors.toList())));
                if (modules.size() > 1) {
                    events.add(SimpleConditionEvent.violated(types, "record " + shape + " is defined in "
                            + modules.size() + " modules: " + modules.values()
                            + "; write it once in a contract module both depend on"));
                }
            });
        }

        private static String shape(JavaClass type) {
            TreeSet<String> components = type.getFields().stream()
                    .filter(field -> !field.getModifiers().contains(JavaModifier.STATIC))
                    .map(JavaField::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            return type.getSimpleName() + components;
        }
    }
}

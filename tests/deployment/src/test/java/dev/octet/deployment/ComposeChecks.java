package dev.octet.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cross-checks of a resolved docker-compose.yml against the repository: every service module has a
 * container, every container a health check, ports as in the README's port map, environment keys that
 * the services read, pinned images, profiles that hold together, and Prometheus scraping every service.
 * Each problem names the file and the place in it.
 */
final class ComposeChecks {

    private static final Set<String> WAITING_CONDITIONS = Set.of("service_healthy", "service_completed_successfully");

    private final ComposeFile compose;
    private final List<ServiceModule> modules;
    private final Repository repository;
    private final PortMap portMap;
    private final List<String> problems = new ArrayList<>();

    private ComposeChecks(ComposeFile compose, Repository repository) {
        this.compose = compose;
        this.repository = repository;
        this.modules = repository.serviceModules();
        this.portMap = PortMap.fromReadme(repository.read("README.md"));
    }

    static List<String> check(ComposeFile compose, Repository repository) {
        ComposeChecks checks = new ComposeChecks(compose, repository);
        checks.everyModuleHasAContainer();
        for (ComposeFile.Service service : compose.services()) {
            checks.healthAndLifecycle(service);
            checks.ports(service);
            checks.image(service);
            checks.environment(service);
        }
        checks.profilesHoldTogether();
        checks.prometheusScrapesEveryService();
        return checks.problems;
    }

    private void everyModuleHasAContainer() {
        for (ServiceModule module : modules) {
            boolean built = compose.services().stream().anyMatch(service -> moduleOf(service).filter(module::equals).isPresent()
                    && service.isBuilt());
            if (!built) {
                problems.add(ComposeFile.FILE + ": no container is built for " + module.path() + " (every service module has one: "
                        + "image: " + module.image() + ", build: {context: ., target: " + module.target() + "})");
            }
        }
    }

    /** The service module a container runs: the one whose image it names (octet/name:...). */
    private Optional<ServiceModule> moduleOf(ComposeFile.Service service) {
        String image = service.image().orElse("");
        return modules.stream().filter(module -> Images.repository(image).equals(module.image())).findFirst();
    }

    private boolean isOneShot(ComposeFile.Service service) {
        return service.restart().equals("no") && compose.services().stream()
                .anyMatch(other -> "service_completed_successfully".equals(other.dependsOn().get(service.name())));
    }

    private void healthAndLifecycle(ComposeFile.Service service) {
        if (service.healthcheck().isEmpty() && !isOneShot(service)) {
            problems.add(service.where("healthcheck") + ": missing; every long-running container has a health check");
        }
        if (!isOneShot(service) && !service.restart().matches("always|unless-stopped|on-failure.*")) {
            problems.add(service.where("restart") + ": \"" + service.restart() + "\"; a long-running container restarts after a crash");
        }
        if (!service.hasMemoryLimit()) {
            problems.add(service.where("mem_limit") + ": missing; every container has a memory limit");
        }
        service.dependsOn().forEach((dependency, condition) -> {
            if (!WAITING_CONDITIONS.contains(condition)) {
                problems.add(service.where("depends_on." + dependency) + ": condition " + condition
                        + "; wait for service_healthy (or service_completed_successfully for a one-shot job)");
            }
            compose.service(dependency).ifPresent(target -> {
                if (condition.equals("service_healthy") && target.healthcheck().isEmpty()) {
                    problems.add(service.where("depends_on." + dependency) + ": waits for " + dependency + " to be healthy, but it has no health check");
                }
            });
        });
        moduleOf(service).ifPresent(module -> service.healthcheck().ifPresent(health -> {
            String test = health.path("test").toString();
            if (!test.contains("/q/health/ready")) {
                problems.add(service.where("healthcheck.test") + ": " + test + " does not ask " + module.name() + "'s /q/health/ready");
            }
        }));
    }

    private void ports(ComposeFile.Service service) {
        List<ComposeFile.PortMapping> ports = service.ports();
        Optional<ServiceModule> module = moduleOf(service);
        if (ports.isEmpty() && module.isEmpty()) {
            return;
        }
        List<Integer> expected;
        try {
            expected = PortMapRows.portsOf(service.name(), portMap);
        } catch (IllegalStateException e) {
            problems.add(service.where("ports") + ": " + e.getMessage());
            return;
        }
        for (int i = 0; i < ports.size(); i++) {
            ComposeFile.PortMapping port = ports.get(i);
            if (!expected.contains(port.target())) {
                problems.add(service.where("ports[" + i + "]") + ": " + port.text() + " publishes container port " + port.target()
                        + ", but the README's port map gives " + service.name() + " " + expected);
            }
            if (port.published() == null || port.published() != port.target()) {
                problems.add(service.where("ports[" + i + "]") + ": " + port.text() + " publishes container port " + port.target()
                        + " on host port " + port.published() + "; host and container use the port map's port (" + expected + ")");
            }
        }
        module.ifPresent(m -> {
            int listening = Integer.parseInt(service.environment().getOrDefault("QUARKUS_HTTP_PORT", Integer.toString(m.httpPort())));
            if (!expected.contains(listening)) {
                problems.add(service.where("environment.QUARKUS_HTTP_PORT") + ": " + service.name() + " listens on " + listening
                        + ", but the README's port map gives it " + expected);
            }
            if (ports.stream().noneMatch(port -> port.target() == listening)) {
                problems.add(service.where("ports") + ": " + service.name() + "'s HTTP port " + listening + " is not published");
            }
        });
    }

    private void image(ComposeFile.Service service) {
        if (service.isBuilt()) {
            Path dockerfile = service.buildContext().resolve(service.dockerfile());
            String shown = relative(dockerfile);
            if (!Files.exists(dockerfile)) {
                problems.add(service.where("build") + ": " + shown + " does not exist");
            } else {
                moduleOf(service).ifPresentOrElse(module -> {
                    if (!shown.equals(ServiceModule.DOCKERFILE) || !module.target().equals(service.target())) {
                        problems.add(service.where("build") + ": builds " + shown + (service.target().isEmpty() ? "" : " --target "
                                + service.target()) + ", but its image " + service.image().orElse("") + " is the " + ServiceModule.DOCKERFILE
                                + " target " + module.target());
                    }
                }, () -> problems.addAll(DockerfileChecks.checkBaseImages(Dockerfile.parse(shown, Repository.Files2.read(dockerfile)))));
                problems.addAll(buildArgumentsPinned(service));
            }
            return;
        }
        String image = service.image().orElse("");
        if (Images.builtFromModule(image, modules) || compose.services().stream().anyMatch(
                other -> other.isBuilt() && other.image().filter(image::equals).isPresent())) {
            problems.add(service.where("image") + ": " + image + " is built from this repository; give the container its build: section "
                    + "(otherwise Docker pulls a registry image of that name)");
            return;
        }
        Images.notPinned(image).ifPresent(reason -> problems.add(service.where("image") + ": " + image + " " + reason));
    }

    private List<String> buildArgumentsPinned(ComposeFile.Service service) {
        List<String> found = new ArrayList<>();
        service.node().path("build").path("args").fields().forEachRemaining(argument -> {
            if (argument.getKey().endsWith("_IMAGE")) {
                Images.notPinned(argument.getValue().asText()).ifPresent(reason -> found.add(
                        service.where("build.args." + argument.getKey()) + ": " + argument.getValue().asText() + " " + reason));
            }
        });
        return found;
    }

    private void environment(ComposeFile.Service service) {
        moduleOf(service).ifPresent(module -> {
            ConfigurationKeys keys = ConfigurationKeys.of(module, repository);
            Map<String, String> environment = service.environment();
            environment.keySet().stream().filter(variable -> !keys.accepts(variable)).forEach(variable -> problems.add(
                    service.where("environment." + variable) + ": " + module.name() + " reads no such key (its application.properties"
                            + " and @ConfigMapping interfaces list " + keys.keys().size() + " keys; see " + module.path() + ")"));
            keys.localDefaults().stream().filter(variable -> !environment.containsKey(variable)).forEach(variable -> problems.add(
                    service.where("environment") + ": " + variable + " is not set, and " + module.name()
                            + "'s default points at localhost, which in a container is the container itself"));
        });
    }

    /**
     * Every profile can be started alone: what a container of the profile waits for is in the profile
     * too (Compose refuses to start it otherwise), and profile "all" has every container.
     */
    private void profilesHoldTogether() {
        Set<String> profiles = new TreeSet<>();
        compose.services().forEach(service -> profiles.addAll(service.profiles()));
        for (ComposeFile.Service service : compose.services()) {
            if (!service.profiles().isEmpty() && !service.profiles().contains("all")) {
                problems.add(service.where("profiles") + ": " + service.profiles() + " lacks \"all\", which .env starts by default");
            }
            for (String dependency : service.dependsOn().keySet()) {
                compose.service(dependency).ifPresentOrElse(target -> {
                    for (String profile : service.profiles()) {
                        if (!target.profiles().isEmpty() && !target.profiles().contains(profile)) {
                            problems.add(service.where("depends_on." + dependency) + ": " + service.name() + " is in profile " + profile
                                    + " but " + dependency + " is not, so `COMPOSE_PROFILES=" + profile + " docker compose up` cannot start it");
                        }
                    }
                }, () -> problems.add(service.where("depends_on." + dependency) + ": there is no service " + dependency));
            }
        }
    }

    private void prometheusScrapesEveryService() {
        Path config = compose.directory().resolve("infra/prometheus/prometheus.yml");
        boolean mounted = compose.service("prometheus").map(p -> p.bindMounts().containsKey(config.toAbsolutePath().normalize().toString()))
                .orElse(false);
        if (!mounted) {
            problems.add(ComposeFile.FILE + ": services.prometheus does not mount infra/prometheus/prometheus.yml");
            return;
        }
        Set<String> targets = new LinkedHashSet<>();
        try {
            for (JsonNode job : new YAMLMapper().readTree(config.toFile()).path("scrape_configs")) {
                if (!"/q/metrics".equals(job.path("metrics_path").asText())) {
                    continue;
                }
                job.path("static_configs").forEach(group -> group.path("targets").forEach(target -> targets.add(target.asText())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ComposeFile.Service service : compose.services()) {
            moduleOf(service).ifPresent(module -> {
                String port = service.environment().getOrDefault("QUARKUS_HTTP_PORT", Integer.toString(module.httpPort()));
                if (!targets.contains(service.name() + ":" + port)) {
                    problems.add("infra/prometheus/prometheus.yml: no scrape target " + service.name() + ":" + port
                            + " with metrics_path /q/metrics (Prometheus scrapes every service)");
                }
            });
        }
    }

    private String relative(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        Path base = compose.directory().toAbsolutePath().normalize();
        return normalized.startsWith(base) ? base.relativize(normalized).toString() : normalized.toString();
    }
}

package dev.octet.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service images' Dockerfiles: pinned base images, a multi-stage build of the module with the
 * Maven wrapper, the Quarkus JVM layout on a JRE, a non-root user, a health check, and the port the
 * README's port map gives the service.
 */
final class DockerfileChecks {

    private DockerfileChecks() {
    }

    /** Problems of every service module's Dockerfile, as found in this folder (a checkout or a copy of one). */
    static List<String> check(Path root, List<ServiceModule> modules, PortMap portMap) {
        List<String> problems = new ArrayList<>();
        for (ServiceModule module : modules) {
            Path file = root.resolve(module.dockerfilePath());
            if (!Files.exists(file)) {
                problems.add(module.dockerfilePath() + ": missing; every service module has its own Dockerfile");
                continue;
            }
            problems.addAll(checkService(Dockerfile.parse(module.dockerfilePath(), Repository.Files2.read(file)), module, portMap));
        }
        return problems;
    }

    /** Problems of a Dockerfile that adds to a pinned upstream image (compose builds these from infra/). */
    static List<String> checkBaseImages(Dockerfile dockerfile) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < dockerfile.stages().size(); i++) {
            if (dockerfile.isStageReference(i)) {
                continue;
            }
            String image = dockerfile.stages().get(i).image();
            int stage = i;
            Images.notPinned(image).ifPresent(reason -> problems.add(dockerfile.atFrom(stage) + ": FROM " + image + " " + reason));
        }
        return problems;
    }

    static List<String> checkService(Dockerfile dockerfile, ServiceModule module, PortMap portMap) {
        List<String> problems = new ArrayList<>(checkBaseImages(dockerfile));
        if (dockerfile.stages().size() < 2) {
            problems.add(module.dockerfilePath() + ": one stage; build with the Maven wrapper in a JDK stage, run on a JRE in a second");
            return problems;
        }
        checkBuildStage(dockerfile, module, problems);
        checkRuntimeStage(dockerfile, module, portMap, problems);
        return problems;
    }

    private static void checkBuildStage(Dockerfile dockerfile, ServiceModule module, List<String> problems) {
        Dockerfile.Stage build = dockerfile.stages().get(0);
        if (!build.image().contains("jdk")) {
            problems.add(dockerfile.atFrom(0) + ": the build stage runs " + build.image() + ", not a JDK image");
        }
        Optional<Dockerfile.Instruction> maven = build.all("RUN").stream().filter(run -> run.arguments().contains("./mvnw")).findFirst();
        if (maven.isEmpty()) {
            problems.add(module.dockerfilePath() + ": the build stage does not run the Maven wrapper (./mvnw)");
            return;
        }
        String command = maven.get().arguments();
        if (!command.matches(".*(-pl|--projects)\\s+" + Pattern.quote(module.path()) + "(\\s.*|$)")) {
            problems.add(dockerfile.at(maven.get()) + ": ./mvnw does not build " + module.path() + " (-pl " + module.path() + ")");
        }
        if (!command.matches(".*\\s(-am|--also-make)(\\s.*|$)")) {
            problems.add(dockerfile.at(maven.get()) + ": ./mvnw without -am cannot build the modules " + module.path() + " needs");
        }
        if (!command.contains("--mount=type=cache,target=/root/.m2")) {
            problems.add(dockerfile.at(maven.get()) + ": no BuildKit cache for the Maven repository (--mount=type=cache,target=/root/.m2)");
        }
    }

    private static void checkRuntimeStage(Dockerfile dockerfile, ServiceModule module, PortMap portMap, List<String> problems) {
        int last = dockerfile.stages().size() - 1;
        Dockerfile.Stage runtime = dockerfile.finalStage();
        if (!runtime.image().contains("jre")) {
            problems.add(dockerfile.atFrom(last) + ": the image runs on " + runtime.image() + ", not a JRE image");
        }
        String layout = module.path() + "/target/quarkus-app";
        if (runtime.all("COPY").stream().noneMatch(copy -> copy.arguments().contains("--from=") && copy.arguments().contains(layout))) {
            problems.add(module.dockerfilePath() + ": the image does not copy the Quarkus JVM layout (" + layout + ") from the build stage");
        }
        Optional<Dockerfile.Instruction> user = runtime.last("USER");
        if (user.isEmpty()) {
            problems.add(module.dockerfilePath() + ": no USER; the service would run as root");
        } else {
            String who = user.get().arguments().split(":")[0].strip();
            if (who.equals("root") || who.equals("0")) {
                problems.add(dockerfile.at(user.get()) + ": USER " + user.get().arguments() + "; the service must not run as root");
            }
        }
        if (runtime.last("HEALTHCHECK").isEmpty()) {
            problems.add(module.dockerfilePath() + ": no HEALTHCHECK");
        } else if (!runtime.last("HEALTHCHECK").get().arguments().contains("/q/health/ready")) {
            problems.add(dockerfile.at(runtime.last("HEALTHCHECK").get()) + ": the HEALTHCHECK does not ask /q/health/ready");
        }
        checkPort(dockerfile, module, portMap, runtime, problems);
        if (runtime.last("ENTRYPOINT").filter(entry -> entry.arguments().contains("quarkus-run.jar")).isEmpty()) {
            problems.add(module.dockerfilePath() + ": the ENTRYPOINT does not run quarkus-run.jar");
        }
    }

    private static void checkPort(Dockerfile dockerfile, ServiceModule module, PortMap portMap, Dockerfile.Stage runtime,
                                  List<String> problems) {
        int port = module.httpPort();
        List<Integer> mapped = portMap.portsOf(module.name());
        if (!mapped.contains(port)) {
            problems.add(module.path() + "/src/main/resources/application.properties: quarkus.http.port=" + port
                    + ", but the README's port map gives " + module.name() + " " + mapped);
        }
        Optional<Dockerfile.Instruction> env = runtime.all("ENV").stream()
                .filter(instruction -> instruction.arguments().contains("QUARKUS_HTTP_PORT")).findFirst();
        Matcher declared = Pattern.compile("QUARKUS_HTTP_PORT[= ](\\d+)")
                .matcher(env.map(Dockerfile.Instruction::arguments).orElse(""));
        if (env.isEmpty() || !declared.find()) {
            problems.add(module.dockerfilePath() + ": no ENV QUARKUS_HTTP_PORT (the health check needs the port)");
        } else if (Integer.parseInt(declared.group(1)) != port) {
            problems.add(dockerfile.at(env.get()) + ": QUARKUS_HTTP_PORT=" + declared.group(1) + ", but " + module.name()
                    + " listens on " + port + " (application.properties and the README's port map)");
        }
        List<String> exposed = runtime.all("EXPOSE").stream().flatMap(e -> List.of(e.arguments().split("\\s+")).stream())
                .map(p -> p.replace("/tcp", "")).toList();
        if (!exposed.contains(Integer.toString(port))) {
            problems.add(module.dockerfilePath() + ": EXPOSE " + exposed + " does not include " + port);
        }
    }
}

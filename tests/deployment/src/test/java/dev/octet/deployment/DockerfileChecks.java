package dev.octet.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The root Dockerfile that builds every service image: pinned base images, one build stage that
 * packages every service module with the Maven wrapper once, and a target per service module with the
 * Quarkus JVM layout on a JRE, a non-root user, a health check, a direct-memory limit, and the port the
 * README's port map gives the service.
 */
final class DockerfileChecks {

    private DockerfileChecks() {
    }

    /** Problems of the root Dockerfile, as found in this folder (a checkout or a copy of one). */
    static List<String> check(Path root, List<ServiceModule> modules, PortMap portMap) {
        Path file = root.resolve(ServiceModule.DOCKERFILE);
        if (!Files.exists(file)) {
            return List.of(ServiceModule.DOCKERFILE + ": missing; every service image is built from it");
        }
        return check(Dockerfile.parse(ServiceModule.DOCKERFILE, Repository.Files2.read(file)), modules, portMap);
    }

    static List<String> check(Dockerfile dockerfile, List<ServiceModule> modules, PortMap portMap) {
        List<String> problems = new ArrayList<>(checkBaseImages(dockerfile));
        checkBuildStage(dockerfile, modules, problems);
        for (ServiceModule module : modules) {
            Optional<Dockerfile.Stage> target = dockerfile.stage(module.target());
            if (target.isEmpty()) {
                problems.add(ServiceModule.DOCKERFILE + ": no stage " + module.target() + " (FROM runtime AS " + module.target()
                        + "), the target " + module.image() + " is built from");
            } else {
                checkTarget(dockerfile, target.get(), module, portMap, problems);
            }
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

    private static void checkBuildStage(Dockerfile dockerfile, List<ServiceModule> modules, List<String> problems) {
        Optional<Dockerfile.Stage> found = dockerfile.stage("build");
        if (found.isEmpty()) {
            problems.add(ServiceModule.DOCKERFILE + ": no stage build; build once with the Maven wrapper in a JDK stage (FROM ... AS build)");
            return;
        }
        Dockerfile.Stage build = found.get();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            if (stage != build) {
                stage.all("RUN").stream().filter(run -> run.arguments().contains("./mvnw")).forEach(run -> problems.add(
                        dockerfile.at(run) + ": stage " + stage.name() + " runs the Maven wrapper again; the build stage builds every module once"));
            }
        }
        if (!build.image().contains("jdk")) {
            problems.add(dockerfile.atFrom(build) + ": the build stage runs " + build.image() + ", not a JDK image");
        }
        List<Dockerfile.Instruction> maven = build.all("RUN").stream().filter(run -> run.arguments().contains("./mvnw")).toList();
        if (maven.size() != 1) {
            problems.add(ServiceModule.DOCKERFILE + ": the build stage runs the Maven wrapper " + maven.size()
                    + " times; once builds every module once");
            return;
        }
        String command = maven.get(0).arguments();
        Matcher projects = Pattern.compile("(?:-pl|--projects)\\s+(\\S+)").matcher(command);
        List<String> built = projects.find() ? List.of(projects.group(1).split(",")) : List.of();
        for (ServiceModule module : modules) {
            if (!built.contains(module.path())) {
                problems.add(dockerfile.at(maven.get(0)) + ": ./mvnw does not build " + module.path() + " (-pl ...," + module.path() + ")");
            }
        }
        if (!command.matches(".*\\s(-am|--also-make)(\\s.*|$)")) {
            problems.add(dockerfile.at(maven.get(0)) + ": ./mvnw without -am cannot build the modules the services need");
        }
        if (!command.contains("--mount=type=cache,target=/root/.m2")) {
            problems.add(dockerfile.at(maven.get(0)) + ": no BuildKit cache for the Maven repository (--mount=type=cache,target=/root/.m2)");
        }
    }

    private static void checkTarget(Dockerfile dockerfile, Dockerfile.Stage target, ServiceModule module, PortMap portMap,
                                    List<String> problems) {
        String where = ServiceModule.DOCKERFILE + " (target " + module.target() + ")";
        Dockerfile.Stage image = dockerfile.image(target);
        if (!image.image().contains("jre")) {
            problems.add(where + ": the image runs on " + image.image() + ", not a JRE image");
        }
        String layout = module.path() + "/target/quarkus-app";
        if (target.all("COPY").stream().noneMatch(copy -> copy.arguments().contains("--from=build") && copy.arguments().contains(layout))) {
            problems.add(where + ": the image does not copy the Quarkus JVM layout (" + layout + ") from the build stage");
        }
        Optional<Dockerfile.Instruction> user = image.last("USER");
        if (user.isEmpty()) {
            problems.add(where + ": no USER; the service would run as root");
        } else {
            String who = user.get().arguments().split(":")[0].strip();
            if (who.equals("root") || who.equals("0")) {
                problems.add(dockerfile.at(user.get()) + ": USER " + user.get().arguments() + "; the service must not run as root");
            }
        }
        if (image.last("HEALTHCHECK").isEmpty()) {
            problems.add(where + ": no HEALTHCHECK");
        } else if (!image.last("HEALTHCHECK").get().arguments().contains("/q/health/ready")) {
            problems.add(dockerfile.at(image.last("HEALTHCHECK").get()) + ": the HEALTHCHECK does not ask /q/health/ready");
        }
        Optional<Dockerfile.Instruction> javaOptions = image.all("ENV").stream()
                .filter(env -> env.arguments().contains("JAVA_OPTS")).reduce((first, second) -> second);
        if (javaOptions.isEmpty() || !javaOptions.get().arguments().contains("-XX:MaxDirectMemorySize=")) {
            problems.add(javaOptions.map(dockerfile::at).orElse(where) + ": JAVA_OPTS sets no -XX:MaxDirectMemorySize; Netty's "
                    + "direct buffers would be bounded by the heap size alone and overrun the container's memory limit");
        }
        if (javaOptions.isEmpty() || !javaOptions.get().arguments().contains("-Djava.security.properties=")) {
            problems.add(javaOptions.map(dockerfile::at).orElse(where) + ": JAVA_OPTS adds no java.security properties; the JDK "
                    + "would keep a peer's address for 30 s and the service would dial a restarted container's old address");
        }
        checkPort(dockerfile, module, portMap, image, where, problems);
        if (image.last("ENTRYPOINT").filter(entry -> entry.arguments().contains("quarkus-run.jar")).isEmpty()) {
            problems.add(where + ": the ENTRYPOINT does not run quarkus-run.jar");
        }
    }

    private static void checkPort(Dockerfile dockerfile, ServiceModule module, PortMap portMap, Dockerfile.Stage image,
                                  String where, List<String> problems) {
        int port = module.httpPort();
        List<Integer> mapped = portMap.portsOf(module.name());
        if (!mapped.contains(port)) {
            problems.add(module.path() + "/src/main/resources/application.properties: quarkus.http.port=" + port
                    + ", but the README's port map gives " + module.name() + " " + mapped);
        }
        Optional<Dockerfile.Instruction> env = image.all("ENV").stream()
                .filter(instruction -> instruction.arguments().contains("QUARKUS_HTTP_PORT")).reduce((first, second) -> second);
        Matcher declared = Pattern.compile("QUARKUS_HTTP_PORT[= ](\\d+)")
                .matcher(env.map(Dockerfile.Instruction::arguments).orElse(""));
        if (env.isEmpty() || !declared.find()) {
            problems.add(where + ": no ENV QUARKUS_HTTP_PORT (the health check needs the port)");
        } else if (Integer.parseInt(declared.group(1)) != port) {
            problems.add(dockerfile.at(env.get()) + ": QUARKUS_HTTP_PORT=" + declared.group(1) + ", but " + module.name()
                    + " listens on " + port + " (application.properties and the README's port map)");
        }
        List<String> exposed = image.all("EXPOSE").stream().flatMap(e -> List.of(e.arguments().split("\\s+")).stream())
                .map(p -> p.replace("/tcp", "")).toList();
        if (!exposed.contains(Integer.toString(port))) {
            problems.add(where + ": EXPOSE " + exposed + " does not include " + port);
        }
    }
}

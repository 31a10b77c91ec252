# syntax=docker/dockerfile:1.7
# Every Octet service image, from one build of the Maven reactor. Each service is a target:
#   docker build --target gateway -t octet/gateway:0.1.0-SNAPSHOT .
# or all of them: docker compose build (docker-compose.yml names each container's target). BuildKit
# and Podman build the shared stage once and reuse it for every target.
#
# The base images are build arguments whose defaults are pinned official images; an engine that cannot
# pull passes its own (infra/containers builds them from Debian's packages).
ARG JDK_IMAGE=eclipse-temurin:17.0.17_10-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:17.0.17_10-jre-noble

# Build: the Maven wrapper packages every service module, and the modules they need, once. The local
# repository is a BuildKit cache, so dependencies are downloaded once per machine, not once per image.
FROM ${JDK_IMAGE} AS build
# Maven's own MAVEN_ARGS and the wrapper's MAVEN_USER_HOME, passed through: infra/containers/build-images.sh
# uses them to build offline from the machine's Maven folder (mounted into the build) instead of
# downloading Maven and every dependency again.
ARG MAVEN_ARGS=""
ARG MAVEN_USER_HOME=""
WORKDIR /workspace
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests package -am \
        -pl gateway,services/user-service,services/product-service,services/order-service,services/query-router,services/metadata-service,services/chunk-server

# Run: what every service image shares. A JRE, an unprivileged user, the health check, and memory
# limits that fit the container: the heap is half the container's memory limit, direct buffers
# (Netty's, for every connection the service holds) at most 96 MiB, the rest for metaspace and threads;
# and name lookups cached for a second only, since a restarted container has a new address
# (infra/docker/java.security).
FROM ${JRE_IMAGE} AS runtime
RUN groupadd --system --gid 10001 octet \
    && useradd --system --uid 10001 --gid octet --home-dir /deployments --shell /usr/sbin/nologin octet
WORKDIR /deployments
COPY --chmod=0755 infra/docker/healthcheck.sh /usr/local/bin/octet-healthcheck
COPY --chmod=0644 infra/docker/java.security /etc/octet/java.security
ENV JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=96m -XX:+ExitOnOutOfMemoryError -Djava.net.preferIPv4Stack=true -Djava.security.properties=/etc/octet/java.security"
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["octet-healthcheck", "/q/health/ready"]
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]

# gateway: the entry point for clients (HTTP routes, load balancing over replicas).
FROM runtime AS gateway
COPY --from=build /workspace/gateway/target/quarkus-app/lib/ lib/
COPY --from=build /workspace/gateway/target/quarkus-app/quarkus/ quarkus/
COPY --from=build /workspace/gateway/target/quarkus-app/app/ app/
COPY --from=build /workspace/gateway/target/quarkus-app/quarkus-run.jar quarkus-run.jar
ENV QUARKUS_HTTP_PORT=8080
EXPOSE 8080

# user-service: accounts, passwords and the tokens every service verifies.
FROM runtime AS user-service
COPY --from=build /workspace/services/user-service/target/quarkus-app/lib/ lib/
COPY --from=build /workspace/services/user-service/target/quarkus-app/quarkus/ quarkus/
COPY --from=build /workspace/services/user-service/target/quarkus-app/app/ app/
COPY --from=build /workspace/services/user-service/target/quarkus-app/quarkus-run.jar quarkus-run.jar
ENV QUARKUS_HTTP_PORT=8081
EXPOSE 8081

# product-service: the catalog and the stock the saga reserves.
FROM runtime AS product-service
COPY --from=build /workspace/services/product-service/target/quarkus-app/lib/ lib/
COPY --from=build /workspace/services/product-service/target/quarkus-app/quarkus/ quarkus/
COPY --from=build /workspace/services/product-service/target/quarkus-app/app/ app/
COPY --from=build /workspace/services/product-service/target/quarkus-app/quarkus-run.jar quarkus-run.jar
ENV QUARKUS_HTTP_PORT=8082
EXPOSE 8082

# order-service: orders and the saga, its data in the distributed database.
FROM runtime AS order-service
COPY --from=build /workspace/services/order-service/target/quarkus-app/lib/ lib/
COPY --from=build /workspace/services/order-service/target/quarkus-app/quarkus/ quarkus/
COPY --from=build /workspace/services/order-service/target/quarkus-app/app/ app/
COPY --from=build /workspace/services/order-service/target/quarkus-app/quarkus-run.jar quarkus-run.jar
ENV QUARKUS_HTTP_PORT=8083
EXPOSE 8083

# query-router: the distributed database: PostgreSQL protocol on 6432, admin API on 8084.
FROM runtime AS query-router
COPY --from=build /workspace/services/query-router/target/quarkus-app/lib/ lib/
COPY --from=build /workspace/services/query-router/target/quarkus-app/quarkus/ quarkus/
COPY --from=build /workspace/services/query-router/target/quarkus-app/app/ app/
COPY --from=build /workspace/services/query-router/target/quarkus-app/quarkus-run.jar quarkus-run.jar
ENV QUARKUS_HTTP_PORT=8084
EXPOSE 8084 6432

# metadata-service: the file system's master: namespace, chunk placement, leases.
FROM runtime AS metadata-service
COPY --from=build /workspace/services/metadata-service/target/quarkus-app/lib/ lib/
COPY --from=build /workspace/services/metadata-service/target/quarkus-app/quarkus/ quarkus/
COPY --from=build /workspace/services/metadata-service/target/quarkus-app/app/ app/
COPY --from=build /workspace/services/metadata-service/target/quarkus-app/quarkus-run.jar quarkus-run.jar
ENV QUARKUS_HTTP_PORT=8085
EXPOSE 8085

# chunk-server: a file system chunk server and front door (8086; 8087 and 8088 by QUARKUS_HTTP_PORT).
FROM runtime AS chunk-server
COPY --from=build /workspace/services/chunk-server/target/quarkus-app/lib/ lib/
COPY --from=build /workspace/services/chunk-server/target/quarkus-app/quarkus/ quarkus/
COPY --from=build /workspace/services/chunk-server/target/quarkus-app/app/ app/
COPY --from=build /workspace/services/chunk-server/target/quarkus-app/quarkus-run.jar quarkus-run.jar
ENV QUARKUS_HTTP_PORT=8086
EXPOSE 8086

/**
 * Assembles and runs the router: {@code RouterBuilder} wires pools, metadata, directory, recovery, the
 * deadlock detector and the endpoint from plain settings (tests use it directly); {@code RouterRuntime}
 * starts it with Quarkus, probes shard health and re-runs recovery; {@code RouterMetrics} exports figures.
 */
package dev.octet.router.runtime;

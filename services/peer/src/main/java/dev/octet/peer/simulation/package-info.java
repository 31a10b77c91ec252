/**
 * The deterministic simulator: the protocol code of real peers on a virtual network with latency, loss,
 * crashes and partitions, at thousands of peers in one JVM; and the benchmark that measures it.
 */
package dev.octet.peer.simulation;

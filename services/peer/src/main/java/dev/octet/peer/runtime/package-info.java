/**
 * What the protocols need from whoever runs them: a {@link dev.octet.peer.runtime.Transport} for datagrams and
 * a {@link dev.octet.peer.runtime.Scheduler} for time and the one thread. The running service and the simulator
 * each provide both; the protocols never know which.
 */
package dev.octet.peer.runtime;

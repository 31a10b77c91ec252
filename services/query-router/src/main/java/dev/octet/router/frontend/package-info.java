/**
 * The client side of the proxy: the PostgreSQL endpoint, each client connection's session (start-up,
 * authentication, the simple and extended query protocols, transaction and session commands), the pump that
 * runs a session on one thread at a time, and the session timeouts.
 */
package dev.octet.router.frontend;

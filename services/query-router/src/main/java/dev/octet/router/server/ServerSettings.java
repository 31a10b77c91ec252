package dev.octet.router.server;

import dev.octet.router.auth.Credentials;

/**
 * How the PostgreSQL endpoint behaves.
 *
 * @param database the database name clients connect to
 * @param authMethod "scram-sha-256" or "md5"
 * @param maxMessageLength the largest frontend message accepted, in bytes
 * @param maxSessions the most client connections at once
 */
public record ServerSettings(String host, int port, String database, Credentials credentials, String authMethod,
                             int maxMessageLength, int maxSessions) {
}

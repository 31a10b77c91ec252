package dev.octet.router.frontend;

import dev.octet.router.auth.Credentials;
import java.time.Duration;

/**
 * How the PostgreSQL endpoint behaves.
 *
 * @param database the database name clients connect to
 * @param authMethod "scram-sha-256" or "md5"
 * @param maxMessageLength the largest frontend message accepted, in bytes
 * @param maxSessions the most client connections at once
 * @param statementTimeout how long one unit of work (a Query, or messages up to Sync) may run (0: no limit)
 * @param idleInTransactionTimeout how long a session may sit idle inside a transaction block (0: no limit)
 */
public record ServerSettings(String host, int port, String database, Credentials credentials, String authMethod,
                             int maxMessageLength, int maxSessions, Duration statementTimeout,
                             Duration idleInTransactionTimeout) {
}

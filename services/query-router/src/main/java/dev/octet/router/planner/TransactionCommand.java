package dev.octet.router.planner;

/** Transaction control statements. */
public enum TransactionCommand {
    BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO, SET_TRANSACTION
}

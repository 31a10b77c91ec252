package dev.octet.router.protocol;

/** The SQLSTATE codes the router itself raises (PostgreSQL's Appendix A). */
public final class SqlState {

    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String PROTOCOL_VIOLATION = "08P01";
    public static final String CONNECTION_FAILURE = "08006";
    public static final String CONNECTION_DOES_NOT_EXIST = "08003";
    public static final String INVALID_PASSWORD = "28P01";
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String INVALID_CATALOG_NAME = "3D000";
    public static final String INVALID_SQL_STATEMENT_NAME = "26000";
    public static final String INVALID_CURSOR_NAME = "34000";
    public static final String DUPLICATE_PREPARED_STATEMENT = "42P05";
    public static final String DUPLICATE_CURSOR = "42P03";
    public static final String IN_FAILED_TRANSACTION = "25P02";
    public static final String ACTIVE_SQL_TRANSACTION = "25001";
    public static final String NO_ACTIVE_SQL_TRANSACTION = "25P01";
    public static final String INVALID_TRANSACTION_STATE = "25000";
    public static final String TOO_MANY_CONNECTIONS = "53300";
    public static final String QUERY_CANCELED = "57014";
    public static final String ADMIN_SHUTDOWN = "57P01";
    public static final String CANNOT_CONNECT_NOW = "57P03";
    public static final String SYNTAX_ERROR = "42601";
    public static final String INVALID_TEXT_REPRESENTATION = "22P02";
    public static final String INVALID_PARAMETER_VALUE = "22023";
    public static final String PROTOCOL_BIND_MISMATCH = "08P01";
    public static final String INTERNAL_ERROR = "XX000";
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";
    public static final String UNDEFINED_TABLE = "42P01";
    public static final String TRANSACTION_RESOLUTION_UNKNOWN = "08007";
    public static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";
    public static final String DEADLOCK_DETECTED = "40P01";

    private SqlState() {
    }
}

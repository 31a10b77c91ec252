package dev.octet.router.protocol;

/**
 * An error the client receives as an ErrorResponse with a SQLSTATE. Either raised by the router
 * itself, or carrying a shard's ErrorResponse verbatim ({@link #raw()}), so the client sees exactly
 * what PostgreSQL said.
 */
public class PgException extends RuntimeException {

    private final String sqlState;
    private final String severity;
    private final String detail;
    private final PgMessage raw;

    public PgException(String sqlState, String message) {
        this(sqlState, message, null);
    }

    public PgException(String sqlState, String message, String detail) {
        super(message);
        this.sqlState = sqlState;
        this.severity = "ERROR";
        this.detail = detail;
        this.raw = null;
    }

    private PgException(PgMessage raw, ErrorFields fields) {
        super(fields.message());
        this.sqlState = fields.sqlState();
        this.severity = fields.severity();
        this.detail = fields.detail();
        this.raw = raw;
    }

    /** Wraps a shard's ErrorResponse so it can be relayed as is. */
    public static PgException fromBackend(PgMessage errorResponse) {
        return new PgException(errorResponse, ErrorFields.parse(errorResponse.payload()));
    }

    public static PgException notSupported(String what) {
        return new PgException(SqlState.FEATURE_NOT_SUPPORTED, what);
    }

    public String sqlState() {
        return sqlState;
    }

    public String severity() {
        return severity;
    }

    public String detail() {
        return detail;
    }

    /** The shard's own ErrorResponse, or null when the router raised this error. */
    public PgMessage raw() {
        return raw;
    }

    /** The ErrorResponse to send to the client. */
    public PgMessage toMessage() {
        return raw != null ? raw : ServerMessages.error("ERROR", sqlState, getMessage(), detail);
    }
}

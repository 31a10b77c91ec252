package dev.octet.router.execution;

/**
 * How a statement is being run.
 *
 * @param extended true for the extended query protocol (Bind/Execute), false for a simple Query
 * @param parameterTypes the types the client declared when it prepared the statement
 * @param statementName the client's statement name ("" for the unnamed one)
 * @param portal the client's portal name
 * @param resultFormats the result formats the client asked for in Bind
 * @param maxRows Execute's row limit (0: all)
 * @param lastInUnit no further Execute follows before the Sync (so a shard may be synced at once)
 */
public record Invocation(boolean extended, BoundParameters parameters, int[] parameterTypes, String statementName,
                         String portal, short[] resultFormats, int maxRows, boolean lastInUnit) {

    public static Invocation simple() {
        return new Invocation(false, BoundParameters.NONE, new int[0], "", "", new short[0], 0, true);
    }
}

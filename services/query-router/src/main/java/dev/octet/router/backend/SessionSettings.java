package dev.octet.router.backend;

import dev.octet.router.backend.ShardConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The run-time settings of one client session: those it sent at startup and those it SET since.
 * Shard connections are shared between sessions, so before a session uses one, the connection is
 * brought to the session's settings (with SET/RESET queued in front of the statement, which costs
 * no extra round trip).
 */
public final class SessionSettings {

    private static final Set<String> NOT_SETTINGS = Set.of("user", "database", "client_encoding", "replication",
            "options");

    private final Map<String, String> startup = new LinkedHashMap<>();
    private final Map<String, String> current = new LinkedHashMap<>();

    /** From the startup packet's parameters (and any -c name=value in its options). */
    public static SessionSettings fromStartup(Map<String, String> parameters) {
        SessionSettings settings = new SessionSettings();
        parameters.forEach((name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (!NOT_SETTINGS.contains(key)) {
                settings.startup.put(key, setStatement(key, value));
            }
        });
        String options = parameters.get("options");
        if (options != null) {
            for (String option : options.trim().split("\\s+")) {
                String assignment = option.startsWith("--") ? option.substring(2) : option.startsWith("-c")
                        ? option.substring(2) : option;
                int equals = assignment.indexOf('=');
                if (equals > 0) {
                    String key = assignment.substring(0, equals).toLowerCase(Locale.ROOT).replace('-', '_');
                    settings.startup.put(key, setStatement(key, assignment.substring(equals + 1)));
                }
            }
        }
        settings.current.putAll(settings.startup);
        return settings;
    }

    private static String setStatement(String name, String value) {
        return "SET \"" + name.replace("\"", "\"\"") + "\" TO '" + value.replace("'", "''") + "'";
    }

    /** Remembers a SET statement for {@code name}. */
    public void set(String name, String statement) {
        current.put(name.toLowerCase(Locale.ROOT), statement);
    }

    public void reset(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        String initial = startup.get(key);
        if (initial != null) {
            current.put(key, initial);
        } else {
            current.remove(key);
        }
    }

    public void resetAll() {
        current.clear();
        current.putAll(startup);
    }

    /** Queues on {@code connection} the commands that bring it to this session's settings. */
    public void applyTo(ShardConnection connection) {
        Map<String, String> applied = connection.appliedSettings();
        List<String> toReset = new ArrayList<>();
        for (String name : applied.keySet()) {
            if (!current.containsKey(name)) {
                toReset.add(name);
            }
        }
        for (String name : toReset) {
            connection.queuePrelude(resetStatement(name));
            applied.remove(name);
        }
        for (Map.Entry<String, String> setting : current.entrySet()) {
            if (!setting.getValue().equals(applied.get(setting.getKey()))) {
                connection.queuePrelude(setting.getValue());
                applied.put(setting.getKey(), setting.getValue());
            }
        }
    }

    private static String resetStatement(String name) {
        if (name.equals("session_characteristics")) {
            return "RESET default_transaction_isolation; RESET default_transaction_read_only; "
                    + "RESET default_transaction_deferrable";
        }
        return "RESET \"" + name.replace("\"", "\"\"") + "\"";
    }
}

package dev.octet.router.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The users allowed to connect to the router. A password may be given in plain text (both SCRAM
 * and md5 then work), as a PostgreSQL SCRAM verifier, or as an md5 hash.
 */
public final class Credentials {

    private record User(Scram.Verifier scram, String md5) {
    }

    private final Map<String, User> users = new HashMap<>();

    /** Parses {@code user:password,user2:password2}; a password may itself contain ':'. */
    public static Credentials parse(String spec) {
        Credentials credentials = new Credentials();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("octet.router.auth.users entries look like user:password, not '"
                        + trimmed + "'");
            }
            credentials.add(trimmed.substring(0, colon), trimmed.substring(colon + 1));
        }
        return credentials;
    }

    public void add(String user, String password) {
        if (password.startsWith(Scram.MECHANISM + "$")) {
            users.put(user, new User(Scram.Verifier.parse(password), null));
        } else if (password.length() == 35 && password.startsWith("md5")) {
            users.put(user, new User(null, password));
        } else {
            users.put(user, new User(Scram.Verifier.fromPassword(password), Md5Password.stored(user, password)));
        }
    }

    /** Null when the user is unknown or has no SCRAM verifier. */
    public Scram.Verifier scramVerifier(String user) {
        User found = users.get(user);
        return found == null ? null : found.scram();
    }

    public Optional<String> md5(String user) {
        User found = users.get(user);
        return found == null ? Optional.empty() : Optional.ofNullable(found.md5());
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }
}

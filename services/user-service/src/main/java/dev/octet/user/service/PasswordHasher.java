package dev.octet.user.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * bcrypt (WildFly Elytron), cost 10. Both operations take tens of milliseconds of CPU on purpose,
 * so callers run them off the event loop.
 */
@ApplicationScoped
public class PasswordHasher {

    /** Compared against when the email is unknown, so a miss costs as much time as a wrong password. */
    private static final String DECOY = BcryptUtil.bcryptHash("octet-decoy-password");

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password);
    }

    public boolean matches(String password, String storedHash) {
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT);
            BCryptPassword stored = (BCryptPassword) factory.translate(ModularCrypt.decode(storedHash));
            return factory.verify(stored, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored password hash cannot be read", e);
        }
    }

    /** Burns the same time as {@link #matches} for an unknown account. */
    public void matchDecoy(String password) {
        matches(password, DECOY);
    }
}

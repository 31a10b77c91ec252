package dev.octet.user.service;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This service checks the tokens it receives against its own key, not a JWKS fetched from itself. */
@ApplicationScoped
public class TokenVerification {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo verification(SigningKeys keys, @ConfigProperty(name = "octet.jwt.issuer") String issuer) {
        return new JWTAuthContextInfo(keys.publicKey(), issuer);
    }
}

package dev.octet.user.service;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * This service checks the tokens it receives against its own keys, not a JWKS fetched from itself: the
 * token's {@code kid} picks one of the keys {@link SigningKeys} still publishes, so a token signed before
 * a rotation verifies until its key's time is over, and one whose key is gone is refused.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TokenVerification extends JWTCallerPrincipalFactory {

    private final JwtConsumer consumer;
    private final String issuer;

    TokenVerification(SigningKeys keys, @ConfigProperty(name = "octet.jwt.issuer") String issuer) {
        this.issuer = issuer;
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) SigningKeys.CLOCK_SKEW.toSeconds())
                .setExpectedIssuer(issuer)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver((jws, nesting) -> keys.verificationKey(jws.getKeyIdHeaderValue())
                        .orElseThrow(() -> new UnresolvableKeyException("No signing key " + jws.getKeyIdHeaderValue()
                                + " is published: the token was signed by a key that has been retired, or by none of ours")))
                .build();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        try {
            return new DefaultJWTCallerPrincipal(token, "JWT", consumer.processToClaims(token));
        } catch (InvalidJwtException e) {
            throw new ParseException("The token is not valid: " + e.getMessage(), e);
        }
    }

    /** The verification settings smallrye-jwt asks for; the keys themselves are chosen in {@link #parse}. */
    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo verification() {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setIssuedBy(issuer);
        return info;
    }
}

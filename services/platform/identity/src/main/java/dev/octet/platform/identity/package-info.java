/**
 * Service identity. The project's certificate authority ({@link dev.octet.platform.identity.CertificateAuthority})
 * issues each service an X.509 certificate naming it ({@link dev.octet.platform.identity.ServiceId}); a service
 * proves who it is on each internal call with a short-lived token it signs with its certificate's key
 * ({@link dev.octet.platform.identity.TokenSigner}), and the called service checks the token against the
 * authority's certificate ({@link dev.octet.platform.identity.TokenVerifier}). Plain Java: the Quarkus wiring is in
 * {@code config}, the issuing command in {@code tool}.
 */
package dev.octet.platform.identity;

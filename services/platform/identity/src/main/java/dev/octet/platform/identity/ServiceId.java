package dev.octet.platform.identity;

import java.net.URI;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a service is: its service name ({@code chunk-server}) and, where one certificate is for one running
 * instance, the instance ({@code chunk-1}). Written into a certificate as the URI
 * {@code spiffe://octet/<service>[/<instance>]} in its subject alternative names, the SPIFFE form that
 * meshes and workload identity systems read too.
 */
public record ServiceId(String service, Optional<String> instance) {

    public static final String TRUST_DOMAIN = "octet";
    private static final String PREFIX = "spiffe://" + TRUST_DOMAIN + "/";
    /** The tag of a uniformResourceIdentifier in {@link X509Certificate#getSubjectAlternativeNames()}. */
    private static final Integer URI_NAME = 6;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public ServiceId {
        if (!NAME.matcher(service).matches()) {
            throw new IllegalArgumentException("A service name is lower-case letters, digits and dashes: " + service);
        }
        if (instance.isPresent() && !NAME.matcher(instance.get()).matches()) {
            throw new IllegalArgumentException("An instance name is lower-case letters, digits and dashes: " + instance.get());
        }
    }

    public static ServiceId of(String service) {
        return new ServiceId(service, Optional.empty());
    }

    public static ServiceId of(String service, String instance) {
        return new ServiceId(service, Optional.of(instance));
    }

    /** {@code service} or {@code service/instance}, as the command line and logs write it. */
    public static ServiceId parse(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? of(text) : of(text.substring(0, slash), text.substring(slash + 1));
    }

    /** The identity a certificate's URI names, if it is one of this trust domain's. */
    public static Optional<ServiceId> fromUri(String uri) {
        if (!uri.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(uri.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The identity a certificate names in its URI subject alternative names, if it names one of this trust domain. */
    public static Optional<ServiceId> of(X509Certificate certificate) {
        try {
            var names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    Optional<ServiceId> id = URI_NAME.equals(name.get(0)) ? fromUri(String.valueOf(name.get(1))) : Optional.empty();
                    if (id.isPresent()) {
                        return id;
                    }
                }
            }
            return Optional.empty();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }

    public URI uri() {
        return URI.create(PREFIX + this);
    }

    /** Whether this caller may speak for the instance {@code name}: a certificate for the whole service may. */
    public boolean mayActAs(String name) {
        return instance.map(name::equals).orElse(true);
    }

    @Override
    public String toString() {
        return instance.map(name -> service + "/" + name).orElse(service);
    }
}

package dev.octet.chunk.client;

import dev.octet.platform.identity.TokenSigner;
import dev.octet.platform.identity.config.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Every call to the metadata service says which chunk server makes it, with this server's service token. */
@ApplicationScoped
public class MetadataCaller implements ClientHeadersFactory {

    static final String AUDIENCE = "metadata-service";

    private final ServiceIdentity identity;

    MetadataCaller(ServiceIdentity identity) {
        this.identity = identity;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        identity.tokenFor(AUDIENCE).ifPresent(token -> headers.add(TokenSigner.HEADER, token));
        return headers;
    }
}

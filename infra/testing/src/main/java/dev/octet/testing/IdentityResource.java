package dev.octet.testing;

import dev.octet.platform.identity.ServiceId;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives the Quarkus application under test a service identity from {@link TestIdentities}: with the init
 * argument {@code identity} ({@code chunk-server/chunk-1}) its own key and certificate, otherwise only the
 * authority's certificate, so that it accepts the tokens tests send with {@link TestIdentities#token}.
 */
public class IdentityResource implements QuarkusTestResourceLifecycleManager {

    private String identity;

    @Override
    public void init(Map<String, String> initArgs) {
        identity = initArgs.get("identity");
    }

    @Override
    public Map<String, String> start() {
        return Map.of("octet.identity.folder", (identity == null ? TestIdentities.trustOnly()
                : TestIdentities.folderFor(ServiceId.parse(identity))).toString());
    }

    @Override
    public void stop() {
        // The folders live as long as the JVM.
    }
}

package dev.octet.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class DevelopmentSecretsTest {

    @Test
    void aPasswordOrKeyThatIsStillTheDevelopmentValueIsNamedWithItsVariable() {
        Config config = config(Map.of(
                "quarkus.datasource.password", "octet",
                "octet.s3.secret-access-key", "octet-secret",
                "octet.router.shard-password", "octet-query-router",
                "octet.jwt.key-encryption-key", DevelopmentSecrets.DEVELOPMENT_KEY_ENCRYPTION_KEY));

        assertThat(DevelopmentSecrets.find(config)).containsExactly(
                "octet.jwt.key-encryption-key (OCTET_JWT_KEY_ENCRYPTION_KEY)",
                "octet.router.shard-password (OCTET_ROUTER_SHARD_PASSWORD)",
                "octet.s3.secret-access-key (OCTET_S3_SECRET_ACCESS_KEY)",
                "quarkus.datasource.password (QUARKUS_DATASOURCE_PASSWORD)");
    }

    @Test
    void secretsOfTheDeploymentsOwnAndValuesThatAreNotSecretsPass() {
        Config config = config(Map.of(
                "quarkus.datasource.password", "x4Jq-8vN2",
                "quarkus.datasource.username", "octet",
                "octet.router.shard-user", "octet",
                "octet.router.auth.users", "octet:Zr81-kQw,reporting:9mLp-2Vd"));

        assertThat(DevelopmentSecrets.find(config)).isEmpty();
    }

    @Test
    void aDevelopmentPasswordInAListOfUsersIsNamed() {
        assertThat(DevelopmentSecrets.find(config(Map.of("octet.router.auth.users", "reporting:9mLp-2Vd, octet:octet"))))
                .containsExactly("octet.router.auth.users (OCTET_ROUTER_AUTH_USERS)");
    }

    @Test
    void aSettingGivenInTheEnvironmentIsNamedOnce() {
        Config config = config(Map.of("quarkus.datasource.password", "octet", "QUARKUS_DATASOURCE_PASSWORD", "octet"));

        assertThat(DevelopmentSecrets.find(config)).containsExactly("quarkus.datasource.password (QUARKUS_DATASOURCE_PASSWORD)");
        assertThat(DevelopmentSecrets.find(config(Map.of("QUARKUS_DATASOURCE_PASSWORD", "octet"))))
                .containsExactly("QUARKUS_DATASOURCE_PASSWORD");
    }

    @Test
    void theRefusalSaysWhatToSetAndHowToAllowItOnADevelopmentMachine() {
        String message = DevelopmentSecrets.refusal(List.of("quarkus.datasource.password (QUARKUS_DATASOURCE_PASSWORD)"));

        assertThat(message).contains("quarkus.datasource.password (QUARKUS_DATASOURCE_PASSWORD)")
                .contains("OCTET_DEVELOPMENT_SECRETS_ALLOWED=true").contains("SECRETS.md");
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }
}

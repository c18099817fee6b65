package io.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class MavenArtifactTests {

    private final MavenArtifact keycloak = MavenArtifact.keycloakDistribution("26.5.6");

    @Test
    void givenKeycloakDistribution_whenLocating_thenLocalAndCentralUseTheMavenLayout() {
        assertThat(keycloak.in(Path.of("/repo")))
                .isEqualTo(Path.of("/repo/org/keycloak/keycloak-quarkus-dist/26.5.6/keycloak-quarkus-dist-26.5.6.zip"));
        assertThat(keycloak.in(MavenArtifact.CENTRAL)).isEqualTo(URI.create(
                "https://repo.maven.apache.org/maven2/org/keycloak/keycloak-quarkus-dist/26.5.6/keycloak-quarkus-dist-26.5.6.zip"));
        assertThat(keycloak.in(URI.create("http://mirror.example/maven"))).hasToString(
                "http://mirror.example/maven/org/keycloak/keycloak-quarkus-dist/26.5.6/keycloak-quarkus-dist-26.5.6.zip");
    }

    @Test
    void givenMavenRepoLocal_whenResolvingLocalRepository_thenItWinsOverUserHome() {
        Properties props = new Properties();
        props.setProperty("user.home", "/home/dev");
        assertThat(MavenArtifact.localRepository(props)).isEqualTo(Path.of("/home/dev/.m2/repository"));

        props.setProperty("maven.repo.local", "/cache/m2");
        assertThat(MavenArtifact.localRepository(props)).isEqualTo(Path.of("/cache/m2"));
    }
}

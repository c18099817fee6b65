package io.parley.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

/** Maven coordinates and the one path layout shared by a local repository and Maven Central. */
record MavenArtifact(String groupId, String artifactId, String version, String extension) {

    static final URI CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");

    static MavenArtifact keycloakDistribution(String version) {
        return new MavenArtifact("org.keycloak", "keycloak-quarkus-dist", version, "zip");
    }

    String relativePath() {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName();
    }

    String fileName() {
        return artifactId + "-" + version + "." + extension;
    }

    Path in(Path localRepository) {
        return localRepository.resolve(relativePath());
    }

    URI in(URI remoteRepository) {
        String base = remoteRepository.toString().endsWith("/") ? remoteRepository.toString() : remoteRepository + "/";
        return URI.create(base + relativePath());
    }

    /** Same rule as Maven itself minus settings.xml: {@code -Dmaven.repo.local}, else {@code ~/.m2/repository}. */
    static Path localRepository(Properties systemProperties) {
        String configured = systemProperties.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(systemProperties.getProperty("user.home"), ".m2", "repository");
    }
}

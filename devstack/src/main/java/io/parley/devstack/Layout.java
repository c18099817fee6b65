package io.parley.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the checkout is and where devstack keeps its state (Keycloak, Mongo file, logs). */
record Layout(Path root, Path home) {

    private static final String ROOT_ARTIFACT_ID = "parley";
    private static final Pattern PARENT_BLOCK = Pattern.compile("(?s)<parent>.*?</parent>");
    private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>\\s*([^<\\s]+)\\s*</artifactId>");

    static Layout resolve(Path workingDir, Map<String, String> env) {
        Path root = findRoot(workingDir).orElseThrow(() -> new IllegalStateException(
                "Not inside the Parley checkout: no pom.xml with artifactId '" + ROOT_ARTIFACT_ID + "' above "
                        + workingDir.toAbsolutePath() + ". Run from the repository root."));
        String configured = env.get("PARLEY_HOME");
        Path home = configured == null || configured.isBlank()
                ? root.resolve(".devstack")
                : root.resolve(configured); // relative values are taken relative to the checkout, absolute ones as they are
        return new Layout(root, home.toAbsolutePath().normalize());
    }

    static Optional<Path> findRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (ROOT_ARTIFACT_ID.equals(ownArtifactId(dir.resolve("pom.xml")))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** The module's own artifactId: every child pom names {@code parley} too, but inside {@code <parent>}. */
    static String ownArtifactId(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return null;
        }
        try {
            String xml = PARENT_BLOCK.matcher(Files.readString(pom)).replaceFirst("");
            Matcher m = ARTIFACT_ID.matcher(xml);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path logs() {
        return home.resolve("logs");
    }

    Path keycloak(String version) {
        return home.resolve("keycloak-" + version);
    }

    Path mongoFile() {
        return home.resolve("mongo").resolve("parley.mv");
    }

    Path qpidWork() {
        return home.resolve("qpid");
    }

    Path serviceJar(String service) {
        return root.resolve(service).resolve("target").resolve(service + ".jar");
    }
}

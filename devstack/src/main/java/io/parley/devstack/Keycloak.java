package io.parley.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The official Keycloak distribution from Maven Central, unpacked once under PARLEY_HOME, run in dev mode. */
final class Keycloak {

    static final String REALM_RESOURCE = "/keycloak/parley-realm.json";
    /** Dev-only master-realm admin for the admin console; documented in ADR 0002, never used by the services. */
    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "admin";

    private final String version;
    private final Path installDir;

    Keycloak(String version, Path installDir) {
        this.version = version;
        this.installDir = installDir;
    }

    Path installDir() {
        return installDir;
    }

    /** Local repository first (Maven may already have it), else Central into the same path, then unpack. */
    boolean ensureInstalled(Path localRepository, URI remoteRepository, Consumer<String> progress)
            throws IOException, InterruptedException {
        if (Files.isExecutable(installDir.resolve("bin/kc.sh"))) {
            return false;
        }
        MavenArtifact artifact = MavenArtifact.keycloakDistribution(version);
        Path zip = artifact.in(localRepository);
        if (!Files.isRegularFile(zip)) {
            URI uri = artifact.in(remoteRepository);
            progress.accept("downloading " + uri);
            new Downloader(progress).download(uri, zip);
        }
        progress.accept("unpacking " + zip.getFileName());
        unpack(zip, installDir);
        return true;
    }

    /**
     * Unpacks into a sibling temp directory and renames it at the end: an interrupted unpack leaves only a
     * temp directory behind (removed next time), never a half-filled install that looks complete.
     */
    static void unpack(Path zip, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".unpacking");
        deleteRecursively(temp);
        Files.createDirectories(temp);
        try (ZipFile zipFile = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = zipFile.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = temp.resolve(entry.getName()).normalize();
                if (!out.startsWith(temp)) {
                    throw new IOException("zip entry outside target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zipFile.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        // the zip has one top-level folder (keycloak-<version>/); that folder becomes the install dir
        Path content;
        try (Stream<Path> top = Files.list(temp)) {
            List<Path> children = top.toList();
            content = children.size() == 1 && Files.isDirectory(children.get(0)) ? children.get(0) : temp;
        }
        // java.util.zip drops Unix permissions, so the launch scripts need their execute bit back
        try (Stream<Path> scripts = Files.list(content.resolve("bin"))) {
            scripts.filter(p -> p.toString().endsWith(".sh")).forEach(p -> p.toFile().setExecutable(true, false));
        }
        Files.move(content, target, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(temp);
    }

    /**
     * Puts the bundled realm where {@code --import-realm} looks. That import skips a realm that already exists
     * (and must: people invited during earlier runs live in it), so a changed JSON only takes effect on a fresh
     * database; returns true when the JSON differs from the one seen at the last start, so we can say so.
     */
    boolean stageRealm() throws IOException {
        return stageRealm(json -> json);
    }

    /** As {@link #stageRealm()}, with the realm's JSON changed by {@code adapt} first (devstack --ha: its URLs). */
    boolean stageRealm(java.util.function.UnaryOperator<String> adapt) throws IOException {
        byte[] realm;
        try (InputStream in = Keycloak.class.getResourceAsStream(REALM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is missing from the devstack jar");
            }
            realm = adapt.apply(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Path importDir = installDir.resolve("data/import");
        Files.createDirectories(importDir);
        Path staged = importDir.resolve("parley-realm.json");
        boolean changed = Files.exists(installDir.resolve("data/h2")) && Files.exists(staged)
                && !java.util.Arrays.equals(Files.readAllBytes(staged), realm);
        Files.write(staged, realm);
        return changed;
    }

    Path database() {
        return installDir.resolve("data/h2");
    }

    ChildProcess start(int port, Path log) throws IOException {
        return start(port, List.of(), log);
    }

    /** {@code extraOptions}: more kc.sh options, e.g. devstack --ha's own management port. */
    ChildProcess start(int port, List<String> extraOptions, Path log) throws IOException {
        String base = "http://127.0.0.1:" + port;
        List<String> command = new java.util.ArrayList<>(List.of(installDir.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                // fixed hostname: the issuer must be exactly http://127.0.0.1:<port>/realms/parley, also when a
                // browser arrives through "localhost"
                "--hostname=" + base,
                "--import-realm"));
        command.addAll(extraOptions);
        Map<String, String> env = Map.of(
                "JAVA_HOME", System.getProperty("java.home"),
                // Keycloak sizes its heap from total RAM by default; on a laptop next to four services that is too greedy
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m",
                // used by Keycloak only when it creates the master realm, i.e. on the first start
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return ChildProcess.start("keycloak", command, installDir, env, log);
    }

    static URI discovery(int port) {
        return URI.create("http://127.0.0.1:" + port + "/realms/parley/.well-known/openid-configuration");
    }

    static String versionFromJar() {
        Properties properties = new Properties();
        try (InputStream in = Keycloak.class.getResourceAsStream("/devstack-versions.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("devstack-versions.properties missing from the jar", e);
        }
        return properties.getProperty("keycloak.version");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package io.parley.devstack;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One command that runs Parley on a machine with only a JDK: Keycloak, an embedded MongoDB-wire server,
 * RabbitMQ (the local one or an embedded AMQP broker), an embedded SMTP server and the five services.
 * Ports and addresses are the ones of ADR 0001; everything binds to 127.0.0.1.
 */
public final class Devstack {

    static final String HOST = "127.0.0.1";
    static final int KEYCLOAK_PORT = 8180;
    static final int MONGO_PORT = 27017;
    static final int AMQP_PORT = 5672;
    static final int SMTP_PORT = 2525;

    /** Seals webhook secrets in devstack's database only; a real deployment sets its own (ADR 0043). */
    static final String DEVSTACK_WEBHOOKS_KEY = "ZGV2c3RhY2stb25seS13ZWJob29rcy1rZXktMzJieXQ=";
    static final int IMAP_PORT = 3143;
    static final String DEMO_PASSWORD = "Parley-Demo-2026!";
    static final String DEMO_TOTP_SECRET = "parley-demo-totp-secret-20";

    record Service(String name, int port, String readinessPath) {
        Service(String name, int port) {
            this(name, port, "/actuator/health/readiness");
        }

        URI readiness() {
            return URI.create("http://" + HOST + ":" + port + readinessPath);
        }
    }

    /**
     * Gateway last in the list only for the printout; the backends start together, the gateway once Keycloak is up.
     * The gateway's actuator is on its management port (9080, ADR 0023); its public port answers readiness as /readyz.
     */
    /**
     * Keycloak's first start rebuilds its Quarkus application (about a minute on a quiet 2-core machine, 206 s seen
     * with other builds running); later starts take seconds.
     */
    static final Duration KEYCLOAK_START = Duration.ofMinutes(7);

    static final List<Service> SERVICES = List.of(new Service("identity", 8081), new Service("workspace", 8082),
            new Service("notifications", 8083), new Service("rollouts", 8084),
            new Service("gateway", 8080, "/readyz"));

    private final Layout layout;
    private final boolean withServices;
    private final Progress progress = new Progress(System.out);
    private final Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();
    private final List<ChildProcess> children = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopping;

    Devstack(Layout layout, boolean withServices) {
        this.layout = layout;
        this.withServices = withServices;
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        if (options.contains("--help") || options.contains("-h")) {
            System.out.println("""
                    usage: java -jar devstack/target/devstack.jar [--no-services | --ha]
                      --no-services   only Keycloak, MongoDB-wire server, AMQP broker and SMTP (tests start the services)
                      --ha            two instances of every service behind HAProxy, Redis sessions, quorum queues on
                                      a RabbitMQ node of its own; ports apart from the normal run's (portal on
                                      http://127.0.0.1:18080, docs/high-availability.md). Needs haproxy,
                                      redis-server and rabbitmq-server installed (Debian packages).
                    environment: PARLEY_HOME (default <checkout>/.devstack, with --ha <checkout>/.devstack-ha)""");
            return;
        }
        if (options.contains("--ha")) {
            HaDevstack.main(options);
            return;
        }
        Layout layout = Layout.resolve(Path.of(""), System.getenv());
        Files.createDirectories(layout.logs());
        // read by logback.xml; must be set before the first logger exists (the embedded servers create them)
        System.setProperty("parley.devstack.logs", layout.logs().toString());
        Devstack devstack = new Devstack(layout, !options.contains("--no-services"));
        Runtime.getRuntime().addShutdownHook(new Thread(devstack::stop, "devstack-shutdown"));
        try {
            devstack.start();
        } catch (Readiness.StartFailure | IllegalStateException e) {
            System.err.println();
            System.err.println("devstack: " + e.getMessage());
            System.exit(1); // the shutdown hook stops whatever did start
        }
        devstack.progress.plain("Ctrl-C to stop.");
        new CountDownLatch(1).await(); // everything runs in other threads and processes until Ctrl-C
    }

    void start() throws Exception {
        progress.plain("Parley devstack - checkout " + layout.root() + ", data in " + layout.home());
        warnIfHeapIsSmall();
        if (withServices) {
            requireServiceJars(layout);
        }
        requirePortsFree();

        String version = Keycloak.versionFromJar();
        Keycloak keycloak = new Keycloak(version, layout.keycloak(version));
        Path localRepository = MavenArtifact.localRepository(System.getProperties());
        if (keycloak.ensureInstalled(localRepository, MavenArtifact.CENTRAL, s -> progress.step("keycloak " + version, s))) {
            progress.step("keycloak " + version, "installed in " + keycloak.installDir());
        }
        if (keycloak.stageRealm()) {
            progress.plain("note: keycloak/parley-realm.json changed since Keycloak's database was created; Keycloak "
                    + "keeps the existing realm. To re-import it (losing users created since), stop devstack and "
                    + "delete " + keycloak.database());
        }
        // Keycloak is the slowest piece, so it starts first and boots while the embedded servers come up
        ChildProcess keycloakProcess = track(keycloak.start(KEYCLOAK_PORT, layout.logs().resolve("keycloak.log")));
        progress.step("keycloak", "starting (log: " + keycloakProcess.log() + ")");

        running.push(EmbeddedMongo.start(HOST, MONGO_PORT, layout.mongoFile()));
        progress.step("mongodb", "up on " + HOST + ":" + MONGO_PORT + " (" + layout.mongoFile() + ")");

        if (Readiness.tcpAnswers(HOST, AMQP_PORT)) {
            progress.step("rabbitmq", "using the broker already on " + HOST + ":" + AMQP_PORT);
        } else {
            running.push(EmbeddedAmqp.start(HOST, AMQP_PORT, layout.qpidWork()));
            progress.step("amqp", "up on " + HOST + ":" + AMQP_PORT + " (embedded Qpid, guest/guest)");
        }

        running.push(EmbeddedSmtp.start(HOST, SMTP_PORT, IMAP_PORT, mail -> progress.line("mail: " + mail)));
        progress.step("smtp", "up on " + HOST + ":" + SMTP_PORT + ", read it over IMAP " + HOST + ":" + IMAP_PORT);

        // the backends (identity, workspace, notifications, rollouts) need Keycloak only for their first request
        // (the JWKS), so they boot while Keycloak does; the gateway reads Keycloak's discovery document at start, so
        // it waits for Keycloak
        List<Service> backends = SERVICES.stream().filter(service -> !service.name().equals("gateway")).toList();
        List<Service> gateway = SERVICES.stream().filter(service -> service.name().equals("gateway")).toList();
        List<ChildProcess> backendProcesses = withServices ? launch(backends) : List.of();

        awaitReady(keycloakProcess, Keycloak.discovery(KEYCLOAK_PORT), KEYCLOAK_START);
        progress.step("keycloak", "up on http://" + HOST + ":" + KEYCLOAK_PORT + " (realm parley)");

        if (withServices) {
            awaitServices(gateway, launch(gateway));
            awaitServices(backends, backendProcesses);
        }
        printSummary();
    }

    private List<ChildProcess> launch(List<Service> services) throws Exception {
        List<ChildProcess> started = new ArrayList<>();
        for (Service service : services) {
            // C1 only: a dev run cares about start-up time far more than peak throughput (as Boot devtools does)
            ChildProcess child = track(ChildProcess.start(service.name(), List.of(javaExecutable(), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-jar", layout.serviceJar(service.name()).toString()), layout.root(),
                    serviceEnvironment(service), layout.logs().resolve(service.name() + ".log")));
            started.add(child);
        }
        progress.step("services", "starting " + String.join(", ", services.stream().map(Service::name).toList()));
        return started;
    }

    private void awaitServices(List<Service> services, List<ChildProcess> started) throws Exception {
        ExecutorService waiters = Executors.newFixedThreadPool(services.size());
        try {
            List<Future<?>> ready = new ArrayList<>();
            for (int i = 0; i < services.size(); i++) {
                Service service = services.get(i);
                ChildProcess child = started.get(i);
                ready.add(waiters.submit(() -> {
                    awaitReady(child, service.readiness(), Duration.ofMinutes(3));
                    progress.step(service.name(), "up on http://" + HOST + ":" + service.port());
                    return null;
                }));
            }
            awaitAll(ready);
        } finally {
            waiters.shutdownNow();
        }
    }

    /** Waits for every future; the first failure is thrown as it was thrown in its thread. */
    static void awaitAll(List<Future<?>> futures) throws Exception {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    static Map<String, String> serviceEnvironment(Service service) {
        String base = "http://" + HOST + ":";
        return Map.ofEntries(
                Map.entry("SERVER_ADDRESS", HOST),
                Map.entry("SERVER_PORT", String.valueOf(service.port())),
                Map.entry("KEYCLOAK_ISSUER_URI", base + KEYCLOAK_PORT + "/realms/parley"),
                Map.entry("MONGODB_URI", "mongodb://" + HOST + ":" + MONGO_PORT),
                Map.entry("RABBITMQ_HOST", HOST),
                Map.entry("RABBITMQ_PORT", String.valueOf(AMQP_PORT)),
                Map.entry("SMTP_HOST", HOST),
                Map.entry("SMTP_PORT", String.valueOf(SMTP_PORT)),
                Map.entry("IDENTITY_URI", base + 8081),
                Map.entry("WORKSPACE_URI", base + 8082),
                Map.entry("NOTIFICATIONS_URI", base + 8083),
                Map.entry("ROLLOUTS_URI", base + 8084),
                // webhooks (ADR 0043): a receiver on this machine (WireMock, a local tool) is allowed, and a fixed
                // local-only key seals the endpoints' secrets so that they still sign after devstack restarts
                Map.entry("PARLEY_NOTIFICATIONS_WEBHOOKS_ALLOWEDADDRESSES", HOST),
                Map.entry("NOTIFICATIONS_WEBHOOKS_SECRET_KEY", DEVSTACK_WEBHOOKS_KEY));
    }

    static void awaitReady(ChildProcess child, URI uri, Duration timeout) throws InterruptedException {
        try {
            Readiness.awaitHttpOk(child.name(), uri, timeout, child::isAlive);
        } catch (Readiness.StartFailure e) {
            String tail = child.tail(40);
            throw new Readiness.StartFailure(e.getMessage() + "\n----- last lines of " + child.log() + " -----\n"
                    + tail + "\n-----");
        }
    }

    private ChildProcess track(ChildProcess child) {
        children.add(child);
        // a child that dies after start is reported, not silently missing until someone clicks
        child.process().onExit().thenAccept(p -> {
            if (!stopping) {
                progress.line(child.name() + " exited with code " + p.exitValue() + ", see " + child.log());
            }
        });
        return child;
    }

    static void requireServiceJars(Layout layout) {
        List<String> missing = SERVICES.stream().map(s -> layout.serviceJar(s.name()))
                .filter(jar -> !Files.isRegularFile(jar)).map(Path::toString).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing " + String.join(", ", missing)
                    + "\nrun ./mvnw -DskipTests package first (or start with --no-services)");
        }
    }

    private void requirePortsFree() {
        List<Integer> ports = new ArrayList<>(List.of(KEYCLOAK_PORT, MONGO_PORT, SMTP_PORT, IMAP_PORT));
        if (withServices) {
            SERVICES.forEach(s -> ports.add(s.port()));
        }
        List<Integer> busy = ports.stream().filter(p -> Readiness.tcpAnswers(HOST, p)).toList();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports already in use on " + HOST + ": " + busy
                    + " - is another devstack (or a left-over Keycloak) still running?");
        }
    }

    private void warnIfHeapIsSmall() {
        long maxMb = Runtime.getRuntime().maxMemory() / 1_048_576;
        if (maxMb < 768) {
            progress.plain("warning: devstack has " + maxMb + " MB heap; the embedded MongoDB store needs room for "
                    + "large uploads - start it with java -Xmx1g -jar ...");
        }
    }

    private void printSummary() {
        String totp = Base32.encode(DEMO_TOTP_SECRET.getBytes(StandardCharsets.UTF_8));
        String url = withServices ? "http://" + HOST + ":8080" : "(services not started: --no-services)";
        String rollouts = withServices ? url + "/#/rollouts (service on " + HOST + ":8084; partner.engineer "
                + "declares, host.admin signs off and, as portal admin, creates acme-security's API clients on its "
                + "organisation page)" : "(services not started: --no-services)";
        progress.plain("""

                Parley:          %s
                Rollouts:        %s
                Keycloak:        http://%s:%d/admin (master realm admin: %s / %s)
                MongoDB:         mongodb://%s:%d
                Mail (SMTP):     %s:%d, read over IMAP %s:%d with any login
                Logs:            %s

                Demo logins (password %s):
                  host.admin        Hana Host, host / HOST, portal-admin + org-admin
                  partner.engineer  Pat Partner, acme-security / VENDOR
                  gov.liaison       Gabriel Liaison, gov-cert / GOVERNMENT, needs a TOTP code:
                                    authenticator app secret (base32) %s
                                    otpauth://totp/Parley:gov.liaison?secret=%s&issuer=Parley&algorithm=SHA1&digits=6&period=30
                """.formatted(url, rollouts, HOST, KEYCLOAK_PORT, Keycloak.ADMIN_USER, Keycloak.ADMIN_PASSWORD, HOST,
                MONGO_PORT, HOST, SMTP_PORT, HOST, IMAP_PORT, layout.logs(), DEMO_PASSWORD, totp, totp));
        progress.line(withServices ? "Parley is up" : "Parley is up (infrastructure only, --no-services)");
    }

    /** Services first, then Keycloak, then the embedded servers: nothing should lose its broker or database mid-request. */
    void stop() {
        stopping = true;
        stopAll(progress, children, running, Duration.ofSeconds(15));
    }

    /** Children in the reverse order of their start (all at once), then the in-process servers, last started first. */
    static void stopAll(Progress progress, List<ChildProcess> children, Deque<AutoCloseable> running, Duration grace) {
        List<ChildProcess> toStop = new ArrayList<>(children);
        Collections.reverse(toStop);
        if (toStop.isEmpty() && running.isEmpty()) {
            return;
        }
        progress.line("stopping ...");
        toStop.parallelStream().forEach(child -> child.stop(grace));
        for (AutoCloseable server; (server = running.poll()) != null; ) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("devstack: stopping " + server.getClass().getSimpleName() + " failed: " + e);
            }
        }
        progress.line("stopped");
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

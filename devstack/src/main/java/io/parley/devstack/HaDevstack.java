package io.parley.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code devstack --ha}: the portal as several machines would run it, on one (ADR 0038, docs/high-availability.md).
 * Two instances of every service, HAProxy in front of each pair, the gateways' sessions in a Redis of its own, quorum
 * queues on a RabbitMQ node of its own. An instance that dies is started again after a second, as an orchestrator
 * would; its pid is in {@code <home>/run/<name>.pid} so that anyone can {@code kill -9} it and watch. Keycloak and the
 * MongoDB-wire server run once: the run does not cover their loss.
 */
final class HaDevstack {

    private static final Duration RESTART_DELAY = Duration.ofSeconds(1);

    private final Layout layout;
    private final Progress progress = new Progress(System.out);
    private final Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();
    private final List<ChildProcess> children = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ChildProcess> instances = Collections.synchronizedMap(new HashMap<>());
    private final String cookieKey = newCookieKey();
    private volatile boolean stopping;

    HaDevstack(Layout layout) {
        this.layout = layout;
    }

    static void main(List<String> options) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        String home = env.get("PARLEY_HA_HOME");
        env.put("PARLEY_HOME", home == null || home.isBlank() ? ".devstack-ha" : home);
        Layout layout = Layout.resolve(Path.of(""), env);
        Files.createDirectories(layout.logs());
        System.setProperty("parley.devstack.logs", layout.logs().toString());
        HaDevstack devstack = new HaDevstack(layout);
        Runtime.getRuntime().addShutdownHook(new Thread(devstack::stop, "devstack-ha-shutdown"));
        try {
            devstack.start();
        } catch (Readiness.StartFailure | IllegalStateException e) {
            System.err.println();
            System.err.println("devstack --ha: " + e.getMessage());
            System.exit(1);
        }
        devstack.progress.plain("Ctrl-C to stop.");
        new CountDownLatch(1).await();
    }

    void start() throws Exception {
        progress.plain("Parley devstack --ha - checkout " + layout.root() + ", data in " + layout.home());
        requireTools();
        Devstack.requireServiceJars(layout);
        requirePortsFree();
        Files.createDirectories(run());

        String version = Keycloak.versionFromJar();
        Keycloak keycloak = new Keycloak(version, layout.keycloak(version));
        Path localRepository = MavenArtifact.localRepository(System.getProperties());
        if (keycloak.ensureInstalled(localRepository, MavenArtifact.CENTRAL, s -> progress.step("keycloak " + version, s))) {
            progress.step("keycloak " + version, "installed in " + keycloak.installDir());
        }
        keycloak.stageRealm(HaLayout::realmForHa);
        ChildProcess keycloakProcess = track(keycloak.start(HaLayout.KEYCLOAK_PORT,
                List.of("--http-management-port=" + HaLayout.KEYCLOAK_MANAGEMENT_PORT),
                layout.logs().resolve("keycloak.log")));
        progress.step("keycloak", "starting on " + HaLayout.KEYCLOAK_PORT + " (log: " + keycloakProcess.log() + ")");

        running.push(EmbeddedMongo.start(Devstack.HOST, HaLayout.MONGO_PORT, layout.mongoFile()));
        progress.step("mongodb", "up on " + Devstack.HOST + ":" + HaLayout.MONGO_PORT
                + " - ONE process: the HA run does not cover its loss");
        running.push(EmbeddedSmtp.start(Devstack.HOST, HaLayout.SMTP_PORT, HaLayout.IMAP_PORT,
                mail -> progress.line("mail: " + mail)));
        progress.step("smtp", "up on " + Devstack.HOST + ":" + HaLayout.SMTP_PORT + ", IMAP " + HaLayout.IMAP_PORT);

        startRedis();
        startRabbitMq();
        startHaproxy();

        // backends first (they need Keycloak only for their first request); instance 1 of each, then instance 2,
        // so that two cores are not asked to start eight JVMs at once
        List<HaLayout.Instance> all = HaLayout.instances();
        List<HaLayout.Instance> backends = all.stream().filter(i -> !i.gateway()).toList();
        List<HaLayout.Instance> gateways = all.stream().filter(HaLayout.Instance::gateway).toList();
        for (int n = 1; n <= HaLayout.INSTANCES; n++) {
            int number = n;
            awaitInstances(backends.stream().filter(i -> i.number() == number).toList());
        }
        Devstack.awaitReady(keycloakProcess, discovery(), Devstack.KEYCLOAK_START);
        progress.step("keycloak", "up on http://" + Devstack.HOST + ":" + HaLayout.KEYCLOAK_PORT + " (realm parley)");
        awaitInstances(gateways);
        printSummary();
    }

    private void requireTools() {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of(haproxy(), redisServer(), rabbitmqServer())) {
            if (!Files.isExecutable(Path.of(tool))) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing " + String.join(", ", missing)
                    + "\ninstall them with: apt-get install -y haproxy redis-server rabbitmq-server");
        }
    }

    private void requirePortsFree() {
        List<String> busy = HaLayout.ports().entrySet().stream()
                .filter(port -> Readiness.tcpAnswers(Devstack.HOST, port.getValue()))
                .map(port -> port.getKey() + " " + port.getValue()).toList();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports already in use on " + Devstack.HOST + ": " + busy
                    + " - is another devstack --ha still running?");
        }
    }

    /** Append-only file, fsync every second: a restarted Redis still has the sessions (at most a second lost). */
    private void startRedis() throws Exception {
        Path dir = Files.createDirectories(layout.home().resolve("redis"));
        List<String> command = List.of(redisServer(), "--bind", Devstack.HOST, "--port",
                String.valueOf(HaLayout.REDIS_PORT), "--dir", dir.toString(), "--appendonly", "yes",
                "--appendfsync", "everysec", "--save", "", "--daemonize", "no", "--protected-mode", "yes");
        supervise("redis", () -> ChildProcess.start("redis", command, dir, Map.of(),
                layout.logs().resolve("redis.log")));
        awaitPort("redis", HaLayout.REDIS_PORT, Duration.ofSeconds(30));
    }

    /**
     * A RabbitMQ node of its own ({@value HaLayout#RABBIT_NODE}), not the machine's: its queues are quorum queues,
     * which the names the normal run declares as classic queues on the machine's broker would refuse, and it can be
     * restarted ({@code rabbitmqctl -n parley-ha@localhost stop_app}) without touching anybody else's.
     */
    private void startRabbitMq() throws Exception {
        Path base = Files.createDirectories(layout.home().resolve("rabbitmq"));
        Files.writeString(base.resolve("enabled_plugins"), "[].\n");
        Map<String, String> env = rabbitEnvironment(base);
        supervise("rabbitmq", () -> ChildProcess.start("rabbitmq", List.of(rabbitmqServer()), base, env,
                layout.logs().resolve("rabbitmq.log")));
        awaitPort("rabbitmq", HaLayout.AMQP_PORT, Duration.ofMinutes(2));
    }

    /** The environment the node runs with; {@code rabbitmqctl} needs the same HOME (its Erlang cookie). */
    static Map<String, String> rabbitEnvironment(Path base) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", base.toString());
        env.put("RABBITMQ_NODENAME", HaLayout.RABBIT_NODE);
        env.put("RABBITMQ_NODE_IP_ADDRESS", Devstack.HOST);
        env.put("RABBITMQ_NODE_PORT", String.valueOf(HaLayout.AMQP_PORT));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(HaLayout.AMQP_DIST_PORT));
        env.put("RABBITMQ_MNESIA_BASE", base.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", base.resolve("log").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", base.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_CONFIG_FILE", base.resolve("rabbitmq").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", base.resolve("advanced.config").toString());
        env.put("RABBITMQ_PID_FILE", base.resolve("rabbitmq.pid").toString());
        return env;
    }

    private void startHaproxy() throws Exception {
        Path dir = Files.createDirectories(layout.home().resolve("haproxy"));
        Path errors = Files.createDirectories(dir.resolve("errors"));
        for (int status : List.of(502, 503, 504)) {
            Files.writeString(errors.resolve(status + ".http"), HaLayout.errorFile(status));
        }
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, HaLayout.haproxyConfig(errors.toString()));
        ChildProcess check = ChildProcess.start("haproxy-check", List.of(haproxy(), "-c", "-f", config.toString()), dir,
                Map.of(), layout.logs().resolve("haproxy.log"));
        if (!check.process().waitFor(30, TimeUnit.SECONDS) || check.process().exitValue() != 0) {
            throw new IllegalStateException("haproxy refused " + config + ":\n" + check.tail(20));
        }
        // -db: stay in the foreground, so that devstack owns the process and stops it
        supervise("haproxy", () -> ChildProcess.start("haproxy", List.of(haproxy(), "-db", "-f", config.toString()), dir,
                Map.of(), layout.logs().resolve("haproxy.log")));
        awaitPort("haproxy", HaLayout.PUBLIC_PORT, Duration.ofSeconds(30));
        progress.step("haproxy", "up on http://" + Devstack.HOST + ":" + HaLayout.PUBLIC_PORT + " (stats on "
                + HaLayout.HAPROXY_STATS_PORT + ", config " + config + ")");
    }

    private void awaitInstances(List<HaLayout.Instance> group) throws Exception {
        for (HaLayout.Instance instance : group) {
            supervise(instance.name(), () -> launch(instance));
        }
        progress.step("services", "starting " + String.join(", ", group.stream().map(HaLayout.Instance::name).toList()));
        ExecutorService waiters = Executors.newFixedThreadPool(group.size());
        try {
            List<Future<?>> ready = new ArrayList<>();
            for (HaLayout.Instance instance : group) {
                ready.add(waiters.submit(() -> {
                    Devstack.awaitReady(instances.get(instance.name()), instance.readiness(), Duration.ofMinutes(5));
                    progress.step(instance.name(), "up on http://" + Devstack.HOST + ":" + instance.port());
                    return null;
                }));
            }
            Devstack.awaitAll(ready);
        } finally {
            waiters.shutdownNow();
        }
    }

    /** Small heaps and C1 only: ten service JVMs, Keycloak and the rest share the machine. */
    private ChildProcess launch(HaLayout.Instance instance) throws IOException {
        String heap = instance.service().name().equals("workspace") ? "-Xmx384m" : "-Xmx256m";
        List<String> command = List.of(Devstack.javaExecutable(), heap, "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError",
                // a marker on the command line: which process is which, for people and for the chaos benchmark
                "-Dparley.devstack.instance=" + instance.name(),
                "-jar", layout.serviceJar(instance.service().name()).toString());
        return ChildProcess.start(instance.name(), command, layout.root(), HaLayout.environment(instance, cookieKey),
                layout.logs().resolve(instance.name() + ".log"));
    }

    interface Starter {
        ChildProcess start() throws IOException;
    }

    /**
     * Starts a child, writes its pid file, and starts it again a second after it dies unless devstack is stopping:
     * what a process supervisor or Kubernetes does, so that a {@code kill -9} shows recovery, not a hole.
     */
    private void supervise(String name, Starter starter) throws IOException {
        ChildProcess child = track(starter.start());
        instances.put(name, child);
        Files.writeString(run().resolve(name + ".pid"), String.valueOf(child.process().pid()));
        child.process().onExit().thenAccept(p -> {
            if (stopping) {
                return;
            }
            progress.line(name + " exited with code " + p.exitValue() + ", starting it again (log: " + child.log() + ")");
            CompletableFuture.runAsync(() -> {
                if (stopping) {
                    return;
                }
                try {
                    supervise(name, starter);
                } catch (IOException | RuntimeException e) {
                    progress.line(name + " could not be started again: " + e.getMessage());
                }
            }, CompletableFuture.delayedExecutor(RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS));
        });
    }

    private ChildProcess track(ChildProcess child) {
        children.add(child);
        return child;
    }

    private void awaitPort(String what, int port, Duration timeout) throws InterruptedException {
        ChildProcess child = instances.get(what);
        try {
            Readiness.await(what, "listen on " + port, () -> Readiness.tcpAnswers(Devstack.HOST, port), timeout,
                    () -> child == null || child.isAlive());
        } catch (Readiness.StartFailure e) {
            throw new Readiness.StartFailure(e.getMessage() + (child == null ? ""
                    : "\n----- last lines of " + child.log() + " -----\n" + child.tail(30)));
        }
        progress.step(what, "up on " + Devstack.HOST + ":" + port);
    }

    private void printSummary() {
        progress.plain("""

                Parley (HA):     %s  (HAProxy -> gateway-1 :%d, gateway-2 :%d; stats http://%s:%d/)
                Keycloak:        http://%s:%d/admin (%s / %s)
                MongoDB:         mongodb://%s:%d  - one process, NOT covered by this run
                Redis:           %s:%d (gateway sessions)
                RabbitMQ:        %s:%d, node %s (quorum queues); restart it with
                                 HOME=%s rabbitmqctl -n %s stop_app / start_app
                Pids:            %s/<instance>.pid (kill -9 one: it is started again after a second)
                Logs:            %s
                Demo logins as in the normal devstack (password %s).
                """.formatted(HaLayout.PUBLIC_URL, new HaLayout.Instance(Devstack.SERVICES.get(4), 1).port(),
                new HaLayout.Instance(Devstack.SERVICES.get(4), 2).port(), Devstack.HOST, HaLayout.HAPROXY_STATS_PORT,
                Devstack.HOST, HaLayout.KEYCLOAK_PORT, Keycloak.ADMIN_USER, Keycloak.ADMIN_PASSWORD, Devstack.HOST,
                HaLayout.MONGO_PORT, Devstack.HOST, HaLayout.REDIS_PORT, Devstack.HOST, HaLayout.AMQP_PORT,
                HaLayout.RABBIT_NODE, layout.home().resolve("rabbitmq"), HaLayout.RABBIT_NODE, run(), layout.logs(),
                Devstack.DEMO_PASSWORD));
        progress.line("Parley (HA) is up");
    }

    /** Gateways first (no new requests), then the services, then infrastructure; the embedded servers last. */
    void stop() {
        stopping = true;
        Devstack.stopAll(progress, children, running, Duration.ofSeconds(20));
    }

    private Path run() {
        return layout.home().resolve("run");
    }

    private static URI discovery() {
        return Keycloak.discovery(HaLayout.KEYCLOAK_PORT);
    }

    private static String newCookieKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static String haproxy() {
        return System.getProperty("parley.devstack.haproxy", "/usr/sbin/haproxy");
    }

    static String redisServer() {
        return System.getProperty("parley.devstack.redis-server", "/usr/bin/redis-server");
    }

    /** The real script, not Debian's /usr/sbin wrapper (which switches to the rabbitmq user and its cookie). */
    static String rabbitmqServer() {
        return System.getProperty("parley.devstack.rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server");
    }
}

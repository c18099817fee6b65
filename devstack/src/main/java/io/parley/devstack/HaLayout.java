package io.parley.devstack;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ports, addresses and the HAProxy configuration of {@code devstack --ha} (ADR 0038, docs/high-availability.md): two
 * instances of every service on loopback, HAProxy in front of each pair, a Redis and a RabbitMQ node of its own.
 * Nothing here is a port of the normal devstack, so both can run on one machine at the same time:
 * <ul>
 * <li>what exists once (Keycloak, MongoDB-wire, Redis, SMTP/IMAP, HAProxy's frontend per service) is the normal
 * devstack's port + 10,000: the portal on 18080, identity's pair behind 18081, ..., Keycloak 18180;</li>
 * <li>RabbitMQ is the exception: 15672 is the broker's management port by convention, so its AMQP port is 5673
 * (and its Erlang distribution port 25673);</li>
 * <li>instance {@code n} of a service listens on 20000 + 100·n + (its normal port − 8000): gateway-1 on 20180,
 * workspace-2 on 20282; the gateways' Actuator ports are 29180 and 29280.</li>
 * </ul>
 */
final class HaLayout {

    static final int OFFSET = 10_000;
    static final int INSTANCES = 2;
    static final int PUBLIC_PORT = 8080 + OFFSET;
    static final int HAPROXY_STATS_PORT = 18404;
    static final int KEYCLOAK_PORT = Devstack.KEYCLOAK_PORT + OFFSET;
    static final int KEYCLOAK_MANAGEMENT_PORT = 9000 + OFFSET;
    static final int MONGO_PORT = Devstack.MONGO_PORT + OFFSET;
    static final int REDIS_PORT = 6379 + OFFSET;
    static final int SMTP_PORT = Devstack.SMTP_PORT + OFFSET;
    static final int IMAP_PORT = Devstack.IMAP_PORT + OFFSET;
    static final int AMQP_PORT = 5673;
    static final int AMQP_DIST_PORT = 25673;
    static final String RABBIT_NODE = "parley-ha@localhost";
    static final String PUBLIC_URL = "http://" + Devstack.HOST + ":" + PUBLIC_PORT;

    private HaLayout() {
    }

    /** One of the two JVMs of a service. */
    record Instance(Devstack.Service service, int number) {

        String name() {
            return service.name() + "-" + number;
        }

        boolean gateway() {
            return service.name().equals("gateway");
        }

        int port() {
            return 20_000 + 100 * number + (service.port() - 8000);
        }

        /** The gateway's Actuator port (its public port answers only /livez and /readyz); -1 for the others. */
        int managementPort() {
            return gateway() ? 29_000 + 100 * number + 80 : -1;
        }

        String readinessPath() {
            return service.readinessPath();
        }

        URI readiness() {
            return URI.create("http://" + Devstack.HOST + ":" + port() + readinessPath());
        }
    }

    /** Where HAProxy listens for a service's pair: the normal devstack's port + 10,000 (the portal itself: 18080). */
    static int frontendPort(Devstack.Service service) {
        return service.port() + OFFSET;
    }

    static List<Instance> instances() {
        List<Instance> all = new ArrayList<>();
        for (int n = 1; n <= INSTANCES; n++) {
            for (Devstack.Service service : Devstack.SERVICES) {
                all.add(new Instance(service, n));
            }
        }
        return all;
    }

    /** Every port the HA run binds, named, in the order docs/high-availability.md lists them. */
    static Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Devstack.Service service : Devstack.SERVICES) {
            ports.put("haproxy " + service.name(), frontendPort(service));
        }
        ports.put("haproxy stats", HAPROXY_STATS_PORT);
        ports.put("keycloak", KEYCLOAK_PORT);
        ports.put("keycloak management", KEYCLOAK_MANAGEMENT_PORT);
        ports.put("mongodb", MONGO_PORT);
        ports.put("redis", REDIS_PORT);
        ports.put("rabbitmq", AMQP_PORT);
        ports.put("rabbitmq distribution", AMQP_DIST_PORT);
        ports.put("smtp", SMTP_PORT);
        ports.put("imap", IMAP_PORT);
        for (Instance instance : instances()) {
            ports.put(instance.name(), instance.port());
            if (instance.gateway()) {
                ports.put(instance.name() + " management", instance.managementPort());
            }
        }
        return ports;
    }

    /**
     * The environment of one instance: the HA run's infrastructure, the other services through their HAProxy
     * frontend (never one instance directly), quorum queues, and for the gateways Redis sessions and one sign-in
     * cookie key shared by both (the callback from Keycloak may reach the other gateway).
     */
    static Map<String, String> environment(Instance instance, String cookieKey) {
        String base = "http://" + Devstack.HOST + ":";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_ADDRESS", Devstack.HOST);
        env.put("SERVER_PORT", String.valueOf(instance.port()));
        env.put("KEYCLOAK_ISSUER_URI", base + KEYCLOAK_PORT + "/realms/parley");
        env.put("MONGODB_URI", "mongodb://" + Devstack.HOST + ":" + MONGO_PORT);
        env.put("RABBITMQ_HOST", Devstack.HOST);
        env.put("RABBITMQ_PORT", String.valueOf(AMQP_PORT));
        env.put("PARLEY_EVENTS_CONSUMER_QUORUM", "true");
        env.put("SMTP_HOST", Devstack.HOST);
        env.put("SMTP_PORT", String.valueOf(SMTP_PORT));
        env.put("PARLEY_PUBLIC_URL", PUBLIC_URL);
        env.put("PARLEY_NOTIFICATIONS_WEBHOOKS_ALLOWEDADDRESSES", Devstack.HOST);
        env.put("NOTIFICATIONS_WEBHOOKS_SECRET_KEY", Devstack.DEVSTACK_WEBHOOKS_KEY);
        for (Devstack.Service service : Devstack.SERVICES) {
            if (!service.name().equals("gateway")) {
                env.put(service.name().toUpperCase(java.util.Locale.ROOT) + "_URI", base + frontendPort(service));
            }
        }
        if (instance.gateway()) {
            env.put("SPRING_PROFILES_ACTIVE", "redis");
            env.put("REDIS_HOST", Devstack.HOST);
            env.put("REDIS_PORT", String.valueOf(REDIS_PORT));
            env.put("GATEWAY_MANAGEMENT_PORT", String.valueOf(instance.managementPort()));
            env.put("PARLEY_GATEWAY_COOKIE_KEY", cookieKey);
        }
        return env;
    }

    /**
     * haproxy.cfg: one frontend per service on its HA port, each with a backend of the service's two instances,
     * checked every second on their readiness path. A server that refuses a connection is marked down at once
     * ({@code observe layer4}); a connection that cannot be opened is redispatched to the other instance (nothing
     * of the request was sent, so this is safe for writes too). HAProxy never re-sends a request that reached an
     * instance: retrying reads after a 502/503 is the gateway's job (its Retry filter, GET and HEAD only).
     */
    static String haproxyConfig(String errorFiles) {
        StringBuilder cfg = new StringBuilder("""
                # generated by devstack --ha (io.parley.devstack.HaLayout); rewritten on every start
                global
                    maxconn 4000
                    log stdout format raw local0 notice

                defaults
                    mode http
                    log global
                    option httplog
                    option dontlognull
                    option forwardfor
                    timeout connect 2s
                    timeout http-request 30s
                    timeout queue 5s
                    # long enough for a 5 MiB upload on a slow link; the event stream sends a heartbeat every 15 s
                    timeout client 5m
                    timeout server 5m
                    # a connection that cannot be opened is tried again, the last time on the other instance
                    retries 2
                    option redispatch 1
                    default-server inter 1s fastinter 500ms downinter 1s fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down

                listen stats
                    bind %s:%d
                    stats enable
                    stats uri /
                    stats refresh 2s
                """.formatted(Devstack.HOST, HAPROXY_STATS_PORT));
        for (Devstack.Service service : Devstack.SERVICES) {
            boolean gateway = service.name().equals("gateway");
            cfg.append("\nfrontend ").append(service.name()).append('\n')
                    .append("    bind ").append(Devstack.HOST).append(':').append(frontendPort(service)).append('\n');
            if (gateway) {
                // what a browser sees when no gateway answers: a problem document, not HAProxy's HTML page
                for (int status : List.of(502, 503, 504)) {
                    cfg.append("    errorfile ").append(status).append(' ')
                            .append(errorFiles).append('/').append(status).append(".http\n");
                }
            }
            cfg.append("    default_backend ").append(service.name()).append("s\n")
                    .append("\nbackend ").append(service.name()).append("s\n")
                    // long-lived event streams: the instance with fewer open connections gets the next one
                    .append("    balance ").append(gateway || service.name().equals("notifications")
                            ? "leastconn" : "roundrobin").append('\n')
                    .append("    option httpchk GET ").append(service.readinessPath()).append('\n')
                    .append("    http-check expect status 200\n");
            for (int n = 1; n <= INSTANCES; n++) {
                Instance instance = new Instance(service, n);
                cfg.append("    server ").append(instance.name()).append(' ').append(Devstack.HOST).append(':')
                        .append(instance.port()).append(" check\n");
            }
        }
        return cfg.toString();
    }

    /** A raw HTTP response HAProxy sends instead of its own page when no gateway can answer (RFC 9457 body). */
    static String errorFile(int status) {
        String title = switch (status) {
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> throw new IllegalArgumentException("no error file for " + status);
        };
        String body = """
                {"type":"about:blank","title":"%s","status":%d,"detail":"No Parley gateway answered. Both instances \
                are restarting or down; try again in a few seconds."}
                """.formatted(title, status).strip();
        return "HTTP/1.1 " + status + " " + title + "\r\n"
                + "Content-Type: application/problem+json\r\n"
                + "Cache-Control: no-store\r\n"
                + (status == 503 ? "Retry-After: 5\r\n" : "")
                + "Connection: close\r\n"
                + "Content-Length: " + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n"
                + "\r\n" + body;
    }

    /** The bundled realm with the gateway's redirect, origin and back-channel logout URLs moved to the HA portal. */
    static String realmForHa(String realmJson) {
        return realmJson.replace("://127.0.0.1:8080", "://127.0.0.1:" + PUBLIC_PORT)
                .replace("://localhost:8080", "://localhost:" + PUBLIC_PORT);
    }
}

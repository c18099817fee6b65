package io.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaLayoutTests {

    /** Every port the normal devstack binds or expects (services, gateway Actuator, Keycloak and its management
     * interface, Mongo, the machine's RabbitMQ and its distribution and management ports, SMTP/IMAP, Redis). */
    private static final Set<Integer> NORMAL_DEVSTACK = Set.of(8080, 8081, 8082, 8083, 8084, 9080, 8180, 9000, 27017,
            5672, 25672, 15672, 2525, 3143, 6379);

    @TempDir
    Path tmp;

    @Test
    void givenTheHaLayout_whenListingItsPorts_thenNoneIsTheNormalDevstacksAndNoneIsUsedTwice() {
        Map<String, Integer> ports = HaLayout.ports();

        assertThat(ports.values()).doesNotContainAnyElementsOf(NORMAL_DEVSTACK);
        assertThat(new HashSet<>(ports.values())).hasSameSizeAs(ports.values());
        // two instances of each of the five services, plus the two gateways' Actuator ports
        assertThat(ports.keySet().stream().filter(name -> name.matches("[a-z]+-[12]"))).hasSize(10);
        assertThat(ports).containsEntry("haproxy gateway", 18080).containsEntry("workspace-1", 20182)
                .containsEntry("workspace-2", 20282).containsEntry("gateway-2 management", 29280)
                .containsEntry("keycloak", 18180).containsEntry("rabbitmq", 5673).containsEntry("redis", 16379);
    }

    @Test
    void givenTheServices_whenHaproxyConfigIsGenerated_thenEachFrontendBalancesBothInstancesCheckedOnReadiness() {
        String cfg = HaLayout.haproxyConfig("/errors");

        for (Devstack.Service service : Devstack.SERVICES) {
            String backend = section(cfg, "backend " + service.name() + "s");
            assertThat(section(cfg, "frontend " + service.name()))
                    .contains("bind 127.0.0.1:" + (service.port() + 10_000))
                    .contains("default_backend " + service.name() + "s");
            assertThat(backend).contains("option httpchk GET " + service.readinessPath())
                    .contains("server " + service.name() + "-1 127.0.0.1:" + new HaLayout.Instance(service, 1).port()
                            + " check")
                    .contains("server " + service.name() + "-2 127.0.0.1:" + new HaLayout.Instance(service, 2).port()
                            + " check");
        }
        assertThat(section(cfg, "backend gateways")).contains("option httpchk GET /readyz").contains("balance leastconn");
        assertThat(section(cfg, "frontend gateway")).contains("errorfile 503 /errors/503.http");
        // a refused connection is redispatched (nothing was sent); a request that reached an instance is never re-sent
        assertThat(cfg).contains("option redispatch").doesNotContain("retry-on");
    }

    @Test
    void givenTheGeneratedConfig_whenHaproxyChecksIt_thenItIsValid() throws Exception {
        Path haproxy = Path.of(HaDevstack.haproxy());
        assumeThat(Files.isExecutable(haproxy)).as("haproxy installed (apt-get install -y haproxy)").isTrue();
        Path errors = Files.createDirectories(tmp.resolve("errors"));
        for (int status : List.of(502, 503, 504)) {
            Files.writeString(errors.resolve(status + ".http"), HaLayout.errorFile(status));
        }
        Path config = tmp.resolve("haproxy.cfg");
        Files.writeString(config, HaLayout.haproxyConfig(errors.toString()));

        Process check = new ProcessBuilder(haproxy.toString(), "-c", "-f", config.toString()).redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @Test
    void givenAnErrorFile_whenRead_thenItIsAProblemDocumentWithItsExactLength() {
        String response = HaLayout.errorFile(503);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);

        assertThat(response).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                .contains("Content-Type: application/problem+json\r\n").contains("Retry-After: 5\r\n")
                .contains("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
        assertThat(body).contains("\"status\":503").contains("try again");
    }

    @Test
    void givenAnInstance_whenItsEnvironmentIsBuilt_thenItReachesTheOtherServicesOnlyThroughHaproxy() {
        for (HaLayout.Instance instance : HaLayout.instances()) {
            Map<String, String> env = HaLayout.environment(instance, "key");

            assertThat(env).containsEntry("SERVER_PORT", String.valueOf(instance.port()))
                    .containsEntry("IDENTITY_URI", "http://127.0.0.1:18081")
                    .containsEntry("WORKSPACE_URI", "http://127.0.0.1:18082")
                    .containsEntry("NOTIFICATIONS_URI", "http://127.0.0.1:18083")
                    .containsEntry("ROLLOUTS_URI", "http://127.0.0.1:18084")
                    .containsEntry("RABBITMQ_PORT", "5673").containsEntry("PARLEY_EVENTS_CONSUMER_QUORUM", "true")
                    .containsEntry("MONGODB_URI", "mongodb://127.0.0.1:37017")
                    .containsEntry("KEYCLOAK_ISSUER_URI", "http://127.0.0.1:18180/realms/parley")
                    .containsEntry("PARLEY_PUBLIC_URL", "http://127.0.0.1:18080");
            if (instance.gateway()) {
                // both gateways share sessions in Redis and the key that seals a sign-in in progress
                assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "redis").containsEntry("REDIS_PORT", "16379")
                        .containsEntry("PARLEY_GATEWAY_COOKIE_KEY", "key")
                        .containsEntry("GATEWAY_MANAGEMENT_PORT", String.valueOf(instance.managementPort()));
            } else {
                assertThat(env).doesNotContainKeys("SPRING_PROFILES_ACTIVE", "PARLEY_GATEWAY_COOKIE_KEY");
            }
        }
    }

    @Test
    void givenTheBundledRealm_whenAdaptedForHa_thenTheGatewayClientPointsAtTheHaPortal() throws IOException {
        String realm;
        try (var in = HaLayoutTests.class.getResourceAsStream(Keycloak.REALM_RESOURCE)) {
            realm = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        String adapted = HaLayout.realmForHa(realm);

        assertThat(adapted).doesNotContain("127.0.0.1:8080").doesNotContain("localhost:8080")
                .contains("\"http://127.0.0.1:18080/*\"")
                .contains("http://127.0.0.1:18080/logout/connect/back-channel/keycloak");
    }

    private static String section(String cfg, String header) {
        int start = cfg.indexOf("\n" + header + "\n");
        assertThat(start).as("section %s in%n%s", header, cfg).isNotNegative();
        int end = cfg.indexOf("\n\n", start + 1);
        return cfg.substring(start, end < 0 ? cfg.length() : end);
    }
}

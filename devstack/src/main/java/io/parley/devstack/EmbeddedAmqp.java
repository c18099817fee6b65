package io.parley.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.qpid.server.SystemLauncher;

/**
 * Apache Qpid Broker-J speaking AMQP 0-9-1, for machines without RabbitMQ. Memory store only: queues are
 * empty after a restart, which is what a local run wants. No HTTP management, only the AMQP port on loopback.
 */
final class EmbeddedAmqp implements AutoCloseable {

    private final SystemLauncher launcher;

    private EmbeddedAmqp(SystemLauncher launcher) {
        this.launcher = launcher;
    }

    static EmbeddedAmqp start(String host, int port, Path workDir) throws Exception {
        Files.createDirectories(workDir);
        Path config = workDir.resolve("initial-config.json");
        Files.writeString(config, initialConfig(host, port));
        SystemLauncher launcher = new SystemLauncher();
        launcher.startup(Map.of(
                "type", "Memory", // the broker's own configuration is kept in memory and rebuilt from the file each start
                "initialConfigurationLocation", config.toUri().toString(),
                "startupLoggedToSystemOut", false,
                "context", Map.of("qpid.work_dir", workDir.toString(), "QPID_WORK", workDir.toString())));
        return new EmbeddedAmqp(launcher);
    }

    /**
     * guest/guest like a fresh RabbitMQ. secureOnlyMechanisms is emptied because Qpid refuses PLAIN over
     * plain TCP by default, and every AMQP client here uses PLAIN on loopback. The default alias maps the
     * virtual host "/" that RabbitMQ clients ask for onto the only virtual host.
     */
    static String initialConfig(String host, int port) {
        return """
                {
                  "name": "parley-devstack",
                  "modelVersion": "9.1",
                  "authenticationproviders": [ {
                    "name": "plain", "type": "Plain", "secureOnlyMechanisms": [],
                    "users": [ { "name": "guest", "type": "managed", "password": "guest" } ]
                  } ],
                  "ports": [ {
                    "name": "AMQP", "port": %d, "bindingAddress": "%s",
                    "protocols": [ "AMQP_0_9_1" ], "authenticationProvider": "plain",
                    "virtualhostaliases": [
                      { "name": "nameAlias", "type": "nameAlias" },
                      { "name": "defaultAlias", "type": "defaultAlias" }
                    ]
                  } ],
                  "virtualhostnodes": [ {
                    "name": "default", "type": "Memory", "defaultVirtualHostNode": "true",
                    "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}"
                  } ]
                }
                """.formatted(port, host);
    }

    @Override
    public void close() {
        launcher.shutdown();
    }
}

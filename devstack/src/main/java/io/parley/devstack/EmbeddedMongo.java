package io.parley.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * MongoDB wire protocol in this JVM, stored in one H2 MVStore file so data survives restarts.
 * It runs here and not inside a service because the MVStore writer needs heap of the order of a GridFS upload.
 */
final class EmbeddedMongo implements AutoCloseable {

    private final MongoServer server;
    private final H2Backend backend;

    private EmbeddedMongo(MongoServer server, H2Backend backend) {
        this.server = server;
        this.backend = backend;
    }

    static EmbeddedMongo start(String host, int port, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        H2Backend backend = new H2Backend(file.toString());
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(host, port);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        return new EmbeddedMongo(server, backend);
    }

    int port() {
        return server.getLocalAddress().getPort();
    }

    @Override
    public void close() {
        // shutdownNow closes client connections; the backend close then commits and closes the MVStore file
        server.shutdownNow();
        backend.close();
    }
}

package io.parley.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling checks: "does this port answer", "does this URL say 200". */
final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Readiness() {
    }

    static boolean tcpAnswers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean httpOk(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until {@code uri} answers 200. Gives up early when {@code stillRunning} turns false, because
     * waiting the full timeout for a process that already died only hides the reason.
     */
    static void awaitHttpOk(String what, URI uri, Duration timeout, BooleanSupplier stillRunning)
            throws InterruptedException {
        await(what, "answer 200 on " + uri, () -> httpOk(uri), timeout, stillRunning);
    }

    /**
     * Polls {@code ready} until it holds; fails with "{@code what} did not {@code expectation} within …", or at once
     * when {@code stillRunning} turns false, because waiting the full timeout for a process that already died only
     * hides the reason.
     */
    static void await(String what, String expectation, BooleanSupplier ready, Duration timeout,
            BooleanSupplier stillRunning) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!stillRunning.getAsBoolean()) {
                throw new StartFailure(what + " exited before it would " + expectation);
            }
            if (System.nanoTime() > deadline) {
                throw new StartFailure(what + " did not " + expectation + " within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(300);
        }
    }

    static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }
    }
}

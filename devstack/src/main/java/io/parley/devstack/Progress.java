package io.parley.devstack;

import java.io.PrintStream;

/** One line per step with the seconds since start, so a slow step is obvious at a glance. */
final class Progress {

    private final long startNanos = System.nanoTime();
    private final PrintStream out;

    Progress(PrintStream out) {
        this.out = out;
    }

    void step(String what, String status) {
        String dots = ".".repeat(Math.max(2, 18 - what.length()));
        line(what + " " + dots + " " + status);
    }

    synchronized void line(String text) {
        out.printf("[%5.1fs] %s%n", elapsedSeconds(), text);
        out.flush();
    }

    synchronized void plain(String text) {
        out.println(text);
        out.flush();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

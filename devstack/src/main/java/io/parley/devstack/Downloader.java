package io.parley.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;

/** Fetches one file over HTTPS, checks it against the repository's {@code .sha1} and only then moves it in place. */
final class Downloader {

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();
    private final Consumer<String> progress;

    Downloader(Consumer<String> progress) {
        this.progress = progress;
    }

    void download(URI uri, Path target) throws IOException, InterruptedException {
        String expectedSha1 = fetchSha1(URI.create(uri + ".sha1"));
        Files.createDirectories(target.getParent());
        // a .part file means an interrupted download never looks like a complete artifact to Maven or to us
        Path part = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest sha1 = sha1();
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[64 * 1024];
            long done = 0;
            int lastPercent = -1;
            long lastReport = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                sha1.update(buffer, 0, n);
                done += n;
                int percent = total > 0 ? (int) (done * 100 / total) : -1;
                long now = System.nanoTime();
                // every 10 % or every 5 s, whichever comes first: readable in a terminal and in CI logs
                if (percent / 10 != lastPercent / 10 || now - lastReport > 5_000_000_000L) {
                    progress.accept(describe(done, total));
                    lastPercent = percent;
                    lastReport = now;
                }
            }
        }
        String actual = HexFormat.of().formatHex(sha1.digest());
        if (!actual.equalsIgnoreCase(expectedSha1)) {
            Files.deleteIfExists(part);
            throw new IOException("SHA-1 mismatch for " + uri + ": expected " + expectedSha1 + ", got " + actual);
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String fetchSha1(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        return parseSha1(response.body());
    }

    /** Central's .sha1 files hold the bare hash, some older ones "hash  filename". */
    static String parseSha1(String body) {
        String hash = body.trim().split("\\s+")[0];
        if (!hash.matches("[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("not a SHA-1: " + body);
        }
        return hash.toLowerCase(Locale.ROOT);
    }

    static String describe(long done, long total) {
        double mb = done / 1_048_576.0;
        if (total <= 0) {
            return String.format(Locale.ROOT, "%.1f MB", mb);
        }
        return String.format(Locale.ROOT, "%3d%% (%.1f / %.1f MB)", done * 100 / total, mb, total / 1_048_576.0);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

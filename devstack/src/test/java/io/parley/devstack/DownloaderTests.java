package io.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTests {

    @TempDir
    Path tmp;
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void givenMatchingSha1_whenDownloading_thenFileIsInPlaceAndProgressWasReported() throws Exception {
        byte[] body = new byte[300_000];
        URI uri = serve(Map.of("/a.zip", body, "/a.zip.sha1", sha1(body).getBytes(StandardCharsets.US_ASCII)));
        List<String> progress = new ArrayList<>();

        new Downloader(progress::add).download(uri.resolve("/a.zip"), tmp.resolve("repo/a.zip"));

        assertThat(tmp.resolve("repo/a.zip")).hasBinaryContent(body);
        assertThat(tmp.resolve("repo/a.zip.part")).doesNotExist();
        assertThat(progress).last().asString().contains("100%").contains("MB");
    }

    @Test
    void givenWrongSha1_whenDownloading_thenNothingIsLeftBehind() throws Exception {
        URI uri = serve(Map.of("/a.zip", new byte[10], "/a.zip.sha1", "0".repeat(40).getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> new Downloader(s -> { }).download(uri.resolve("/a.zip"), tmp.resolve("a.zip")))
                .isInstanceOf(IOException.class).hasMessageContaining("SHA-1 mismatch");
        assertThat(tmp.resolve("a.zip")).doesNotExist();
        assertThat(tmp.resolve("a.zip.part")).doesNotExist();
    }

    @Test
    void givenSha1FileWithFileName_whenParsing_thenOnlyTheHashCounts() {
        assertThat(Downloader.parseSha1("ABCDEF0123456789abcdef0123456789ABCDEF01  kc.zip\n"))
                .isEqualTo("abcdef0123456789abcdef0123456789abcdef01");
        assertThat(Downloader.describe(52_428_800, 104_857_600)).isEqualTo(" 50% (50.0 / 100.0 MB)");
    }

    private URI serve(Map<String, byte[]> files) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.forEach((path, bytes) -> server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }
}

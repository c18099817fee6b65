package io.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakUnpackTests {

    @TempDir
    Path tmp;

    @Test
    void givenDistributionZip_whenUnpacking_thenTopFolderBecomesInstallDirAndScriptsAreExecutable() throws Exception {
        Path zip = tmp.resolve("kc.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("keycloak-9.9.9/bin/kc.sh"));
            z.write("#!/bin/sh\necho kc\n".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("keycloak-9.9.9/lib/app.jar"));
            z.write(new byte[] {1, 2, 3});
        }
        Path install = tmp.resolve("home/keycloak-9.9.9");

        Keycloak.unpack(zip, install);

        assertThat(install.resolve("bin/kc.sh")).isExecutable();
        assertThat(install.resolve("lib/app.jar")).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(tmp.resolve("home/keycloak-9.9.9.unpacking")).doesNotExist();
    }

    @Test
    void givenBundledRealm_whenReadingResource_thenItIsTheParleyRealm() throws Exception {
        try (var in = Keycloak.class.getResourceAsStream(Keycloak.REALM_RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"realm\": \"parley\"");
        }
        assertThat(Keycloak.versionFromJar()).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void givenDemoTotpSecret_whenEncodingForAnAuthenticatorApp_thenItIsRfc4648Base32() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
    }
}

package io.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTests {

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void checkout() throws IOException {
        root = tmp.resolve("checkout");
        Files.createDirectories(root.resolve("devstack/src"));
        Files.writeString(root.resolve("pom.xml"), """
                <project><parent><artifactId>spring-boot-starter-parent</artifactId></parent>
                <groupId>io.parley</groupId><artifactId>parley</artifactId></project>""");
        // a module pom names "parley" too, but only as its parent: it must not be taken for the root
        Files.writeString(root.resolve("devstack/pom.xml"), """
                <project><parent><groupId>io.parley</groupId><artifactId>parley</artifactId></parent>
                <artifactId>devstack</artifactId></project>""");
    }

    @Test
    void givenWorkingDirInsideAModule_whenResolving_thenRootIsTheParentPomDirectory() {
        Layout layout = Layout.resolve(root.resolve("devstack/src"), Map.of());

        assertThat(layout.root()).isEqualTo(root.toAbsolutePath());
        assertThat(layout.home()).isEqualTo(root.resolve(".devstack").toAbsolutePath());
        assertThat(layout.logs()).isEqualTo(layout.home().resolve("logs"));
        assertThat(layout.serviceJar("gateway")).isEqualTo(root.resolve("gateway/target/gateway.jar").toAbsolutePath());
    }

    @Test
    void givenParleyHome_whenResolving_thenAbsoluteIsKeptAndRelativeIsUnderTheCheckout() {
        Path elsewhere = tmp.resolve("elsewhere");

        assertThat(Layout.resolve(root, Map.of("PARLEY_HOME", elsewhere.toString())).home()).isEqualTo(elsewhere);
        assertThat(Layout.resolve(root, Map.of("PARLEY_HOME", "state")).home()).isEqualTo(root.resolve("state"));
    }

    @Test
    void givenNoParleyPomAbove_whenResolving_thenItSaysWhereToRunFrom() {
        assertThatThrownBy(() -> Layout.resolve(tmp, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("repository root");
    }
}

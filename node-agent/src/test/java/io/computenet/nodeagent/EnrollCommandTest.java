package io.computenet.nodeagent;

import io.computenet.nodeagent.identity.Enrolment;
import io.computenet.nodeagent.identity.IdentityStore;
import io.computenet.nodeagent.identity.NodeIdentity;
import io.computenet.nodeagent.identity.PortalStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EnrollCommandTest {

    private final PortalStub portal = new PortalStub();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        portal.close();
    }

    private int run(String... args) {
        return EnrollCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String fixture(String name) throws Exception {
        return Path.of(EnrollCommandTest.class.getResource("/fixtures/" + name).toURI()).toString();
    }

    @Test
    void enrolsFromSavedToolOutputAndPrintsAnIdentityTheAgentCanUseFromASecret() throws Exception {
        // given
        String token = portal.issue("cn-east-yrd:wuhu-1");

        // when
        int code = run("--url", portal.url(), "--token", token, "--node-name", "gpu-node-9",
                "--nvidia-smi-csv", fixture("nvidia-smi/h100-query-gpu.csv"));

        // then: the identity is printed, and an agent finding it in its Secret directory needs no token
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"nodeId\" : \"gpu-node-9\"").contains(portal.credentialOf("gpu-node-9"));
        Path secret = Files.createDirectories(dir.resolve("secret"));
        Files.writeString(secret.resolve("gpu-node-9"), json);
        Enrolment.Identified identified = new Enrolment(new IdentityStore(dir.resolve("own")), Optional.empty())
                .live(Optional.of(new IdentityStore(secret)), Optional.empty(), "gpu-node-9", "gpu-node-9", List::of);
        assertThat(identified.identity()).extracting(NodeIdentity::nodeId, NodeIdentity::region)
                .containsExactly("gpu-node-9", "cn-east-yrd");
        assertThat(portal.exchanges()).isEqualTo(1);
    }

    @Test
    void aSpentTokenExitsWithFourAndThePortalsWords() throws Exception {
        String token = portal.issue("cn-east-yrd:wuhu-1");
        String csv = fixture("nvidia-smi/h100-query-gpu.csv");
        run("--url", portal.url(), "--token", token, "--node-name", "n1", "--nvidia-smi-csv", csv);

        int code = run("--url", portal.url(), "--token", token, "--node-name", "n2", "--nvidia-smi-csv", csv);

        assertThat(code).isEqualTo(4);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("HTTP 409 Enrolment token already used");
    }

    @Test
    void missingUrlOrTokenIsABadArgument() {
        assertThat(run("--token", "t")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--url and --token");
    }
}

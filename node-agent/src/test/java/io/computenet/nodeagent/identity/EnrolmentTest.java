package io.computenet.nodeagent.identity;

import io.computenet.nodeagent.fleet.FleetSimulator;
import io.computenet.nodeagent.fleet.SimulatedNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrolmentTest {

    private final PortalStub portal = new PortalStub();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        portal.close();
    }

    private List<SimulatedNode> planned(int nodes) {
        return new FleetSimulator().fleet(nodes, List.of(FleetSimulator.Placement.parse("cn-east-yrd:wuhu-1"),
                FleetSimulator.Placement.parse("cn-west-nm:horinger-1")), "to-be-enrolled", 42);
    }

    private Path tokens(String... lines) throws Exception {
        return Files.write(dir.resolve("tokens-" + System.nanoTime()), List.of(lines));
    }

    @Test
    void aSimulatedFleetIsEnrolledWithTokensOfEachNodesScopeAndKeepsItsIdentitiesAcrossRestarts() throws Exception {
        // given
        Path tokens = tokens("# comment", "cn-east-yrd:wuhu-1 " + portal.issue("cn-east-yrd:wuhu-1"),
                "cn-west-nm:horinger-1 " + portal.issue("cn-west-nm:horinger-1"),
                "cn-east-yrd:wuhu-1 " + portal.issue("cn-east-yrd:wuhu-1"));
        IdentityStore store = new IdentityStore(dir.resolve("identity"));
        Enrolment enrolment = new Enrolment(store, Optional.of(portal.url()));

        // when
        List<Enrolment.Identified> first = enrolment.simulated(planned(3), Optional.of(tokens));
        List<Enrolment.Identified> afterRestart = new Enrolment(store, Optional.of(portal.url()))
                .simulated(planned(3), Optional.empty());

        // then: three exchanges, each node in its token's scope, the same identities after the restart
        assertThat(portal.exchanges()).isEqualTo(3);
        assertThat(first).extracting(i -> i.node().region())
                .containsExactly("cn-east-yrd", "cn-west-nm", "cn-east-yrd");
        assertThat(first).allSatisfy(i -> {
            assertThat(i.node().operatorId()).isEqualTo("op-demo");
            assertThat(i.identity().credential()).isEqualTo(portal.credentialOf(i.node().nodeId()));
        });
        assertThat(afterRestart).extracting(Enrolment.Identified::identity)
                .containsExactlyElementsOf(first.stream().map(Enrolment.Identified::identity).toList());
    }

    @Test
    void runningOutOfTokensForARegionStopsTheStartWithTheNodeAndScope() throws Exception {
        Path tokens = tokens("cn-east-yrd:wuhu-1 " + portal.issue("cn-east-yrd:wuhu-1"));
        Enrolment enrolment = new Enrolment(new IdentityStore(dir.resolve("identity")), Optional.of(portal.url()));

        assertThatThrownBy(() -> enrolment.simulated(planned(2), Optional.of(tokens)))
                .hasMessageContaining("no enrolment token left for cn-west-nm:horinger-1")
                .hasMessageContaining("sim-cn-west-nm-001");
    }

    @Test
    void aLiveNodeWithoutIdentityOrTokenIsToldHowToEnrol() {
        Enrolment enrolment = new Enrolment(new IdentityStore(dir.resolve("identity")), Optional.of(portal.url()));

        assertThatThrownBy(() -> enrolment.live(Optional.empty(), "gpu-1", "gpu-1", List::of))
                .hasMessageContaining("this node is not enrolled")
                .hasMessageContaining("POST /api/v1/operator/enrollment-tokens");
    }

    @Test
    void aLiveNodeExchangesItsTokenOnceAndThenUsesTheStoredIdentity() {
        IdentityStore store = new IdentityStore(dir.resolve("identity"));
        String token = portal.issue("cn-west-gz:guian-1");
        List<SimulatedNode> one = planned(1);

        Enrolment.Identified first = new Enrolment(store, Optional.of(portal.url()))
                .live(Optional.of(token), "gpu-node-7", "gpu-node-7.example", () -> one.get(0).devices());
        // the token is spent; a restart must not need it
        Enrolment.Identified again = new Enrolment(store, Optional.of(portal.url()))
                .live(Optional.of(token), "gpu-node-7", "gpu-node-7.example", () -> one.get(0).devices());

        assertThat(first.identity().nodeId()).isEqualTo("gpu-node-7");
        assertThat(first.node().region()).isEqualTo("cn-west-gz");
        assertThat(again.identity()).isEqualTo(first.identity());
        assertThat(portal.exchanges()).isEqualTo(1);
    }

    @Test
    void aRefusedExchangeSaysWhatThePortalSaid() {
        String token = portal.issue("cn-west-gz:guian-1");
        EnrollmentClient client = new EnrollmentClient(portal.url() + "/");
        client.exchange(token, "n1", "n1", planned(1).get(0).devices());

        assertThatThrownBy(() -> client.exchange(token, "n2", "n2", planned(1).get(0).devices()))
                .isInstanceOf(EnrollmentClient.EnrollmentFailedException.class)
                .hasMessageContaining("HTTP 409 Enrolment token already used: create a new one");
        assertThatThrownBy(() -> new EnrollmentClient("http://127.0.0.1:1").exchange(token, "n3", "n3", List.of()))
                .hasMessageContaining("cannot reach http://127.0.0.1:1/api/v1/enrollments");
    }

    @Test
    void identitiesAreStoredOwnerOnlyAndADamagedFileIsAnErrorNamingIt() throws Exception {
        IdentityStore store = new IdentityStore(dir.resolve("identity"));
        NodeIdentity identity = new NodeIdentity("n1", "secret-credential", "op-demo", "cn-east-yrd", "wuhu-1",
                Instant.parse("2026-11-23T10:00:00Z"));

        store.write("n1", identity);
        Path file = dir.resolve("identity/n1.json");
        Files.writeString(dir.resolve("identity/n2.json"), "{\"nodeId\":\"n2\",");

        assertThat(store.read("n1")).contains(identity);
        assertThat(store.read("absent")).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(identity.toString()).doesNotContain("secret-credential");
        assertThatThrownBy(() -> store.read("n2")).hasMessageContaining("n2.json cannot be read");
        assertThatThrownBy(() -> store.read("../escape")).hasMessageContaining("not a usable identity name");
    }

    @Test
    void aMalformedTokensFileNamesTheLine() throws Exception {
        Path tokens = tokens("cn-east-yrd:wuhu-1 t1", "just-a-token");

        assertThatThrownBy(() -> Enrolment.readTokens(tokens))
                .hasMessageContaining("line 2: expected 'region:cluster token'");
    }
}

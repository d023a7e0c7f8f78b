package io.computenet.scheduler.identity;

import io.computenet.contracts.EventCodec;
import io.computenet.contracts.identity.RecordSignature;
import io.computenet.contracts.inventory.DeviceHealth;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.inventory.Vendor;
import io.computenet.contracts.usage.UsageEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCheckTest {

    private static final String KEY = "a-master-key-of-at-least-32-characters";
    private static final EnrolledNode NODE = new EnrolledNode("n1", "e1", "op-a", "cn-east-yrd", "wuhu-1", null,
            java.util.Map.of("GPU-1", new EnrolledDevice("GPU-1", "NVIDIA", "H100 80GB HBM3", 81559L),
                    "GPU-2", new EnrolledDevice("GPU-2", "NVIDIA", "H100 80GB HBM3", 81559L)));

    private static DeviceInfo gpu(String uuid) {
        return new DeviceInfo(Vendor.NVIDIA, "H100 80GB HBM3", uuid, null, 0, null, "0000:18:00.0", 81559, 0L, 0.0,
                30.0, 70.0, DeviceHealth.OK, "550", null, "CUDA", "12.4", List.of());
    }

    private static InventoryEvent event(String nodeId, String org, String region, String... uuids) {
        return InventoryEvent.heartbeat(Instant.parse("2026-11-23T10:00:00Z"), nodeId, org, region, "wuhu-1",
                nodeId, java.util.Arrays.stream(uuids).map(RecordCheckTest::gpu).toList());
    }

    private static RecordCheck.Verdict check(InventoryEvent event, String signer, String credential,
                                             Optional<EnrolledNode> identity) {
        String payload = EventCodec.encode(event);
        return RecordCheck.check(signer, credential == null ? null : RecordSignature.sign(credential, payload),
                event.nodeId(), payload, event, identity, n -> credential(n));
    }

    private static String credential(EnrolledNode node) {
        return Credentials.nodeCredential(KEY, node.nodeId(), node.enrollmentId());
    }

    @Test
    void acceptsARecordSignedByTheEnrolledNodeAboutItself() {
        assertThat(check(event("n1", "op-a", "cn-east-yrd", "GPU-1"), "n1", credential(NODE), Optional.of(NODE))
                .accepted()).isTrue();
    }

    @Test
    void rejectsEachWayARecordCanFailToBelongToItsSigner() {
        InventoryEvent own = event("n1", "op-a", "cn-east-yrd", "GPU-1");
        String good = credential(NODE);
        assertThat(check(own, null, null, Optional.of(NODE)).rejection()).isEqualTo(RecordCheck.Rejection.UNSIGNED);
        assertThat(check(own, "n1", good, Optional.empty()).rejection())
                .isEqualTo(RecordCheck.Rejection.UNKNOWN_NODE);
        assertThat(check(own, "n1", "someone-elses-credential-000000", Optional.of(NODE)).rejection())
                .isEqualTo(RecordCheck.Rejection.BAD_SIGNATURE);
        EnrolledNode revoked = new EnrolledNode("n1", "e1", "op-a", "cn-east-yrd", "wuhu-1", Instant.EPOCH,
                NODE.devices());
        assertThat(check(own, "n1", good, Optional.of(revoked)).rejection()).isEqualTo(RecordCheck.Rejection.REVOKED);
        assertThat(check(event("n2", "op-a", "cn-east-yrd", "GPU-1"), "n1", good, Optional.of(NODE)).rejection())
                .isEqualTo(RecordCheck.Rejection.NOT_OWNER);
        assertThat(check(event("n1", "op-b", "cn-east-yrd", "GPU-1"), "n1", good, Optional.of(NODE)).rejection())
                .isEqualTo(RecordCheck.Rejection.OUT_OF_SCOPE);
        assertThat(check(event("n1", "op-a", "cn-west-nm", "GPU-1"), "n1", good, Optional.of(NODE)).rejection())
                .isEqualTo(RecordCheck.Rejection.OUT_OF_SCOPE);
        RecordCheck.Verdict smuggled = check(event("n1", "op-a", "cn-east-yrd", "GPU-1", "GPU-9"), "n1", good,
                Optional.of(NODE));
        assertThat(smuggled.rejection()).isEqualTo(RecordCheck.Rejection.UNENROLLED_DEVICE);
        assertThat(smuggled.detail()).contains("device GPU-9 (NVIDIA H100 80GB HBM3) on node n1 was never enrolled");
    }

    @Test
    void rejectsARecordThatReportsAnEnrolledDeviceAsOtherHardware() {
        // given: n1 was enrolled with H100s; its record calls GPU-1 an RTX 4090 with 24 GiB
        DeviceInfo other = new DeviceInfo(Vendor.NVIDIA, "GeForce RTX 4090", "GPU-1", null, 0, null, "0000:18:00.0",
                24564, 0L, 0.0, 30.0, 70.0, DeviceHealth.OK, "550", null, "CUDA", "12.4", List.of());
        InventoryEvent changed = InventoryEvent.heartbeat(Instant.parse("2026-11-23T10:00:00Z"), "n1", "op-a",
                "cn-east-yrd", "wuhu-1", "n1", List.of(other));

        // when
        RecordCheck.Verdict verdict = check(changed, "n1", credential(NODE), Optional.of(NODE));

        // then
        assertThat(verdict.rejection()).isEqualTo(RecordCheck.Rejection.DEVICE_CHANGED);
        assertThat(verdict.detail()).contains("GPU-1: enrolled NVIDIA H100 80GB HBM3 81559 MiB, reported NVIDIA"
                + " GeForce RTX 4090 24564 MiB");
    }

    private static final RecordCheck.LeasePlacement ON_GPU_1 = new RecordCheck.LeasePlacement("n1", Set.of("GPU-1"));

    private static RecordCheck.Rejection checkUsage(UsageEvent sample, String signer, String credential,
                                                    EnrolledNode identity, RecordCheck.LeasePlacement lease) {
        String payload = EventCodec.encode(sample);
        return RecordCheck.checkUsage(signer, credential == null ? null : RecordSignature.sign(credential, payload),
                payload, sample, Optional.ofNullable(identity), RecordCheckTest::credential, Optional.ofNullable(lease),
                Instant.parse("2026-11-23T10:00:30Z"))
                .rejection();
    }

    private static UsageEvent sample(String nodeId, String deviceKey) {
        return UsageEvent.sample(Instant.parse("2026-11-23T10:00:00Z"), "ls-1", nodeId, deviceKey, 50.0, 1024L);
    }

    @Test
    void acceptsUsageSignedByTheNodeAboutADeviceItsLeaseRunsOn() {
        assertThat(checkUsage(sample("n1", "GPU-1"), "n1", credential(NODE), NODE, ON_GPU_1)).isNull();
    }

    @Test
    void rejectsUsageThatIsNotTheSignersToReport() {
        String good = credential(NODE);
        EnrolledNode revoked = new EnrolledNode("n1", "e1", "op-a", "cn-east-yrd", "wuhu-1", Instant.EPOCH,
                NODE.devices());
        assertThat(checkUsage(sample("n1", "GPU-1"), null, null, NODE, ON_GPU_1))
                .isEqualTo(RecordCheck.Rejection.UNSIGNED);
        assertThat(checkUsage(sample("n1", "GPU-1"), "n1", good, null, ON_GPU_1))
                .isEqualTo(RecordCheck.Rejection.UNKNOWN_NODE);
        assertThat(checkUsage(sample("n1", "GPU-1"), "n1", "someone-elses-credential-000000", NODE, ON_GPU_1))
                .isEqualTo(RecordCheck.Rejection.BAD_SIGNATURE);
        assertThat(checkUsage(sample("n1", "GPU-1"), "n1", good, revoked, ON_GPU_1))
                .isEqualTo(RecordCheck.Rejection.REVOKED);
        assertThat(checkUsage(sample("n2", "GPU-1"), "n1", good, NODE, ON_GPU_1))
                .isEqualTo(RecordCheck.Rejection.NOT_OWNER);
        assertThat(checkUsage(sample("n1", "GPU-9"), "n1", good, NODE, ON_GPU_1))
                .isEqualTo(RecordCheck.Rejection.UNENROLLED_DEVICE);
        assertThat(checkUsage(sample("n1", "GPU-2"), "n1", good, NODE, ON_GPU_1))
                .isEqualTo(RecordCheck.Rejection.NOT_LEASED);
        assertThat(checkUsage(sample("n1", "GPU-1"), "n1", good, NODE,
                new RecordCheck.LeasePlacement("n2", Set.of("GPU-1")))).isEqualTo(RecordCheck.Rejection.NOT_LEASED);
        assertThat(checkUsage(sample("n1", "GPU-1"), "n1", good, NODE, null))
                .isEqualTo(RecordCheck.Rejection.NOT_LEASED);
    }

    @Test
    void refusesUsageForALeaseThatHasEndedWhateverTimeTheSampleClaims() {
        // given: the lease on GPU-1 ended at 10:00:20 (checks run at 10:00:30); the sample says 10:00:00
        RecordCheck.LeasePlacement ended = new RecordCheck.LeasePlacement("n1", Set.of("GPU-1"),
                Instant.parse("2026-11-23T10:00:20Z"));
        RecordCheck.LeasePlacement endsLater = new RecordCheck.LeasePlacement("n1", Set.of("GPU-1"),
                Instant.parse("2026-11-23T10:05:00Z"));

        // when / then
        assertThat(checkUsage(sample("n1", "GPU-1"), "n1", credential(NODE), NODE, ended))
                .isEqualTo(RecordCheck.Rejection.LEASE_ENDED);
        assertThat(checkUsage(sample("n1", "GPU-1"), "n1", credential(NODE), NODE, endsLater)).isNull();
    }

    @Test
    void aRecordAlteredAfterSigningDoesNotVerify() {
        InventoryEvent event = event("n1", "op-a", "cn-east-yrd", "GPU-1");
        String payload = EventCodec.encode(event);
        String signature = RecordSignature.sign(credential(NODE), payload);
        String altered = payload.replace("GPU-1", "GPU-2");

        RecordCheck.Verdict verdict = RecordCheck.check("n1", signature, "n1", altered,
                EventCodec.decode(altered, InventoryEvent.class), Optional.of(NODE), RecordCheckTest::credential);

        assertThat(verdict.rejection()).isEqualTo(RecordCheck.Rejection.BAD_SIGNATURE);
    }

    @Test
    void credentialsDependOnKeyNodeAndEnrolmentAndNeedALongKey() {
        String c = Credentials.nodeCredential(KEY, "n1", "e1");
        assertThat(c).isEqualTo(Credentials.nodeCredential(KEY, "n1", "e1"));
        assertThat(c).isNotEqualTo(Credentials.nodeCredential(KEY, "n1", "e2"))
                .isNotEqualTo(Credentials.nodeCredential(KEY, "n2", "e1"))
                .isNotEqualTo(Credentials.nodeCredential(KEY + "x", "n1", "e1"));
        assertThatThrownBy(() -> Credentials.nodeCredential("short", "n1", "e1"))
                .hasMessageContaining("at least 32 characters");
    }

    @Test
    void tokensAreRandomPrefixedAndStoredOnlyAsTheirHash() {
        String a = Credentials.newToken();
        String b = Credentials.newToken();
        assertThat(a).startsWith(Credentials.TOKEN_PREFIX).isNotEqualTo(b).hasSizeGreaterThan(40);
        assertThat(Credentials.tokenHash(a)).hasSize(64).doesNotContain(a).isEqualTo(Credentials.tokenHash(a));
    }
}

package io.computenet.scheduler.identity;

import io.computenet.contracts.identity.RecordSignature;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;
import io.computenet.contracts.usage.UsageEvent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether an inventory record or a usage sample comes from the enrolled node it claims to describe. Pure: the
 * caller supplies the record's parts, the identity stored for the signing node (if any), how to derive a node's
 * credential and, for usage, where the sample's lease runs. A node reports only the devices it was enrolled with, each
 * with the vendor, model and memory it was enrolled with ({@link DeviceClaims}).
 */
public final class RecordCheck {

    /** Why a record was rejected; the slug tags the rejection metric. */
    public enum Rejection {
        UNSIGNED("unsigned"),
        UNKNOWN_NODE("unknown-node"),
        BAD_SIGNATURE("bad-signature"),
        REVOKED("revoked"),
        NOT_OWNER("not-owner"),
        OUT_OF_SCOPE("out-of-scope"),
        UNENROLLED_DEVICE("unenrolled-device"),
        DEVICE_CHANGED("device-changed"),
        NOT_LEASED("not-leased"),
        LEASE_ENDED("lease-ended");

        private final String slug;

        Rejection(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    /** The outcome: empty when the record is accepted. */
    public record Verdict(Rejection rejection, String detail) {

        static final Verdict ACCEPTED = new Verdict(null, null);

        public boolean accepted() {
            return rejection == null;
        }
    }

    private RecordCheck() {
    }

    /**
     * @param signerNodeId the {@link RecordSignature#NODE_HEADER} header, or null
     * @param signature    the {@link RecordSignature#HEADER} header, or null
     * @param recordKey    the Kafka record key, or null
     * @param payload      the record value exactly as received (what was signed)
     * @param event        the decoded record
     * @param signer       the identity stored for {@code signerNodeId}, if any
     * @param credentialOf derives the credential of an enrolled node
     */
    public static Verdict check(String signerNodeId, String signature, String recordKey, String payload,
                                InventoryEvent event, Optional<EnrolledNode> signer,
                                Function<EnrolledNode, String> credentialOf) {
        Verdict signed = signedByEnrolledNode(signerNodeId, signature, payload, event.nodeId(), signer, credentialOf);
        if (!signed.accepted()) {
            return signed;
        }
        EnrolledNode node = signer.orElseThrow();
        if (!signerNodeId.equals(event.nodeId()) || (recordKey != null && !recordKey.equals(event.nodeId()))) {
            return reject(Rejection.NOT_OWNER, "node " + signerNodeId + " may not publish records for node "
                    + event.nodeId() + (recordKey != null && !recordKey.equals(event.nodeId())
                    ? " (record key " + recordKey + ")" : ""));
        }
        if (!Objects.equals(node.organisation(), event.operatorId()) || !Objects.equals(node.region(), event.region())
                || !Objects.equals(node.cluster(), event.cluster())) {
            return reject(Rejection.OUT_OF_SCOPE, "node " + signerNodeId + " is enrolled for " + node.organisation()
                    + " / " + node.region() + " / " + node.cluster() + " but the record says " + event.operatorId()
                    + " / " + event.region() + " / " + event.cluster());
        }
        for (DeviceInfo device : event.devices()) {
            if (!node.deviceKeys().contains(device.deviceKey())) {
                return reject(Rejection.UNENROLLED_DEVICE, "device " + device.deviceKey() + " (" + device.vendor()
                        + " " + device.model() + ") on node " + signerNodeId
                        + " was never enrolled; enrol the node again to add devices");
            }
        }
        List<DeviceClaims.Change> changes = DeviceClaims.changes(node.devices(), event.devices());
        if (!changes.isEmpty()) {
            return reject(Rejection.DEVICE_CHANGED, "node " + signerNodeId + " reports enrolled devices as other"
                    + " hardware, which only a new enrolment may change ("
                    + String.join("; ", changes.stream().map(DeviceClaims.Change::describe).toList()) + ")");
        }
        return Verdict.ACCEPTED;
    }

    /** Where a lease runs, as the scheduler placed it, and when it ended (null while it runs). */
    public record LeasePlacement(String nodeId, java.util.Set<String> deviceKeys, Instant endedAt) {

        public LeasePlacement(String nodeId, java.util.Set<String> deviceKeys) {
            this(nodeId, deviceKeys, null);
        }
    }

    /**
     * Checks a usage sample: signed by an enrolled, unrevoked node about itself, for a device the node was enrolled
     * with that the sample's lease was placed on, while that lease has not ended: once the scheduler has ended a lease
     * (its own clock, {@code now}), no sample for it is taken, whatever time the sample claims.
     *
     * @param lease where the sample's lease runs, empty when the scheduler knows no such lease
     * @param now   the scheduler's clock when it checks the sample
     */
    public static Verdict checkUsage(String signerNodeId, String signature, String payload, UsageEvent event,
                                     Optional<EnrolledNode> signer, Function<EnrolledNode, String> credentialOf,
                                     Optional<LeasePlacement> lease, Instant now) {
        Verdict signed = signedByEnrolledNode(signerNodeId, signature, payload, event.nodeId(), signer, credentialOf);
        if (!signed.accepted()) {
            return signed;
        }
        EnrolledNode node = signer.orElseThrow();
        if (!signerNodeId.equals(event.nodeId())) {
            return reject(Rejection.NOT_OWNER, "node " + signerNodeId + " may not publish usage for node "
                    + event.nodeId());
        }
        if (!node.deviceKeys().contains(event.deviceKey())) {
            return reject(Rejection.UNENROLLED_DEVICE, "device " + event.deviceKey() + " on node " + signerNodeId
                    + " was never enrolled");
        }
        if (lease.isEmpty() || !lease.get().nodeId().equals(event.nodeId())
                || !lease.get().deviceKeys().contains(event.deviceKey())) {
            return reject(Rejection.NOT_LEASED, "lease " + event.leaseId() + " does not run on device "
                    + event.deviceKey() + " of node " + event.nodeId());
        }
        Instant ended = lease.get().endedAt();
        if (ended != null && !ended.isAfter(now)) {
            return reject(Rejection.LEASE_ENDED, "lease " + event.leaseId() + " ended at " + ended
                    + "; samples for it are no longer taken (the sample says " + event.occurredAt() + ")");
        }
        return Verdict.ACCEPTED;
    }

    /** The checks every signed record passes: signed, by an enrolled node, with its credential, not revoked. */
    private static Verdict signedByEnrolledNode(String signerNodeId, String signature, String payload,
                                                String aboutNode, Optional<EnrolledNode> signer,
                                                Function<EnrolledNode, String> credentialOf) {
        if (signerNodeId == null || signerNodeId.isBlank() || signature == null || signature.isBlank()) {
            return reject(Rejection.UNSIGNED, "record for node " + aboutNode + " carries no "
                    + RecordSignature.NODE_HEADER + " / " + RecordSignature.HEADER
                    + " header: it was not sent by an enrolled node agent");
        }
        if (signer.isEmpty()) {
            return reject(Rejection.UNKNOWN_NODE, "node " + signerNodeId + " is not enrolled");
        }
        EnrolledNode node = signer.get();
        if (!RecordSignature.verify(credentialOf.apply(node), payload, signature)) {
            return reject(Rejection.BAD_SIGNATURE, "the signature does not verify with the credential of node "
                    + signerNodeId);
        }
        if (node.revokedAt() != null) {
            return reject(Rejection.REVOKED, "node " + signerNodeId + " was revoked at " + node.revokedAt());
        }
        return Verdict.ACCEPTED;
    }

    private static Verdict reject(Rejection rejection, String detail) {
        return new Verdict(rejection, detail);
    }
}

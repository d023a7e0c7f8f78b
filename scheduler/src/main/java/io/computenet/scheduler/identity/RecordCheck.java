package io.computenet.scheduler.identity;

import io.computenet.contracts.identity.RecordSignature;
import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.InventoryEvent;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether an inventory record comes from the enrolled node it claims to describe. Pure: the caller supplies
 * the record's parts, the identity stored for the signing node (if any) and how to derive a node's credential.
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
        UNENROLLED_DEVICE("unenrolled-device");

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
        if (signerNodeId == null || signerNodeId.isBlank() || signature == null || signature.isBlank()) {
            return reject(Rejection.UNSIGNED, "record for node " + event.nodeId() + " carries no "
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
        return Verdict.ACCEPTED;
    }

    private static Verdict reject(Rejection rejection, String detail) {
        return new Verdict(rejection, detail);
    }
}

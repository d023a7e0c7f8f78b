package io.computenet.scheduler.identity;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.scheduler.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Enrolment: one-time tokens scoped to an organisation, region and cluster; their exchange for a node identity; the
 * identities the inventory consumer checks records against; revocation.
 */
@ApplicationScoped
public class EnrollmentService {

    private static final Logger LOG = Logger.getLogger(EnrollmentService.class);
    /** Lower-case DNS label style, as Kubernetes node names. */
    static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9.-]{0,126}[a-z0-9])?$");
    static final Duration MAX_TTL = Duration.ofDays(7);
    static final int MAX_BATCH = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;
    @Inject
    SchedulerConfig config;
    @Inject
    Clock clock;
    @Inject
    NodeRecords nodeRecords;
    @Inject
    DeviceMismatches mismatches;

    /** Tokens created in one call, all with the same scope and expiry. */
    public record TokenBatch(String organisation, String region, String cluster, Instant expiresAt,
                             List<String> tokens) {
    }

    /** What an agent receives for its token; the credential is shown only here. */
    public record Enrollment(String nodeId, String credential, String organisation, String region, String cluster,
                             Instant enrolledAt, int devices) {
    }

    /**
     * A node as its operator sees it; {@code drain} is null unless the operator drains it; {@code deviceMismatches}
     * lists the enrolled devices the node has reported as other hardware (its records saying so were refused).
     */
    public record NodeView(String nodeId, String organisation, String region, String cluster, String hostname,
                           Instant enrolledAt, Instant revokedAt, int enrolledDevices, Instant lastSeenAt,
                           DrainView drain, List<DeviceMismatches.Mismatch> deviceMismatches) {
    }

    /**
     * A node's drain: {@code DRAINING} before the deadline (no new leases; its leases run on), {@code DRAINED} from
     * it on (its leases have ended, or end at the deadline as soon as the reconciler gets to them).
     */
    public record DrainView(String state, Instant deadline, String by, Instant requestedAt) {
    }

    @Transactional
    public TokenBatch createTokens(String organisation, String region, String cluster, String createdBy,
                                   Duration ttl, int count) {
        requireName("organisation", organisation);
        requireName("cluster", cluster);
        if (region == null || !config.regions().containsKey(region)) {
            throw EnrollmentProblem.badRequest("unknown region " + region + "; known regions: "
                    + config.regions().keySet());
        }
        if (ttl == null || ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw EnrollmentProblem.badRequest("a token lives between 1 minute and " + MAX_TTL.toDays()
                    + " days, not " + ttl);
        }
        if (count < 1 || count > MAX_BATCH) {
            throw EnrollmentProblem.badRequest("count must be between 1 and " + MAX_BATCH + " but was " + count);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = now.plus(ttl);
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String token = Credentials.newToken();
            em.createNativeQuery("insert into enrollment_tokens (token_id, token_hash, organisation, region, cluster,"
                            + " created_by, created_at, expires_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                    .setParameter(1, UUID.randomUUID().toString()).setParameter(2, Credentials.tokenHash(token))
                    .setParameter(3, organisation).setParameter(4, region).setParameter(5, cluster)
                    .setParameter(6, createdBy).setParameter(7, now).setParameter(8, expiresAt)
                    .executeUpdate();
            tokens.add(token);
        }
        LOG.infof("%s created %d enrolment token(s) for %s / %s / %s, valid until %s", createdBy, count,
                organisation, region, cluster, expiresAt);
        return new TokenBatch(organisation, region, cluster, expiresAt, tokens);
    }

    /**
     * Exchanges a token for a node identity. The token row is claimed with one conditional update, so two agents
     * presenting the same token concurrently cannot both succeed. The node id is new: an id once enrolled belongs to
     * that enrolment for ever (a revoked node's id is retired, not taken over by another organisation or by a new
     * enrolment of the same name), so an enrolled node's organisation, devices and history never change hands.
     */
    @Transactional
    public Enrollment exchange(String token, String nodeName, String hostname, List<DeviceInfo> devices) {
        if (token == null || token.isBlank()) {
            throw EnrollmentProblem.invalidToken();
        }
        if (devices == null || devices.isEmpty()) {
            throw EnrollmentProblem.badRequest("a node is enrolled with the devices it has; the request lists none");
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < devices.size(); i++) {
            DeviceInfo d = devices.get(i);
            if (d == null || d.vendor() == null || d.model() == null || d.model().isBlank() || d.memoryMiB() <= 0) {
                throw EnrollmentProblem.badRequest("devices[" + i + "] needs vendor, model and a positive memoryMiB");
            }
            if (!keys.add(d.deviceKey())) {
                throw EnrollmentProblem.badRequest("devices[" + i + "] repeats device " + d.deviceKey());
            }
        }
        if (nodeName != null && !NAME.matcher(nodeName).matches()) {
            throw EnrollmentProblem.badRequest("nodeName must be lower-case letters, digits, '.' and '-' "
                    + "(at most 128) but was '" + nodeName + "'");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String hash = Credentials.tokenHash(token);
        String nodeId = nodeName != null ? nodeName : "node-" + HexFormat.of().formatHex(randomBytes(6));
        @SuppressWarnings("unchecked")
        List<Object[]> claimed = em.createNativeQuery("update enrollment_tokens set used_at = ?1, node_id = ?2"
                        + " where token_hash = ?3 and used_at is null and expires_at > ?1"
                        + " returning token_id, organisation, region, cluster")
                .setParameter(1, now).setParameter(2, nodeId).setParameter(3, hash).getResultList();
        if (claimed.isEmpty()) {
            throw whyNotClaimable(hash);
        }
        Object[] row = claimed.get(0);
        String enrollmentId = (String) row[0];
        NodeIdentityEntity existing = NodeIdentityEntity.findById(nodeId, jakarta.persistence.LockModeType
                .PESSIMISTIC_WRITE);
        if (existing != null) {
            // a node id is never reused, revoked or not, by its organisation or another: records, leases and charges
            // that name it stay its first node's (this rolls the token claim back: the token stays usable)
            throw existing.revokedAt == null ? EnrollmentProblem.nameTaken(nodeId)
                    : EnrollmentProblem.nameRetired(nodeId);
        }
        NodeIdentityEntity identity = new NodeIdentityEntity();
        identity.nodeId = nodeId;
        identity.enrollmentId = enrollmentId;
        identity.organisation = (String) row[1];
        identity.region = (String) row[2];
        identity.cluster = (String) row[3];
        identity.hostname = hostname;
        identity.enrolledAt = now;
        identity.persist();
        em.flush();
        for (DeviceInfo d : devices) {
            em.createNativeQuery("insert into enrolled_devices (node_id, device_key, vendor, model, memory_mib)"
                            + " values (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, nodeId).setParameter(2, d.deviceKey()).setParameter(3, d.vendor().name())
                    .setParameter(4, d.model()).setParameter(5, d.memoryMiB()).executeUpdate();
        }
        LOG.infof("node %s enrolled for %s / %s / %s with %d device(s)", nodeId, identity.organisation,
                identity.region, identity.cluster, devices.size());
        return new Enrollment(nodeId, credentialOf(enrollmentId, nodeId), identity.organisation, identity.region,
                identity.cluster, now, devices.size());
    }

    private EnrollmentProblem whyNotClaimable(String hash) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select used_at, node_id, expires_at from enrollment_tokens"
                + " where token_hash = ?1").setParameter(1, hash).getResultList();
        if (rows.isEmpty()) {
            return EnrollmentProblem.invalidToken();
        }
        Object[] row = rows.get(0);
        if (row[0] != null) {
            return EnrollmentProblem.usedToken((String) row[1]);
        }
        return EnrollmentProblem.expiredToken(toInstant(row[2]));
    }

    @Transactional
    public NodeView revoke(String nodeId, String organisation, String by) {
        NodeIdentityEntity identity = NodeIdentityEntity.findById(nodeId);
        if (identity == null || !identity.organisation.equals(organisation)) {
            throw EnrollmentProblem.nodeNotFound(nodeId);
        }
        if (identity.revokedAt == null) {
            identity.revokedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            identity.revokedBy = by;
            nodeRecords.setSchedulable(nodeId, false);
            LOG.infof("node %s revoked by %s", nodeId, by);
        }
        return view(identity);
    }

    @Transactional
    public List<NodeView> nodes(String organisation) {
        List<NodeIdentityEntity> list = NodeIdentityEntity.list("organisation = ?1 order by nodeId", organisation);
        return list.stream().map(this::view).toList();
    }

    /** The identity the records of {@code nodeId} are checked against; read in the caller's transaction. */
    public Optional<EnrolledNode> lookup(String nodeId) {
        return Optional.ofNullable(lookupAll(List.of(nodeId)).get(nodeId));
    }

    /**
     * {@link #lookup} for many nodes at once, in the caller's transaction (after flushing what it changed): two
     * statements whatever the number (for the consumers that check a poll's records together). Nodes not enrolled are
     * absent from the map.
     */
    public Map<String, EnrolledNode> lookupAll(Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            return Map.of();
        }
        org.hibernate.Session session = em.unwrap(org.hibernate.Session.class);
        session.flush(); // plain JDBC below: it must see identities this transaction changed, as a query would
        return session.doReturningWork(c -> lookupAll(c, nodeIds));
    }

    private static Map<String, EnrolledNode> lookupAll(Connection c, Collection<String> nodeIds)
            throws SQLException {
        Map<String, EnrolledNode> found = new HashMap<>();
        java.sql.Array ids = c.createArrayOf("varchar", nodeIds.toArray());
        Map<String, Map<String, EnrolledDevice>> devices = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select node_id, device_key, vendor, model, memory_mib"
                + " from enrolled_devices where node_id = any(?)")) {
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long memory = r.getLong(5);
                    devices.computeIfAbsent(r.getString(1), k -> new HashMap<>()).put(r.getString(2),
                            new EnrolledDevice(r.getString(2), r.getString(3), r.getString(4),
                                    r.wasNull() ? null : memory));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("select node_id, enrollment_id, organisation, region,"
                + " cluster, revoked_at from node_identities where node_id = any(?)")) {
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    OffsetDateTime revoked = r.getObject(6, OffsetDateTime.class);
                    found.put(r.getString(1), new EnrolledNode(r.getString(1), r.getString(2), r.getString(3),
                            r.getString(4), r.getString(5), revoked == null ? null : revoked.toInstant(),
                            devices.getOrDefault(r.getString(1), Map.of())));
                }
            }
        }
        ids.free();
        return found;
    }

    public String credentialOf(EnrolledNode node) {
        return credentialOf(node.enrollmentId(), node.nodeId());
    }

    /**
     * {@link #credentialOf} remembering what it derived, for checking a batch of records: a node that sent many is
     * derived once. Not thread-safe; one per batch.
     */
    public java.util.function.Function<EnrolledNode, String> credentialsOfBatch() {
        Map<String, String> derived = new HashMap<>();
        return node -> derived.computeIfAbsent(node.nodeId() + "\u0000" + node.enrollmentId(),
                k -> credentialOf(node));
    }

    private String credentialOf(String enrollmentId, String nodeId) {
        return Credentials.nodeCredential(config.identity().masterKey(), nodeId, enrollmentId);
    }

    /** The node as its operator sees it; read in the caller's transaction. */
    public NodeView view(NodeIdentityEntity identity) {
        Number devices = (Number) em.createNativeQuery("select count(*) from enrolled_devices where node_id = ?1")
                .setParameter(1, identity.nodeId).getSingleResult();
        return new NodeView(identity.nodeId, identity.organisation, identity.region, identity.cluster,
                identity.hostname, identity.enrolledAt, identity.revokedAt, devices.intValue(),
                nodeRecords.lastSeenAt(identity.nodeId).orElse(null), identity.drainDeadline == null ? null
                : new DrainView(clock.instant().isBefore(identity.drainDeadline) ? "DRAINING" : "DRAINED",
                identity.drainDeadline, identity.drainedBy, identity.drainRequestedAt),
                mismatches.of(identity.nodeId));
    }

    private static void requireName(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw EnrollmentProblem.badRequest(field + " must be lower-case letters, digits, '.' and '-' but was '"
                    + value + "'");
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return Instant.parse(String.valueOf(value));
    }
}

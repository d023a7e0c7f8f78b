package io.computenet.scheduler.endpoint;

import io.computenet.scheduler.decision.Autoscaling;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** An inference endpoint: what it serves, how it scales, the load last reported and what it has served. */
@Entity
@Table(name = "endpoints")
@org.hibernate.annotations.DynamicUpdate
public class EndpointEntity extends PanacheEntityBase {

    @Id
    @Column(name = "endpoint_id")
    public String endpointId;
    @Column(name = "tenant_id")
    public String tenantId;
    public String name;
    public String model;
    public String revision;
    /** The framework's display name ({@code vLLM}). */
    public String framework;
    @Column(name = "memory_gib")
    public BigDecimal memoryGiB;
    @Column(name = "min_replicas")
    public int minReplicas;
    @Column(name = "max_replicas")
    public int maxReplicas;
    @Column(name = "desired_replicas")
    public int desiredReplicas;
    public String region;
    @Column(name = "max_price_per_hour")
    public BigDecimal maxPricePerHour;
    @Column(name = "rate_limit_per_minute")
    public int rateLimitPerMinute;
    @Column(name = "target_concurrency")
    public int targetConcurrency;
    @Column(name = "idle_minutes")
    public int idleMinutes;
    @Column(name = "in_flight")
    public int inFlight;
    public int waiting;
    @Column(name = "load_reported_at")
    public Instant loadReportedAt;
    @Column(name = "last_request_at")
    public Instant lastRequestAt;
    public long requests;
    @Column(name = "prompt_tokens")
    public long promptTokens;
    @Column(name = "completion_tokens")
    public long completionTokens;
    /** Why the last replica request was refused (one reason a line), null when it was not. */
    public String refusal;
    @Column(name = "refused_at")
    public Instant refusedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    /** Since when the load has wanted fewer replicas than {@code desiredReplicas}; null while it does not. */
    @Column(name = "scale_down_since")
    public Instant scaleDownSince;
    @Column(name = "deleted_at")
    public Instant deletedAt;
    /** A deleted endpoint whose replicas are all released and whose Services are deleted: nothing left to do. */
    @Column(name = "cleaned_up")
    public boolean cleanedUp;
    @Version
    public long version;

    public boolean deleted() {
        return deletedAt != null;
    }

    /** Its scaling settings, for {@link io.computenet.scheduler.decision.Autoscaling}. */
    public io.computenet.scheduler.decision.Autoscaling.Policy policy() {
        return new io.computenet.scheduler.decision.Autoscaling.Policy(minReplicas, maxReplicas, targetConcurrency,
                Duration.ofMinutes(idleMinutes));
    }

    /** The replicas wanted and since when the load wants fewer, for {@link Autoscaling#next}. */
    public Autoscaling.Scale scale() {
        return new Autoscaling.Scale(desiredReplicas, scaleDownSince);
    }

    /** The load last reported, for {@link io.computenet.scheduler.decision.Autoscaling}. */
    public io.computenet.scheduler.decision.Autoscaling.Load load() {
        return new io.computenet.scheduler.decision.Autoscaling.Load(inFlight, waiting, loadReportedAt,
                lastRequestAt);
    }
}

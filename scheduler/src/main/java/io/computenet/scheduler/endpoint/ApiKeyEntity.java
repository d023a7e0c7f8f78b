package io.computenet.scheduler.endpoint;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An API key of an endpoint: its SHA-256 only (the key itself is shown once), and what it was used for. */
@Entity
@Table(name = "endpoint_api_keys")
public class ApiKeyEntity extends PanacheEntityBase {

    @Id
    @Column(name = "key_id")
    public String keyId;
    @Column(name = "endpoint_id")
    public String endpointId;
    public String prefix;
    public String sha256;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    public long requests;
    @Column(name = "prompt_tokens")
    public long promptTokens;
    @Column(name = "completion_tokens")
    public long completionTokens;
}

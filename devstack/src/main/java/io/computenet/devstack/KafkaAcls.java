package io.computenet.devstack;

import io.computenet.contracts.access.KafkaAccess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sets a broker up as {@link KafkaAccess} says: creates its topics and one ACL per grant (reading or writing a topic
 * implies describing it; a consumer group, or every group starting with a prefix, is used with READ). The broker
 * denies whatever no ACL allows.
 */
public final class KafkaAcls {

    private KafkaAcls() {
    }

    /** The ACL a grant becomes. */
    static AclBinding binding(KafkaAccess.Grant grant) {
        ResourcePattern resource = switch (grant.operation()) {
            case READ_TOPIC, WRITE_TOPIC -> new ResourcePattern(ResourceType.TOPIC, grant.resource(),
                    PatternType.LITERAL);
            case USE_GROUP -> new ResourcePattern(ResourceType.GROUP, grant.resource(), PatternType.LITERAL);
            case USE_GROUP_PREFIX -> new ResourcePattern(ResourceType.GROUP, grant.resource(), PatternType.PREFIXED);
        };
        AclOperation operation = grant.operation() == KafkaAccess.Operation.WRITE_TOPIC ? AclOperation.WRITE
                : AclOperation.READ;
        return new AclBinding(resource, new AccessControlEntry("User:" + grant.principal(), "*", operation,
                AclPermissionType.ALLOW));
    }

    private static java.util.Collection<AclBinding> described(Admin admin) {
        try {
            return admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates the topics (those already there are kept) and the ACLs, and waits until the broker enforces them. */
    public static void apply(Map<String, Object> superUser) {
        try (Admin admin = Admin.create(superUser)) {
            List<NewTopic> topics = KafkaAccess.TOPICS.stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.config())).toList();
            for (var created : admin.createTopics(topics).values().values()) {
                try {
                    created.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Set<AclBinding> wanted = new HashSet<>(KafkaAccess.GRANTS.stream().map(KafkaAcls::binding).toList());
            admin.createAcls(wanted).all().get(60, TimeUnit.SECONDS);
            // the controller has them; the broker enforces them once its metadata caught up
            Waits.until("the broker's ACLs", Duration.ofSeconds(30), () -> described(admin).containsAll(wanted),
                    () -> "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up Kafka's topics and ACLs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set up Kafka's topics and ACLs: " + e.getMessage(), e);
        }
    }
}

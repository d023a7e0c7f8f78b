package io.computenet.billing.deadletter;

import io.computenet.billing.invoice.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/** The dead letters read back from the topic ({@code dead_letters}), newest first. */
@ApplicationScoped
public class DeadLetterRecords {

    @Inject
    EntityManager em;

    /** Stores a dead letter once: a redelivered one (same partition and offset) changes nothing. */
    @Transactional
    public boolean store(DeadLetter d) {
        return em.createNativeQuery("insert into dead_letters (dl_partition, dl_offset, dead_lettered_at, origin_topic,"
                        + " origin_partition, origin_offset, reason, exception_class, record_key, payload)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) on conflict do nothing")
                .setParameter(1, d.partition()).setParameter(2, d.offset()).setParameter(3, d.deadLetteredAt())
                .setParameter(4, d.originTopic()).setParameter(5, d.originPartition())
                .setParameter(6, d.originOffset()).setParameter(7, d.reason()).setParameter(8, d.exceptionClass())
                .setParameter(9, d.key()).setParameter(10, d.payload()).executeUpdate() == 1;
    }

    /** The newest {@code limit} dead letters. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<DeadLetter> latest(int limit) {
        List<Object[]> rows = em.createNativeQuery("select dl_partition, dl_offset, dead_lettered_at, origin_topic,"
                        + " origin_partition, origin_offset, reason, exception_class, record_key, payload"
                        + " from dead_letters order by dead_lettered_at desc, dl_partition, dl_offset desc limit ?1")
                .setParameter(1, limit).getResultList();
        return rows.stream().map(r -> new DeadLetter(((Number) r[0]).intValue(), ((Number) r[1]).longValue(),
                Rows.instant(r[2]), DeadLetter.serviceOf((String) r[3]), (String) r[3],
                r[4] == null ? null : ((Number) r[4]).intValue(), r[5] == null ? null : ((Number) r[5]).longValue(),
                (String) r[6], (String) r[7], (String) r[8], (String) r[9])).toList();
    }
}

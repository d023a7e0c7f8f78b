package io.computenet.billing.export;

import io.computenet.billing.metering.ChargeEntity;
import io.computenet.billing.metering.ChargeLineEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads the rated charge lines of one billing period (of ended leases, and of running ones up to now). */
@ApplicationScoped
public class ExportService {

    @Transactional
    public List<ExportLine> lines(YearMonth period, String tenantId) {
        List<ChargeLineEntity> lines = ChargeLineEntity.list("period", period.toString());
        if (lines.isEmpty()) {
            return List.of();
        }
        Map<String, ChargeEntity> charges = ChargeEntity.<ChargeEntity>list("leaseId in ?1",
                        lines.stream().map(l -> l.leaseId).toList()).stream()
                .collect(Collectors.toMap(c -> c.leaseId, Function.identity()));
        List<ExportLine> out = new ArrayList<>();
        for (ChargeLineEntity l : lines) {
            ChargeEntity c = charges.get(l.leaseId);
            if (tenantId != null && !tenantId.equals(c.tenantId)) {
                continue;
            }
            out.add(new ExportLine(l.period, c.tenantId, c.leaseId, c.operatorId, c.region, c.vendor.name(),
                    c.deviceModel, c.deviceCount, l.periodStart, l.periodEnd, l.seconds, l.pricePerDeviceHour,
                    l.currency, l.amount, c.share, c.sliceKind == null ? ""
                    : c.sliceKind + (c.sliceProfile == null ? "" : " " + c.sliceProfile)));
        }
        out.sort(Comparator.comparing(ExportLine::tenantId).thenComparing(ExportLine::usageStart)
                .thenComparing(ExportLine::leaseId));
        return out;
    }
}

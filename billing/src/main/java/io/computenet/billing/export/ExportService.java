package io.computenet.billing.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Streams the rated charges of one billing period in the requested format, line by line, in UTF-8. */
@ApplicationScoped
public class ExportService {

    private static final int BUFFER_CHARS = 1 << 16;
    private final RegionNames regions = RegionNames.load();

    @Inject
    ChargeLineReader charges;

    public StreamingOutput stream(ExportRequest request, String tenantId) {
        return out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER_CHARS);
            ExportWriter export = request.format().open(w, regions);
            export.header();
            charges.read(request.period(), tenantId, export::write);
            w.flush();
        };
    }
}

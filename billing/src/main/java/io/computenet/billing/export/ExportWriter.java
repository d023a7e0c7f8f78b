package io.computenet.billing.export;

import java.io.IOException;

/** Writes an export one line at a time, so that memory does not grow with the export's size. */
public interface ExportWriter {

    void header() throws IOException;

    void write(ExportLine line) throws IOException;
}

package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.config.GroundswellConfig;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Streams a campaign's signatures as CSV, whatever their number, a page at a time: each page is read by id after
 * the last one sent, in a short statement of its own, then written to the client with no connection held, so a
 * client that reads slowly (or stops) holds none of the pool. An organiser has at most a few downloads under way.
 */
@ApplicationScoped
public class SignatureExport {

    private final SignatureRepository signatures;
    private final ExportSlots slots;
    private final int pageSize;

    public SignatureExport(SignatureRepository signatures, GroundswellConfig config) {
        this.signatures = signatures;
        this.slots = new ExportSlots(config.exports().perOrganiser());
        this.pageSize = Math.max(1, config.exports().pageSize());
    }

    /** A download for the organiser, or none when they have as many under way as they may; close it when it ends. */
    public Optional<ExportSlots.Slot> start(long organiserId) {
        return slots.tryTake(organiserId);
    }

    public void writeCsv(long campaignId, OutputStream output) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
        writeRow(out, SignatureRepository.EXPORT_COLUMNS);
        long after = 0;
        List<SignatureRepository.ExportRow> page;
        do {
            try {
                page = signatures.exportPage(campaignId, after, pageSize);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            for (SignatureRepository.ExportRow row : page) {
                writeRow(out, row.cells());
                after = row.id();
            }
        } while (page.size() == pageSize);
        out.flush();
    }

    private static void writeRow(Writer out, String[] cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write("\r\n");
    }

    /**
     * RFC 4180 quoting, and a leading apostrophe on anything a spreadsheet would run as a formula
     * (=, +, -, @, tab, CR), as OWASP advises against CSV injection.
     */
    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}

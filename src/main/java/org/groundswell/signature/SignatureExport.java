package org.groundswell.signature;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Streams a campaign's signatures as CSV, whatever their number. */
@ApplicationScoped
public class SignatureExport {

    private final SignatureRepository signatures;

    public SignatureExport(SignatureRepository signatures) {
        this.signatures = signatures;
    }

    public void writeCsv(long campaignId, OutputStream output) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
        writeRow(out, SignatureRepository.EXPORT_COLUMNS);
        try {
            signatures.forEachForExport(campaignId, row -> {
                try {
                    writeRow(out, row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
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

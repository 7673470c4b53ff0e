package org.groundswell.signature;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Streams a campaign's signatures as CSV straight from a database cursor, whatever their number. */
@ApplicationScoped
public class SignatureExport {

    private static final String[] HEADER = {"name", "email", "country", "region", "postal_code", "district",
            "consent_to_updates", "status", "created_at", "confirmed_at"};

    private final AgroalDataSource dataSource;

    public SignatureExport(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void writeCsv(long campaignId, OutputStream output) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
        writeRow(out, HEADER);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // a PostgreSQL cursor (fetch size) needs a transaction
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT name, email, country, region, postal_code, district, consent_to_updates, status,
                           created_at, confirmed_at
                    FROM signature WHERE campaign_id = ? ORDER BY id""")) {
                statement.setLong(1, campaignId);
                statement.setFetchSize(1000);
                try (ResultSet rows = statement.executeQuery()) {
                    String[] row = new String[HEADER.length];
                    while (rows.next()) {
                        for (int i = 0; i < row.length; i++) {
                            Object value = rows.getObject(i + 1);
                            row[i] = value == null ? "" : value instanceof java.sql.Timestamp ts ? ts.toInstant().toString() : value.toString();
                        }
                        writeRow(out, row);
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("Export failed", e));
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

package org.groundswell.support;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads what the service stored, straight from the test database. */
public final class Db {

    private Db() {
    }

    /** The first column of the single row a query answers, as text. */
    public static String value(AgroalDataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no row for " + sql);
                }
                String value = rows.getString(1);
                if (rows.next()) {
                    throw new AssertionError("more than one row for " + sql);
                }
                return value;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(AgroalDataSource dataSource, String sql, Object... parameters) {
        return Long.parseLong(value(dataSource, sql, parameters));
    }
}

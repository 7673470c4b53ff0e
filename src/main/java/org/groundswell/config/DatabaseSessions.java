package org.groundswell.config;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Flyway migrates on pooled connections with the service's time limits lifted (quarkus.flyway.init-sql), since a
 * migration may rightly take minutes. Once it is done, before any job or request, every connection of the pool is
 * closed (idle ones now, one in use when it comes back), so that every connection the service then uses is a new
 * one with the limits of quarkus.datasource.jdbc.new-connection-sql.
 */
@ApplicationScoped
public class DatabaseSessions {

    void afterMigrations(@Observes @Priority(1) StartupEvent event, AgroalDataSource dataSource) {
        dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
    }
}

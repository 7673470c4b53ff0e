package org.groundswell.problem;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which database failures are "try again shortly" (503 with Retry-After) rather than a fault (500). */
class DatabaseGoneAwayTest {

    @Test
    void aPoolThatStayedBusyIsATemporaryState() {
        // What the connection pool throws when no connection came free within its acquisition timeout.
        SQLException busy = new SQLException("Acquisition timeout while waiting for new connection", new TimeoutException());
        assertTrue(ProblemMappers.databaseGoneAway(new RuntimeException("wrapped", busy)));
    }

    @Test
    void connectionStatesAreTemporaryAndOthersAreNot() {
        assertTrue(ProblemMappers.databaseGoneAway(new SQLException("terminating connection", "57P01")));
        assertTrue(ProblemMappers.databaseGoneAway(new SQLException("too many connections", "53300")));
        assertFalse(ProblemMappers.databaseGoneAway(new SQLException("syntax error", "42601")));
        assertFalse(ProblemMappers.databaseGoneAway(new SQLException("no state")));
        assertFalse(ProblemMappers.databaseGoneAway(new IllegalStateException("not the database")));
    }
}

package org.groundswell.congress;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.config.GroundswellConfig;

import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The snapshot of congress-legislators shipped in the jar ({@value #RESOURCE}). On start, a database without any
 * member gets it, so representatives work out of the box; replicas starting together import it once.
 */
@ApplicationScoped
public class BundledLegislators {

    public static final String RESOURCE = "congress/legislators-current.yaml";

    private final LegislatorImporter importer;

    public BundledLegislators(LegislatorImporter importer) {
        this.importer = importer;
    }

    void onStart(@Observes StartupEvent event, GroundswellConfig config) {
        if (config.congress().importBundledOnStart() && importer.importIfEmpty(BundledLegislators::open)) {
            Log.infof("No members of Congress were stored: imported the bundled %s", RESOURCE);
        }
    }

    public static InputStream open() {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new UncheckedIOException(new java.io.FileNotFoundException(RESOURCE + " is missing from the build"));
        }
        return in;
    }
}

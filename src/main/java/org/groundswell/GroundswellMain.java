package org.groundswell;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import org.groundswell.common.InvalidInputException;
import org.groundswell.congress.LegislatorImporter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Without arguments: the service. With {@code import-legislators <file>}: imports a legislators-current.yaml
 * file into the database and exits, without opening the HTTP port or running the scheduled jobs.
 */
@QuarkusMain
public class GroundswellMain implements QuarkusApplication {

    static final String IMPORT_LEGISLATORS = "import-legislators";

    @Inject
    LegislatorImporter importer;

    public static void main(String... args) {
        if (args.length > 0) {
            // A one-off command beside a running service: no port to clash with, no mail sent from here.
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.scheduler.enabled", "false");
            System.setProperty("groundswell.jobs.enabled", "false");
            System.setProperty("quarkus.management.port", "0"); // beside a running service on the same host
            System.setProperty("groundswell.demo.load-on-start", "false");
            System.setProperty("groundswell.congress.import-on-start", "false");
        }
        Quarkus.run(GroundswellMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (args.length == 2 && IMPORT_LEGISLATORS.equals(args[0])) {
            return importLegislators(Path.of(args[1]));
        }
        System.err.println("Usage: java -jar quarkus-run.jar [" + IMPORT_LEGISLATORS + " <legislators-current.yaml>]");
        return 2;
    }

    private int importLegislators(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            LegislatorImporter.Result result = importer.importFile(in);
            System.out.printf("Legislators imported from %s: %d inserted, %d updated, %d retired, %d unchanged%n",
                    file, result.inserted(), result.updated(), result.retired(), result.unchanged());
            return 0;
        } catch (NoSuchFileException e) {
            System.err.println("No such file: " + file);
        } catch (IOException e) {
            System.err.println("Cannot read " + file + ": " + e.getMessage());
        } catch (InvalidInputException e) {
            System.err.println(e.getMessage());
        }
        return 1;
    }
}

package org.groundswell.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No package of the service depends, through any chain, on a package that depends on it: each feature package
 * builds on those below it only, and an extension point is an interface the lower package owns.
 */
class PackageCyclesTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.groundswell");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.groundswell.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void theServiceWasImported() {
        // A rule over no classes would pass whatever the code: make sure the packages are there.
        assertTrue(SERVICE.containPackage("org.groundswell.http"), "the http package is imported");
        assertTrue(SERVICE.size() > 100, "the service's classes are imported: " + SERVICE.size());
    }
}

package org.groundswell.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the database and SMTP resources once for the whole test run (one app start). */
@QuarkusTestResource(GroundswellTestResources.class)
public class UsesTestResources {
}

package org.groundswell;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The API as a whole: one bearer scheme for the admin token, organisers' tokens and their API keys. */
@OpenAPIDefinition(info = @Info(title = "Groundswell API", version = "1.0"))
@SecurityScheme(securitySchemeName = GroundswellApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The admin token (role admin), an organiser's token (role organiser), or an organiser's API key "
                + "(gsk_..., role partner; also accepted as the OSDI-API-Token header)")
public class GroundswellApi extends Application {

    public static final String BEARER = "bearer";
}

package org.groundswell.security;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>}, or {@code OSDI-API-Token: <key>} (the header OSDI clients send an API
 * key in). No header: anonymous (public routes work, protected ones answer 401). Any other scheme, an empty token,
 * or both headers with different tokens: authentication fails.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    static final String SCHEME = "Bearer";
    /** The header OSDI clients send their API key in. */
    public static final String OSDI_HEADER = "OSDI-API-Token";
    private static final String PREFIX = SCHEME.toLowerCase() + " ";

    /** The token of an {@code Authorization: Bearer <token>} header; empty for any other header. */
    public static String tokenOf(String header) {
        return header != null && header.length() > PREFIX.length() && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).strip() : "";
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        String osdi = context.request().getHeader(OSDI_HEADER);
        if (header == null && osdi == null) {
            return Uni.createFrom().nullItem();
        }
        String token = header != null ? tokenOf(header) : osdi.strip();
        if (token.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "Send 'Authorization: Bearer <token>' or 'OSDI-API-Token: <key>'."));
        }
        if (header != null && osdi != null && !token.equals(osdi.strip())) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "Send one token: 'Authorization: Bearer' and 'OSDI-API-Token' differ."));
        }
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(token, SCHEME.toLowerCase()));
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, SCHEME));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME.toLowerCase()));
    }
}

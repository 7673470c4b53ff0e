package org.groundswell.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The admin token gives role admin; an organiser's token gives role organiser and the organiser's id; an API key
 * ({@link PartnerKeys}, looked up on every request) gives role partner and the key ({@link PartnerKey}), and no
 * organiser id or address: a key is not its organiser.
 */
@ApplicationScoped
public class BearerTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final String ORGANISER_ID = "organiser-id";
    /** The normalised e-mail address the caller is known by (an organiser's; a team member's in the console). */
    static final String EMAIL = "email";
    /** The {@link PartnerKey} of an API key's identity. */
    static final String PARTNER_KEY = "partner-key";

    private final AdminToken adminToken;
    private final OrganiserTokens organisers;
    private final PartnerKeys partnerKeys;

    public BearerTokenIdentityProvider(AdminToken adminToken, OrganiserTokens organisers, PartnerKeys partnerKeys) {
        this.adminToken = adminToken;
        this.organisers = organisers;
        this.partnerKeys = partnerKeys;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        if (adminToken.matches(token)) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("admin")).addRole(Roles.ADMIN).build());
        }
        if (PartnerKeys.looksLikeKey(token)) {
            return context.runBlocking(() -> {
                PartnerKey key = partnerKeys.find(token)
                        .orElseThrow(() -> new AuthenticationFailedException("The API key is not valid."));
                return QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("api-key-" + key.keyId()))
                        .addRole(Roles.PARTNER)
                        .addAttribute(PARTNER_KEY, key)
                        .build();
            });
        }
        return context.runBlocking(() -> {
            OrganiserTokens.Owner owner = organisers.owner(token)
                    .orElseThrow(() -> new AuthenticationFailedException("The bearer token is not valid."));
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("organiser-" + owner.id()))
                    .addRole(Roles.ORGANISER)
                    .addAttribute(ORGANISER_ID, owner.id())
                    .addAttribute(EMAIL, owner.email())
                    .build();
        });
    }
}

package org.onosproject.taas.sandbox.rest;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Base64;
import java.util.Set;

/**
 * HTTP basic authentication in front of every resource, as ONOS's web server does with its
 * default account: a request without valid credentials gets 401 with a
 * {@code WWW-Authenticate} challenge and a JSON error body; an authenticated request carries
 * a security context whose user has the given roles, which ONOS's AuthorizationFilter checks
 * (viewer may only GET, admin may change).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class BasicAuthFilter implements ContainerRequestFilter {

    private static final String REALM = "karaf";

    private final String user;
    private final byte[] expected;
    private final Set<String> roles;

    /**
     * Creates the filter for one account.
     *
     * @param user     user name
     * @param password password
     * @param roles    roles the user has (ONOS's: admin, viewer)
     */
    public BasicAuthFilter(String user, String password, Set<String> roles) {
        this.user = user;
        this.expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        this.roles = Set.copyOf(roles);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!authenticated(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity("{\"code\":401,\"message\":\"authentication required (HTTP basic)\"}").build());
            return;
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        Principal principal = () -> user;
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return roles.contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return SecurityContext.BASIC_AUTH;
            }
        });
    }

    private boolean authenticated(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, expected);
    }
}

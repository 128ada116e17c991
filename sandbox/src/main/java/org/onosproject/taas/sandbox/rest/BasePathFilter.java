package org.onosproject.taas.sandbox.rest;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import java.net.URI;

/**
 * Serves the application under a base path ({@code /onos/taas/}, as ONOS's web context of
 * the bundle): requests below it are matched relative to it, so that resources and
 * {@code Location} headers see the same URIs as in ONOS; any other path is 404.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class BasePathFilter implements ContainerRequestFilter {

    private final String path;

    /**
     * Creates the filter.
     *
     * @param path base path, such as {@code /onos/taas/}
     */
    public BasePathFilter(String path) {
        this.path = path.endsWith("/") ? path : path + "/";
    }

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String requested = uri.getRawPath();
        if (!requested.startsWith(path) && !(requested + "/").equals(path)) {
            request.abortWith(Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity("{\"code\":404,\"message\":\"nothing at " + requested.replaceAll("[^\\w/.-]", "?")
                            + "; the API is under " + path + "\"}").build());
            return;
        }
        request.setRequestUri(UriBuilder.fromUri(uri).replacePath(path).replaceQuery(null).build(), uri);
    }
}

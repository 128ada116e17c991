package org.onosproject.taas.rest;

import org.onosproject.taas.api.TaasException;

import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

/**
 * Maps a refused request to its HTTP status: INVALID to 400, NOT_FOUND to 404 and
 * CONFLICT (duplicate, port in use, quota) to 409, with the exception's message; below
 * /v2.0 (the Neutron-compatible API) in Neutron's error form.
 */
@Provider
public class TaasExceptionMapper implements ExceptionMapper<TaasException> {

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(TaasException e) {
        if (NeutronError.isNeutron(uriInfo)) {
            return NeutronError.of(e).response();
        }
        return JsonErrors.error(status(e.kind()).getStatusCode(), e.getMessage());
    }

    /**
     * Returns the HTTP status for a kind of refusal.
     *
     * @param kind kind of refusal
     * @return HTTP status
     */
    static Response.Status status(TaasException.Kind kind) {
        switch (kind) {
            case NOT_FOUND:
                return Response.Status.NOT_FOUND;
            case CONFLICT:
                return Response.Status.CONFLICT;
            case INVALID:
            default:
                return Response.Status.BAD_REQUEST;
        }
    }
}

package org.onosproject.taas.rest;

import javax.ws.rs.ClientErrorException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

/**
 * Gives the client errors Jersey raises itself (415 unsupported content type, 405 method
 * not allowed, 406 not acceptable...) a JSON error body like every other error; below /v2.0
 * (the Neutron-compatible API) Neutron's error body.
 */
@Provider
public class ClientErrorMapper implements ExceptionMapper<ClientErrorException> {

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(ClientErrorException e) {
        int status = e.getResponse().getStatus();
        String message = e.getMessage();
        if (status == Response.Status.UNSUPPORTED_MEDIA_TYPE.getStatusCode()) {
            message = "unsupported content type: send the body as application/json";
        }
        if (NeutronError.isNeutron(uriInfo)) {
            return NeutronError.response(status, neutronType(status), message);
        }
        return JsonErrors.error(status, message);
    }

    // the webob exception names Neutron reports for these statuses
    private static String neutronType(int status) {
        switch (status) {
            case 404:
                return "HTTPNotFound";
            case 405:
                return "HTTPMethodNotAllowed";
            case 406:
                return "HTTPNotAcceptable";
            case 415:
                return "HTTPUnsupportedMediaType";
            default:
                return "HTTPBadRequest";
        }
    }
}

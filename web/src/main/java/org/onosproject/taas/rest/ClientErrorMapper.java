package org.onosproject.taas.rest;

import javax.ws.rs.ClientErrorException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

/**
 * Gives the client errors Jersey raises itself (415 unsupported content type, 405 method
 * not allowed, 406 not acceptable...) a JSON error body like every other error.
 */
@Provider
public class ClientErrorMapper implements ExceptionMapper<ClientErrorException> {

    @Override
    public Response toResponse(ClientErrorException e) {
        int status = e.getResponse().getStatus();
        String message = e.getMessage();
        if (status == Response.Status.UNSUPPORTED_MEDIA_TYPE.getStatusCode()) {
            message = "unsupported content type: send the body as application/json";
        }
        return JsonErrors.error(status, message);
    }
}

package org.onosproject.taas.rest;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;

/**
 * Answers a refused Neutron-compatible request with Neutron's error body and status.
 */
@Provider
public class NeutronErrorMapper implements ExceptionMapper<NeutronError> {

    @Override
    public Response toResponse(NeutronError e) {
        return e.response();
    }
}

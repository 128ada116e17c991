package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Error responses of the REST API: {@code {"code": <HTTP status>, "message": "..."}}.
 */
final class JsonErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonErrors() {
    }

    /**
     * Returns an error response.
     *
     * @param status  HTTP status
     * @param message what was wrong
     * @return response with a JSON body
     */
    static Response error(int status, String message) {
        ObjectNode body = MAPPER.createObjectNode()
                .put("code", status)
                .put("message", message == null || message.isEmpty() ? "HTTP " + status : message);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString()).build();
    }
}

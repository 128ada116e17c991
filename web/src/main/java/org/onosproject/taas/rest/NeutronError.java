package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.taas.api.TaasException;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request to the Neutron-compatible API that was refused, answered as Neutron answers:
 * {@code {"NeutronError": {"type": "...", "message": "...", "detail": ""}}} with Neutron's
 * status code. The type is the name of the Neutron exception (HTTPBadRequest,
 * TapServiceNotFound...), which the clients use to pick their exception class; the message is
 * what they print. Nothing was changed.
 */
public final class NeutronError extends RuntimeException {

    /** Path prefix, below the application's web context, of the Neutron-compatible API. */
    static final String PREFIX = "v2.0";

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // native field names that differ in Neutron: tenant and port where they start a message
    // about the field itself, camelCase ones anywhere
    private static final Pattern LEADING_FIELD = Pattern.compile("^(tenant\\b|port(?=:| is missing))");
    private static final Pattern CAMEL_FIELD = Pattern.compile("\\b(sourcePort|tapServiceId|vlanFilter)\\b");

    private final int status;
    private final String type;

    /**
     * Creates a refusal.
     *
     * @param status  HTTP status
     * @param type    Neutron exception name
     * @param message what was wrong
     */
    public NeutronError(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    /**
     * Returns a 400 HTTPBadRequest, as Neutron's API layer refuses a malformed request.
     *
     * @param message what was wrong
     * @return refusal
     */
    static NeutronError badRequest(String message) {
        return new NeutronError(Response.Status.BAD_REQUEST.getStatusCode(), "HTTPBadRequest", message);
    }

    /**
     * Returns a 404 of the given Neutron type.
     *
     * @param type    Neutron exception name, e.g. TapServiceNotFound
     * @param message what does not exist
     * @return refusal
     */
    static NeutronError notFound(String type, String message) {
        return new NeutronError(Response.Status.NOT_FOUND.getStatusCode(), type, message);
    }

    /**
     * Returns the HTTP status.
     *
     * @return status code
     */
    public int status() {
        return status;
    }

    /**
     * Returns the Neutron exception name.
     *
     * @return type
     */
    public String type() {
        return type;
    }

    /**
     * Returns the response Neutron would give.
     *
     * @return response with a NeutronError body
     */
    Response response() {
        return response(status, type, getMessage());
    }

    /**
     * Returns a Neutron error response.
     *
     * @param status  HTTP status
     * @param type    Neutron exception name
     * @param message message
     * @return response with a NeutronError body
     */
    static Response response(int status, String type, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("NeutronError")
                .put("type", type)
                .put("message", message == null || message.isEmpty() ? "HTTP " + status : message)
                .put("detail", "");
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(root.toString()).build();
    }

    /**
     * Translates a refusal of the application (shared validation, store) into Neutron's
     * terms: its status (INVALID 400, NOT_FOUND 404, CONFLICT 409; a quota 409 OverQuota) and
     * the Neutron attribute names in the message (port_id, tenant_id, source_port,
     * tap_service_id, vlan_filter).
     *
     * @param e refusal of the application
     * @return Neutron refusal
     */
    static NeutronError of(TaasException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher lead = LEADING_FIELD.matcher(message);
        if (lead.find()) {
            message = lead.replaceFirst(lead.group(1).trim() + "_id");
        }
        StringBuilder sb = new StringBuilder();
        Matcher camel = CAMEL_FIELD.matcher(message);
        while (camel.find()) {
            camel.appendReplacement(sb, snake(camel.group(1)));
        }
        camel.appendTail(sb);
        message = sb.toString();
        switch (e.kind()) {
            case NOT_FOUND:
                return new NeutronError(Response.Status.NOT_FOUND.getStatusCode(), "NotFound", message);
            case CONFLICT:
                return new NeutronError(Response.Status.CONFLICT.getStatusCode(),
                        message.startsWith("quota") ? "OverQuota" : "Conflict", message);
            case INVALID:
            default:
                return new NeutronError(Response.Status.BAD_REQUEST.getStatusCode(), "InvalidInput",
                        "Invalid input for operation: " + message + ".");
        }
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Returns true if the request is one to the Neutron-compatible API, whose errors take
     * Neutron's form.
     *
     * @param uriInfo request URI information, may be null outside a request
     * @return true below /v2.0
     */
    static boolean isNeutron(UriInfo uriInfo) {
        if (uriInfo == null) {
            return false;
        }
        try {
            String path = uriInfo.getPath();
            return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/")
                    || path.startsWith("/" + PREFIX));
        } catch (RuntimeException e) {
            return false;
        }
    }
}

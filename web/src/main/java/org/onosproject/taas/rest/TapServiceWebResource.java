package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.JsonCodec;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tap services: the ports that receive mirrored copies.
 */
@Path("tap-services")
public class TapServiceWebResource extends TaasWebResource {

    /** Plural wrapper of tap service lists. */
    static final String TAP_SERVICES = "tapServices";
    private static final String ID = "id";

    @Context
    private UriInfo uriInfo;

    /**
     * Gets all tap services.
     *
     * @return 200 OK with {"tapServices": [...]}
     * @onos.rsModel TapServices
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTapServices() {
        List<TapService> services = get(TaasService.class).getTapServices().stream()
                .sorted(Comparator.comparing(TapService::name).thenComparing(s -> s.id().toString()))
                .collect(Collectors.toList());
        ObjectNode root = mapper().createObjectNode();
        root.set(TAP_SERVICES, codec(TapService.class).encode(services, this));
        return ok(root).build();
    }

    /**
     * Gets a tap service.
     *
     * @param id tap service id (UUID)
     * @return 200 OK with the tap service; 400 if the id is malformed; 404 if there is none
     * @onos.rsModel TapService
     */
    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTapService(@PathParam("id") String id) {
        return ok(codec(TapService.class).encode(existing(id), this)).build();
    }

    /**
     * Creates one tap service, or several at once (all or none).
     * The body is a tap service or {"tapServices": [...]}; the id is optional; status and
     * reason are ignored.
     *
     * @param stream JSON body: one tap service or {"tapServices": [...]}
     * @return 201 CREATED with the created tap service(s) and their Location; 400 for bad
     *         input; 409 if a port is taken, a mirror loop or the quota is reached
     * @onos.rsModel TapServicePost
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createTapServices(InputStream stream) {
        ObjectNode body = readObject(stream);
        JsonCodec<TapService> codec = codec(TapService.class);
        TaasAdminService admin = get(TaasAdminService.class);
        if (body.has(TAP_SERVICES)) {
            List<TapService> created = admin.createTapServices(
                    decodeBulk(body, TAP_SERVICES, json -> codec.decode(json, this)));
            ObjectNode root = mapper().createObjectNode();
            root.set(TAP_SERVICES, codec.encode(created, this));
            URI location = uriInfo.getBaseUriBuilder().path("tap-services").build();
            return Response.created(location).entity(root).build();
        }
        TapService created = admin.createTapService(codec.decode(body, this));
        return Response.created(location(created.id()))
                .entity(codec.encode(created, this)).build();
    }

    /**
     * Updates the name and description of a tap service. Fields absent from the body keep
     * their values; the port and tenant cannot change.
     *
     * @param id     tap service id (UUID)
     * @param stream JSON body with the fields to change
     * @return 200 OK with the updated tap service; 400 for bad input; 404 if there is none
     * @onos.rsModel TapServicePut
     */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateTapService(@PathParam("id") String id, InputStream stream) {
        TapService current = existing(id);
        ObjectNode body = readObject(stream);
        checkSameId(body, current.id().toString());
        JsonCodec<TapService> codec = codec(TapService.class);
        ObjectNode merged = codec.encode(current, this);
        merged.setAll(body);
        TapService updated = get(TaasAdminService.class).updateTapService(codec.decode(merged, this));
        return ok(codec.encode(updated, this)).build();
    }

    /**
     * Removes a tap service and every tap flow that feeds it.
     *
     * @param id tap service id (UUID)
     * @return 204 NO CONTENT; 400 if the id is malformed; 404 if there is none
     */
    @DELETE
    @Path("{id}")
    public Response removeTapService(@PathParam("id") String id) {
        get(TaasAdminService.class).removeTapService(parseId(id));
        return Response.noContent().build();
    }

    private URI location(TapServiceId id) {
        return uriInfo.getBaseUriBuilder().path("tap-services").path(id.toString()).build();
    }

    private TapService existing(String id) {
        TapServiceId serviceId = parseId(id);
        TapService service = get(TaasService.class).getTapService(serviceId);
        if (service == null) {
            throw TaasException.notFound("tap service " + serviceId + " does not exist");
        }
        return service;
    }

    /**
     * Parses a tap service id given in a path or query.
     *
     * @param id    id text
     * @param field name of the parameter, for the message
     * @return tap service id
     */
    static TapServiceId parseId(String id, String field) {
        try {
            return TapServiceId.of(id);
        } catch (IllegalArgumentException e) {
            throw TaasException.invalid(field + ": malformed tap service id " + quote(id)
                    + "; expected a UUID");
        }
    }

    private static TapServiceId parseId(String id) {
        return parseId(id, ID);
    }
}

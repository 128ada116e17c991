package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.JsonCodec;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapServiceId;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tap flows: the mirrored source ports, with direction and VLAN filter, of tap services.
 */
@Path("tap-flows")
public class TapFlowWebResource extends TaasWebResource {

    /** Plural wrapper of tap flow lists. */
    static final String TAP_FLOWS = "tapFlows";
    private static final String ID = "id";
    private static final String TAP_SERVICE_ID = "tapServiceId";

    @Context
    private UriInfo uriInfo;

    /**
     * Gets all tap flows, or those of one tap service.
     *
     * @param tapServiceId optional tap service id (UUID) to filter on
     * @return 200 OK with {"tapFlows": [...]}; 400 if the tap service id is malformed; 404 if
     *         there is no such tap service
     * @onos.rsModel TapFlows
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTapFlows(@QueryParam("tapServiceId") String tapServiceId) {
        TaasService service = get(TaasService.class);
        Collection<TapFlow> flows;
        if (tapServiceId == null) {
            flows = service.getTapFlows();
        } else {
            TapServiceId sid = TapServiceWebResource.parseId(tapServiceId, TAP_SERVICE_ID);
            if (service.getTapService(sid) == null) {
                throw TaasException.notFound(TAP_SERVICE_ID + ": tap service " + sid + " does not exist");
            }
            flows = service.getTapFlows(sid);
        }
        List<TapFlow> sorted = flows.stream()
                .sorted(Comparator.comparing(TapFlow::name).thenComparing(f -> f.id().toString()))
                .collect(Collectors.toList());
        ObjectNode root = mapper().createObjectNode();
        root.set(TAP_FLOWS, codec(TapFlow.class).encode(sorted, this));
        return ok(root).build();
    }

    /**
     * Gets a tap flow.
     *
     * @param id tap flow id (UUID)
     * @return 200 OK with the tap flow; 400 if the id is malformed; 404 if there is none
     * @onos.rsModel TapFlow
     */
    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTapFlow(@PathParam("id") String id) {
        return ok(codec(TapFlow.class).encode(existing(id), this)).build();
    }

    /**
     * Creates one tap flow, or several at once (all or none).
     * The body is a tap flow or {"tapFlows": [...]}; the id is optional; status and reason
     * are ignored.
     *
     * @param stream JSON body: one tap flow or {"tapFlows": [...]}
     * @return 201 CREATED with the created tap flow(s) and their Location; 400 for bad input;
     *         404 if the tap service does not exist; 409 for a duplicate, a mirror loop or the quota
     * @onos.rsModel TapFlowPost
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createTapFlows(InputStream stream) {
        ObjectNode body = readObject(stream);
        JsonCodec<TapFlow> codec = codec(TapFlow.class);
        TaasAdminService admin = get(TaasAdminService.class);
        if (body.has(TAP_FLOWS)) {
            List<TapFlow> created = admin.createTapFlows(
                    decodeBulk(body, TAP_FLOWS, json -> codec.decode(json, this)));
            ObjectNode root = mapper().createObjectNode();
            root.set(TAP_FLOWS, codec.encode(created, this));
            URI location = uriInfo.getBaseUriBuilder().path("tap-flows").build();
            return Response.created(location).entity(root).build();
        }
        TapFlow created = admin.createTapFlow(codec.decode(body, this));
        URI location = uriInfo.getBaseUriBuilder().path("tap-flows").path(created.id().toString()).build();
        return Response.created(location).entity(codec.encode(created, this)).build();
    }

    /**
     * Updates a tap flow in place: name, description, direction and VLAN filter may change
     * (a null vlanFilter removes the filter). Fields absent from the body keep their values;
     * the source port, tap service and tenant cannot change.
     *
     * @param id     tap flow id (UUID)
     * @param stream JSON body with the fields to change
     * @return 200 OK with the updated tap flow; 400 for bad input; 404 if there is none;
     *         409 if the result duplicates another tap flow
     * @onos.rsModel TapFlowPut
     */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateTapFlow(@PathParam("id") String id, InputStream stream) {
        TapFlow current = existing(id);
        ObjectNode body = readObject(stream);
        checkSameId(body, current.id().toString());
        JsonCodec<TapFlow> codec = codec(TapFlow.class);
        ObjectNode merged = codec.encode(current, this);
        merged.setAll(body);
        TapFlow updated = get(TaasAdminService.class).updateTapFlow(codec.decode(merged, this));
        return ok(codec.encode(updated, this)).build();
    }

    /**
     * Removes a tap flow.
     *
     * @param id tap flow id (UUID)
     * @return 204 NO CONTENT; 400 if the id is malformed; 404 if there is none
     */
    @DELETE
    @Path("{id}")
    public Response removeTapFlow(@PathParam("id") String id) {
        get(TaasAdminService.class).removeTapFlow(parseId(id));
        return Response.noContent().build();
    }

    private TapFlow existing(String id) {
        TapFlowId flowId = parseId(id);
        TapFlow flow = get(TaasService.class).getTapFlow(flowId);
        if (flow == null) {
            throw TaasException.notFound("tap flow " + flowId + " does not exist");
        }
        return flow;
    }

    private static TapFlowId parseId(String id) {
        try {
            return TapFlowId.of(id);
        } catch (IllegalArgumentException e) {
            throw TaasException.invalid(ID + ": malformed tap flow id " + quote(id) + "; expected a UUID");
        }
    }
}

package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.IpAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasIds;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapTunnel;
import org.onosproject.taas.api.VlanFilter;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Neutron Tap-as-a-Service API ({@code /v2.0/taas/tap_services}, {@code /v2.0/taas/tap_flows})
 * over the application's one model, store and validation: OpenStack's own clients
 * ({@code neutron tap-service-create}, {@code openstack tap flow create}...) drive ONOS with
 * base URL {@code http://<onos>:8181/onos/taas}. Neutron's JSON shapes, status codes,
 * read-only attributes and error bodies; ports are the UUIDs of /v2.0/ports (a connect point
 * or a port name is accepted too).
 */
@Path("v2.0/taas")
public class NeutronTaasWebResource extends NeutronWebResource {

    private static final String TAP_SERVICE = "tap_service";
    private static final String TAP_SERVICES = "tap_services";
    private static final String TAP_FLOW = "tap_flow";
    private static final String TAP_FLOWS = "tap_flows";
    private static final String ID = "id";
    private static final String NAME = "name";
    private static final String DESCRIPTION = "description";
    private static final String PORT_ID = "port_id";
    private static final String STATUS = "status";
    private static final String TAP_SERVICE_ID = "tap_service_id";
    private static final String SOURCE_PORT = "source_port";
    private static final String DIRECTION = "direction";
    private static final String VLAN_FILTER = "vlan_filter";
    private static final String TAP_MIRROR = "tap_mirror";
    private static final String TAP_MIRRORS = "tap_mirrors";
    private static final String DIRECTIONS = "directions";
    private static final String REMOTE_IP = "remote_ip";
    private static final String MIRROR_TYPE = "mirror_type";
    private static final String ERSPANV1 = "erspanv1";

    /** Attributes of a tap service, as neutron_lib's taas definition. */
    static final List<Attr> SERVICE_ATTRS = List.of(
            new Attr(ID, false, false, false, Kind.UUID),
            new Attr(TENANT_ID, true, false, false, Kind.STRING),
            new Attr(NAME, true, true, false, Kind.STRING),
            new Attr(DESCRIPTION, true, true, false, Kind.STRING),
            new Attr(PORT_ID, true, false, true, Kind.PORT),
            new Attr(STATUS, false, false, false, Kind.OUTPUT));
    /** Attributes of a tap flow, as neutron_lib's taas and taas-vlan-filter definitions. */
    static final List<Attr> FLOW_ATTRS = List.of(
            new Attr(ID, false, false, false, Kind.UUID),
            new Attr(TENANT_ID, true, false, false, Kind.STRING),
            new Attr(NAME, true, true, false, Kind.STRING),
            new Attr(DESCRIPTION, true, true, false, Kind.STRING),
            new Attr(TAP_SERVICE_ID, true, false, true, Kind.UUID),
            new Attr(SOURCE_PORT, true, false, true, Kind.PORT),
            new Attr(DIRECTION, true, false, true, Kind.DIRECTION),
            new Attr(STATUS, false, false, false, Kind.OUTPUT),
            new Attr(VLAN_FILTER, true, false, false, Kind.VLAN_FILTER));
    /** Attributes of a tap mirror, as neutron_lib's tap_mirror definition. */
    static final List<Attr> MIRROR_ATTRS = List.of(
            new Attr(ID, false, false, false, Kind.UUID),
            new Attr(TENANT_ID, true, false, false, Kind.STRING),
            new Attr(NAME, true, true, false, Kind.STRING),
            new Attr(DESCRIPTION, true, true, false, Kind.STRING),
            new Attr(PORT_ID, true, false, true, Kind.PORT),
            new Attr(DIRECTIONS, true, false, true, Kind.DIRECTION_KEYS),
            new Attr(REMOTE_IP, true, false, true, Kind.IP_ADDRESS),
            new Attr(MIRROR_TYPE, true, false, true, Kind.MIRROR_TYPE));
    /** Attributes that may be filtered and sorted on. */
    static final List<String> MIRROR_FIELDS = List.of(ID, TENANT_ID, PROJECT_ID, NAME, DESCRIPTION, PORT_ID,
            REMOTE_IP, MIRROR_TYPE);
    /** Attributes that may be filtered and sorted on. */
    static final List<String> SERVICE_FIELDS = List.of(ID, TENANT_ID, PROJECT_ID, NAME, DESCRIPTION, PORT_ID,
            STATUS);
    /** Attributes that may be filtered and sorted on. */
    static final List<String> FLOW_FIELDS = List.of(ID, TENANT_ID, PROJECT_ID, TAP_SERVICE_ID, NAME, DESCRIPTION,
            SOURCE_PORT, DIRECTION, STATUS, VLAN_FILTER);

    @Context
    private UriInfo uriInfo;

    // ---- representation --------------------------------------------------------------------

    /**
     * Returns the Neutron representation of a tap service.
     *
     * @param s tap service
     * @return {id, tenant_id, project_id, name, description, port_id, status}
     */
    ObjectNode encode(TapService s) {
        return mapper().createObjectNode()
                .put(ID, s.id().toString())
                .put(TENANT_ID, s.tenant())
                .put(PROJECT_ID, s.tenant())
                .put(NAME, s.name())
                .put(DESCRIPTION, s.description())
                .put(PORT_ID, s.isTunnel() ? null : NeutronPorts.portId(s.port()))
                .put(STATUS, s.status().state().name());
    }

    /**
     * Returns the Neutron representation of a tap flow.
     *
     * @param f tap flow
     * @return {id, tenant_id, project_id, tap_service_id, name, description, source_port,
     *         direction, status, vlan_filter}
     */
    ObjectNode encode(TapFlow f) {
        ObjectNode json = mapper().createObjectNode()
                .put(ID, f.id().toString())
                .put(TENANT_ID, f.tenant())
                .put(PROJECT_ID, f.tenant())
                .put(TAP_SERVICE_ID, f.tapServiceId().toString())
                .put(NAME, f.name())
                .put(DESCRIPTION, f.description())
                .put(SOURCE_PORT, NeutronPorts.portId(f.sourcePort()))
                .put(DIRECTION, f.direction().name())
                .put(STATUS, f.status().state().name());
        if (f.vlanFilter().isPresent()) {
            json.put(VLAN_FILTER, f.vlanFilter().get().format());
        } else {
            json.putNull(VLAN_FILTER);
        }
        return json;
    }

    private Response one(String resource, ObjectNode object, int status) {
        ObjectNode root = mapper().createObjectNode();
        root.set(resource, NeutronQuery.project(object, new NeutronQuery(uriInfo).fields()));
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(root).build();
    }

    private Response many(String collection, List<ObjectNode> objects) {
        ObjectNode root = mapper().createObjectNode();
        ArrayNode array = root.putArray(collection);
        objects.forEach(array::add);
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE).entity(root).build();
    }

    // ---- tap services ----------------------------------------------------------------------

    /**
     * Lists tap services.
     * Filters on any attribute (?name=, ?port_id=..., several values of one attribute: any),
     * fields=, sort_key/sort_dir and limit/marker as in Neutron.
     *
     * @return 200 OK with {"tap_services": [...]}; 400 for an attribute that cannot be filtered on
     * @onos.rsModel NeutronTapServices
     */
    @GET
    @Path("tap_services")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTapServices() {
        NeutronQuery query = new NeutronQuery(uriInfo);
        Map<String, List<String>> filters = query.filters(SERVICE_FIELDS);
        List<ObjectNode> items = get(TaasService.class).getTapServices().stream()
                .sorted(Comparator.comparing(TapService::name).thenComparing(s -> s.id().toString()))
                .map(this::encode).collect(Collectors.toList());
        return ok(query.collection(filter(items, filters), TAP_SERVICES, SERVICE_FIELDS,
                NeutronTaasWebResource::serviceNotFound)).build();
    }

    /**
     * Gets a tap service; fields= as in Neutron.
     *
     * @param id tap service id
     * @return 200 OK with {"tap_service": {...}}; 404 TapServiceNotFound
     * @onos.rsModel NeutronTapService
     */
    @GET
    @Path("tap_services/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTapService(@PathParam("id") String id) {
        return one(TAP_SERVICE, encode(existingService(id)), Response.Status.OK.getStatusCode());
    }

    /**
     * Creates a tap service, or several at once (all or none).
     * The body is {"tap_service": {...}} or {"tap_services": [...]}; port_id is required: a
     * port id from /v2.0/ports, a connect point or a port name.
     *
     * @param stream JSON body
     * @return 201 CREATED with {"tap_service": {...}}; 400 for bad input; 404
     *         InvalidDestinationPort for an unknown port; 409 if the port is taken, a mirror
     *         loop or the quota is reached
     * @onos.rsModel NeutronTapServicePost
     */
    @POST
    @Path("tap_services")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createTapService(InputStream stream) {
        ObjectNode body = readNeutronBody(stream);
        TaasAdminService admin = get(TaasAdminService.class);
        List<ObjectNode> items = bulk(body, TAP_SERVICE, TAP_SERVICES);
        if (items != null) {
            List<TapService> requests = new ArrayList<>();
            for (ObjectNode item : items) {
                requests.add(decodeService(item));
            }
            return many(TAP_SERVICES, admin.createTapServices(requests).stream().map(this::encode)
                    .collect(Collectors.toList()));
        }
        TapService created = admin.createTapService(decodeService(body));
        return one(TAP_SERVICE, encode(created), Response.Status.CREATED.getStatusCode());
    }

    private TapService decodeService(ObjectNode body) {
        Map<String, JsonNode> given = checkBody(body, TAP_SERVICE, SERVICE_ATTRS, true);
        ConnectPoint port = ports().resolve(text(given, PORT_ID, ""), PORT_ID, "InvalidDestinationPort",
                "Destination Port");
        return TapService.builder()
                .id(TapServiceId.random())
                .tenant(text(given, TENANT_ID, ""))
                .name(text(given, NAME, ""))
                .description(text(given, DESCRIPTION, ""))
                .port(port)
                .build();
    }

    /**
     * Updates the name and description of a tap service.
     * Neutron's other attributes are read-only.
     *
     * @param id     tap service id
     * @param stream JSON body {"tap_service": {"name": ..., "description": ...}}
     * @return 200 OK with {"tap_service": {...}}; 400 for bad input or a read-only attribute;
     *         404 TapServiceNotFound
     * @onos.rsModel NeutronTapServicePut
     */
    @PUT
    @Path("tap_services/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateTapService(@PathParam("id") String id, InputStream stream) {
        ObjectNode body = readNeutronBody(stream);
        Map<String, JsonNode> given = checkBody(body, TAP_SERVICE, SERVICE_ATTRS, false);
        TapService current = existingService(id);
        TapService changed = current.toBuilder()
                .name(text(given, NAME, current.name()))
                .description(text(given, DESCRIPTION, current.description()))
                .build();
        TapService updated;
        try {
            updated = get(TaasAdminService.class).updateTapService(changed);
        } catch (TaasException e) {
            throw notFoundAs(e, serviceNotFound(id));
        }
        return one(TAP_SERVICE, encode(updated), Response.Status.OK.getStatusCode());
    }

    /**
     * Removes a tap service and every tap flow that feeds it.
     *
     * @param id tap service id
     * @return 204 NO CONTENT; 404 TapServiceNotFound
     */
    @DELETE
    @Path("tap_services/{id}")
    public Response removeTapService(@PathParam("id") String id) {
        TapService current = existingService(id);
        try {
            get(TaasAdminService.class).removeTapService(current.id());
        } catch (TaasException e) {
            throw notFoundAs(e, serviceNotFound(id));
        }
        return Response.noContent().build();
    }

    // ---- tap flows ---------------------------------------------------------------------------

    /**
     * Lists tap flows.
     * Filters on any attribute (?tap_service_id=, ?source_port=, ?direction=..., several
     * values of one attribute: any), fields=, sort_key/sort_dir and limit/marker as in Neutron.
     *
     * @return 200 OK with {"tap_flows": [...]}; 400 for an attribute that cannot be filtered on
     * @onos.rsModel NeutronTapFlows
     */
    @GET
    @Path("tap_flows")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTapFlows() {
        NeutronQuery query = new NeutronQuery(uriInfo);
        Map<String, List<String>> filters = query.filters(FLOW_FIELDS);
        List<ObjectNode> items = get(TaasService.class).getTapFlows().stream()
                .sorted(Comparator.comparing(TapFlow::name).thenComparing(f -> f.id().toString()))
                .map(this::encode).collect(Collectors.toList());
        return ok(query.collection(filter(items, filters), TAP_FLOWS, FLOW_FIELDS,
                NeutronTaasWebResource::flowNotFound)).build();
    }

    /**
     * Gets a tap flow; fields= as in Neutron.
     *
     * @param id tap flow id
     * @return 200 OK with {"tap_flow": {...}}; 404 TapFlowNotFound
     * @onos.rsModel NeutronTapFlow
     */
    @GET
    @Path("tap_flows/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTapFlow(@PathParam("id") String id) {
        return one(TAP_FLOW, encode(existingFlow(id)), Response.Status.OK.getStatusCode());
    }

    /**
     * Creates a tap flow, or several at once (all or none).
     * The body is {"tap_flow": {...}} or {"tap_flows": [...]}; tap_service_id, source_port
     * and direction are required, vlan_filter is optional.
     *
     * @param stream JSON body
     * @return 201 CREATED with {"tap_flow": {...}}; 400 for bad input; 404 TapServiceNotFound
     *         or InvalidSourcePort; 409 for a duplicate, a mirror loop or the quota
     * @onos.rsModel NeutronTapFlowPost
     */
    @POST
    @Path("tap_flows")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createTapFlow(InputStream stream) {
        ObjectNode body = readNeutronBody(stream);
        TaasAdminService admin = get(TaasAdminService.class);
        List<ObjectNode> items = bulk(body, TAP_FLOW, TAP_FLOWS);
        if (items != null) {
            List<TapFlow> requests = new ArrayList<>();
            for (ObjectNode item : items) {
                requests.add(decodeFlow(item));
            }
            return many(TAP_FLOWS, admin.createTapFlows(requests).stream().map(this::encode)
                    .collect(Collectors.toList()));
        }
        TapFlow created = admin.createTapFlow(decodeFlow(body));
        return one(TAP_FLOW, encode(created), Response.Status.CREATED.getStatusCode());
    }

    private TapFlow decodeFlow(ObjectNode body) {
        Map<String, JsonNode> given = checkBody(body, TAP_FLOW, FLOW_ATTRS, true);
        String serviceId = text(given, TAP_SERVICE_ID, "");
        TapService service = get(TaasService.class).getTapService(TapServiceId.of(serviceId));
        if (service == null) {
            throw serviceNotFound(serviceId);
        }
        ConnectPoint source = ports().resolve(text(given, SOURCE_PORT, ""), SOURCE_PORT, "InvalidSourcePort",
                "Source Port");
        String filter = text(given, VLAN_FILTER, null);
        return TapFlow.builder()
                .id(TapFlowId.random())
                // no project in the request: the tap service's, which Neutron requires anyway
                .tenant(text(given, TENANT_ID, service.tenant()))
                .name(text(given, NAME, ""))
                .description(text(given, DESCRIPTION, ""))
                .tapServiceId(service.id())
                .sourcePort(source)
                .direction(Direction.parse(text(given, DIRECTION, "")))
                .vlanFilter(filter == null ? null : VlanFilter.parse(filter))
                .build();
    }

    /**
     * Updates the name and description of a tap flow.
     * Neutron's other attributes (direction, vlan_filter and the rest) are read-only.
     *
     * @param id     tap flow id
     * @param stream JSON body {"tap_flow": {"name": ..., "description": ...}}
     * @return 200 OK with {"tap_flow": {...}}; 400 for bad input or a read-only attribute;
     *         404 TapFlowNotFound
     * @onos.rsModel NeutronTapFlowPut
     */
    @PUT
    @Path("tap_flows/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateTapFlow(@PathParam("id") String id, InputStream stream) {
        ObjectNode body = readNeutronBody(stream);
        Map<String, JsonNode> given = checkBody(body, TAP_FLOW, FLOW_ATTRS, false);
        TapFlow current = existingFlow(id);
        TapFlow changed = current.toBuilder()
                .name(text(given, NAME, current.name()))
                .description(text(given, DESCRIPTION, current.description()))
                .build();
        TapFlow updated;
        try {
            updated = get(TaasAdminService.class).updateTapFlow(changed);
        } catch (TaasException e) {
            throw notFoundAs(e, flowNotFound(id));
        }
        return one(TAP_FLOW, encode(updated), Response.Status.OK.getStatusCode());
    }

    /**
     * Removes a tap flow.
     *
     * @param id tap flow id
     * @return 204 NO CONTENT; 404 TapFlowNotFound
     */
    @DELETE
    @Path("tap_flows/{id}")
    public Response removeTapFlow(@PathParam("id") String id) {
        TapFlow current = existingFlow(id);
        try {
            get(TaasAdminService.class).removeTapFlow(current.id());
        } catch (TaasException e) {
            throw notFoundAs(e, flowNotFound(id));
        }
        return Response.noContent().build();
    }

    // ---- tap mirrors -------------------------------------------------------------------------

    /**
     * Returns the Neutron representation of a tap mirror: a tunnel tap service and its one tap
     * flow (the mirror's id is the tap service's).
     *
     * @param s tunnel tap service
     * @param f its tap flow
     * @return {id, tenant_id, project_id, name, description, port_id, directions, remote_ip,
     *         mirror_type}
     */
    ObjectNode encode(TapService s, TapFlow f) {
        TapTunnel t = s.tunnel().get();
        ObjectNode json = mapper().createObjectNode()
                .put(ID, s.id().toString())
                .put(TENANT_ID, s.tenant())
                .put(PROJECT_ID, s.tenant())
                .put(NAME, s.name())
                .put(DESCRIPTION, s.description())
                .put(PORT_ID, NeutronPorts.portId(f.sourcePort()));
        ObjectNode dirs = json.putObject(DIRECTIONS);
        if (f.direction().includesIn()) {
            dirs.put("IN", t.inKey());
        }
        if (f.direction().includesOut()) {
            dirs.put("OUT", t.outKey());
        }
        return json.put(REMOTE_IP, t.remoteIp().toString())
                .put(MIRROR_TYPE, t.type() == TapTunnel.Type.GRE ? "gre" : ERSPANV1);
    }

    // the tap mirrors: tunnel tap services with exactly one tap flow
    private List<ObjectNode> mirrors() {
        TaasService taas = get(TaasService.class);
        List<ObjectNode> items = new ArrayList<>();
        taas.getTapServices().stream().filter(TapService::isTunnel)
                .sorted(Comparator.comparing(TapService::name).thenComparing(s -> s.id().toString()))
                .forEach(s -> {
                    List<TapFlow> flows = new ArrayList<>(taas.getTapFlows(s.id()));
                    if (flows.size() == 1) {
                        items.add(encode(s, flows.get(0)));
                    }
                });
        return items;
    }

    /**
     * Lists tap mirrors (OpenStack TaaS's remote mirrors: a tunnel tap service and its one tap
     * flow). Filters, fields=, sorting and paging as for tap services.
     *
     * @return 200 OK with {"tap_mirrors": [...]}
     * @onos.rsModel NeutronTapMirrors
     */
    @GET
    @Path("tap_mirrors")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTapMirrors() {
        NeutronQuery query = new NeutronQuery(uriInfo);
        Map<String, List<String>> filters = query.filters(MIRROR_FIELDS);
        return ok(query.collection(filter(mirrors(), filters), TAP_MIRRORS, MIRROR_FIELDS,
                NeutronTaasWebResource::mirrorNotFound)).build();
    }

    /**
     * Gets a tap mirror; fields= as in Neutron.
     *
     * @param id tap mirror id
     * @return 200 OK with {"tap_mirror": {...}}; 404 TapMirrorNotFound
     * @onos.rsModel NeutronTapMirror
     */
    @GET
    @Path("tap_mirrors/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getTapMirror(@PathParam("id") String id) {
        return one(TAP_MIRROR, existingMirror(id), Response.Status.OK.getStatusCode());
    }

    /**
     * Creates a tap mirror: copies of port_id's traffic, in the directions given, sent
     * through a GRE or ERSPAN (erspanv1) tunnel to remote_ip with each direction's key. It is
     * a tunnel tap service plus one tap flow (BOTH when both keys are given). ONOS's tunnel tap
     * services need a key for each direction: a mirror with one direction only is refused.
     *
     * @param stream JSON body {"tap_mirror": {...}}
     * @return 201 CREATED with {"tap_mirror": {...}}; 400 for bad input; 404 InvalidSourcePort;
     *         409 for a key already used towards that collector
     * @onos.rsModel NeutronTapMirrorPost
     */
    @POST
    @Path("tap_mirrors")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createTapMirror(InputStream stream) {
        ObjectNode body = readNeutronBody(stream);
        Map<String, JsonNode> given = checkBody(body, TAP_MIRROR, MIRROR_ATTRS, true);
        ConnectPoint source = ports().resolve(text(given, PORT_ID, ""), PORT_ID, "InvalidSourcePort",
                "Source Port");
        JsonNode dirs = given.get(DIRECTIONS);
        if (!dirs.has("IN") || !dirs.has("OUT")) {
            throw NeutronError.badRequest("Invalid input for directions. Reason: ONOS mirrors to a tunnel with a"
                    + " key for each direction; give both IN and OUT (e.g. {\"IN\": 101, \"OUT\": 102}).");
        }
        TapTunnel tunnel = TapTunnel.builder()
                .type(given.get(MIRROR_TYPE).textValue().equals("gre") ? TapTunnel.Type.GRE : TapTunnel.Type.ERSPAN)
                .remoteIp(IpAddress.valueOf(given.get(REMOTE_IP).textValue()))
                .inKey(dirs.get("IN").asLong()).outKey(dirs.get("OUT").asLong()).build();
        TaasAdminService admin = get(TaasAdminService.class);
        TapService service = admin.createTapService(TapService.builder()
                .id(TapServiceId.random())
                .tenant(text(given, TENANT_ID, ""))
                .name(text(given, NAME, ""))
                .description(text(given, DESCRIPTION, ""))
                .tunnel(tunnel)
                .build());
        TapFlow flow;
        try {
            flow = admin.createTapFlow(TapFlow.builder().id(TapFlowId.random()).tenant(service.tenant())
                    .name(service.name()).tapServiceId(service.id()).sourcePort(source)
                    .direction(Direction.BOTH).build());
        } catch (RuntimeException e) {
            // all or nothing
            admin.removeTapService(service.id());
            throw e;
        }
        return one(TAP_MIRROR, encode(service, flow), Response.Status.CREATED.getStatusCode());
    }

    /**
     * Updates the name and description of a tap mirror; its other attributes are read-only.
     *
     * @param id     tap mirror id
     * @param stream JSON body {"tap_mirror": {"name": ..., "description": ...}}
     * @return 200 OK with {"tap_mirror": {...}}; 400 for bad input; 404 TapMirrorNotFound
     * @onos.rsModel NeutronTapMirrorPut
     */
    @PUT
    @Path("tap_mirrors/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateTapMirror(@PathParam("id") String id, InputStream stream) {
        ObjectNode body = readNeutronBody(stream);
        Map<String, JsonNode> given = checkBody(body, TAP_MIRROR, MIRROR_ATTRS, false);
        existingMirror(id);
        TapService current = existingService(id);
        try {
            get(TaasAdminService.class).updateTapService(current.toBuilder()
                    .name(text(given, NAME, current.name()))
                    .description(text(given, DESCRIPTION, current.description())).build());
        } catch (TaasException e) {
            throw notFoundAs(e, mirrorNotFound(id));
        }
        return one(TAP_MIRROR, existingMirror(id), Response.Status.OK.getStatusCode());
    }

    /**
     * Removes a tap mirror (its tunnel tap service and tap flow).
     *
     * @param id tap mirror id
     * @return 204 NO CONTENT; 404 TapMirrorNotFound
     */
    @DELETE
    @Path("tap_mirrors/{id}")
    public Response removeTapMirror(@PathParam("id") String id) {
        existingMirror(id);
        try {
            get(TaasAdminService.class).removeTapService(TapServiceId.of(id));
        } catch (TaasException e) {
            throw notFoundAs(e, mirrorNotFound(id));
        }
        return Response.noContent().build();
    }

    private ObjectNode existingMirror(String id) {
        TapService s = TaasIds.isUuid(id) ? get(TaasService.class).getTapService(TapServiceId.of(id)) : null;
        List<TapFlow> flows = s == null || !s.isTunnel() ? List.of()
                : new ArrayList<>(get(TaasService.class).getTapFlows(s.id()));
        if (flows.size() != 1) {
            throw mirrorNotFound(id);
        }
        return encode(s, flows.get(0));
    }

    private static NeutronError mirrorNotFound(String id) {
        return NeutronError.notFound("TapMirrorNotFound", "Tap Mirror " + id + " does not exist");
    }

    // ---- lookups -------------------------------------------------------------------------------

    private TapService existingService(String id) {
        TapService s = TaasIds.isUuid(id) ? get(TaasService.class).getTapService(TapServiceId.of(id)) : null;
        if (s == null) {
            throw serviceNotFound(id);
        }
        return s;
    }

    private TapFlow existingFlow(String id) {
        TapFlow f = TaasIds.isUuid(id) ? get(TaasService.class).getTapFlow(TapFlowId.of(id)) : null;
        if (f == null) {
            throw flowNotFound(id);
        }
        return f;
    }

    // a tap or flow removed between the lookup and the change: Neutron's NotFound
    private static RuntimeException notFoundAs(TaasException e, NeutronError notFound) {
        return e.kind() == TaasException.Kind.NOT_FOUND ? notFound : e;
    }

    private static NeutronError serviceNotFound(String id) {
        return NeutronError.notFound("TapServiceNotFound", "Tap Service " + id + " does not exist");
    }

    private static NeutronError flowNotFound(String id) {
        return NeutronError.notFound("TapFlowNotFound", "Tap Flow " + id + " does not exist");
    }
}

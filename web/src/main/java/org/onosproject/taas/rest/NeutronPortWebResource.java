package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.taas.api.TaasIds;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Neutron-compatible ports: the edge ports ONOS knows, so that OpenStack's clients can
 * resolve {@code --port} (they list {@code /v2.0/ports?id=X}, then {@code ?name=X}). Each port
 * has a stable UUID; its name is its connect point; {@code ?name=} also matches the port's
 * name in ONOS (e.g. the OVS interface name), and {@code ?id=} also matches the OVS port
 * OpenStack made for a Neutron port ({@code tap} or {@code qvo} + the first 11 characters of
 * the Neutron port id), so a port id pasted from OpenStack resolves.
 */
@Path("v2.0/ports")
public class NeutronPortWebResource extends NeutronWebResource {

    private static final String PORTS = "ports";
    private static final String ID = "id";
    private static final String NAME = "name";
    private static final Set<String> FILTERABLE = Set.of(ID, NAME, "description", "network_id", "tenant_id",
            "project_id", "mac_address", "admin_state_up", "status", "device_id", "device_owner",
            NeutronPorts.PORT_NAME);

    @Context
    private UriInfo uriInfo;

    /**
     * Lists the edge ports ONOS knows as Neutron ports.
     * Filters (?id=, ?name=, ?status= and the others, several values of one attribute: any),
     * fields=, sort_key/sort_dir and limit/marker as in Neutron.
     *
     * @return 200 OK with {"ports": [...]}; 400 for an attribute that cannot be filtered on
     * @onos.rsModel NeutronPorts
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getPorts() {
        NeutronQuery query = new NeutronQuery(uriInfo);
        Map<String, List<String>> filters = query.filters(FILTERABLE);
        List<NeutronPorts.Entry> ports = ports().edge();
        List<String> ids = filters.get(ID);
        if (ids != null) {
            ports = ports.stream().filter(p -> ids.stream().anyMatch(id -> p.id.equalsIgnoreCase(id)
                    || (TaasIds.isUuid(id) && p.isOpenStackPortOf(id)))).collect(Collectors.toList());
        }
        List<String> names = filters.get(NAME);
        if (names != null) {
            ports = ports.stream().filter(p -> names.stream().anyMatch(p::isNamed)).collect(Collectors.toList());
        }
        List<ObjectNode> items = ports.stream().map(NeutronPorts.Entry::toJson)
                .filter(o -> filters.entrySet().stream()
                        .filter(f -> !f.getKey().equals(ID) && !f.getKey().equals(NAME))
                        .allMatch(f -> NeutronQuery.matches(o, f.getKey(), f.getValue())))
                .collect(Collectors.toList());
        return ok(query.collection(items, PORTS, FILTERABLE, NeutronPortWebResource::portNotFound)).build();
    }

    /**
     * Gets one port by its id, or as in the list by a Neutron port id whose OVS port ONOS knows.
     *
     * @param id port UUID
     * @return 200 OK with {"port": {...}}; 404 if there is no such edge port
     * @onos.rsModel NeutronPort
     */
    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getPort(@PathParam("id") String id) {
        NeutronQuery query = new NeutronQuery(uriInfo);
        List<NeutronPorts.Entry> edge = ports().edge();
        NeutronPorts.Entry port = edge.stream().filter(p -> p.id.equalsIgnoreCase(id)).findFirst()
                .orElseGet(() -> !TaasIds.isUuid(id) ? null
                        : edge.stream().filter(p -> p.isOpenStackPortOf(id)).findFirst().orElse(null));
        if (port == null) {
            throw portNotFound(id);
        }
        ObjectNode root = mapper().createObjectNode();
        root.set("port", NeutronQuery.project(port.toJson(), query.fields()));
        return ok(root).build();
    }

    private static NeutronError portNotFound(String id) {
        return NeutronError.notFound("PortNotFound", "Port " + id + " could not be found.");
    }
}

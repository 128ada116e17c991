package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;

import javax.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThat;

/**
 * Tests of /v2.0/ports: the edge ports as Neutron ports, and how the clients' lookups of
 * --port resolve (?id=, ?name=, with fields=id).
 */
public class NeutronPortWebResourceTest extends NeutronResourceTest {

    private static List<String> values(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    private JsonNode ports(String... query) throws Exception {
        Response r = get("v2.0/ports", query);
        assertThat(r.getStatus(), is(200));
        return json(r).get("ports");
    }

    /**
     * The list holds the edge ports only (no link port, no LOCAL), in Neutron's shape, each
     * with the name-based UUID of its connect point and the connect point as its name.
     */
    @Test
    public void listsEdgePorts() throws Exception {
        JsonNode ports = ports();
        assertThat(values(ports, "name"), contains("of:0000000000000001/1", "of:0000000000000001/2",
                "of:0000000000000001/3", "of:0000000000000002/1", "of:0000000000000002/2"));
        JsonNode p = ports.get(0);
        assertThat(p.get("id").asText(), is(portId("of:0000000000000001/1")));
        assertThat(java.util.UUID.fromString(p.get("id").asText()).version(), is(3));
        List<String> keys = new ArrayList<>();
        p.fieldNames().forEachRemaining(keys::add);
        assertThat(keys, contains("id", "name", "description", "network_id", "tenant_id", "project_id",
                "mac_address", "admin_state_up", "status", "device_id", "device_owner", "fixed_ips",
                "onos:port_name"));
        assertThat(p.get("onos:port_name").asText(), is("tap1e0b8a4c-aa"));
        assertThat(p.get("device_id").asText(), is("of:0000000000000001"));
        assertThat(p.get("status").asText(), is("ACTIVE"));
        assertThat(p.get("admin_state_up").asBoolean(), is(true));
        JsonNode down = ports.get(4);
        assertThat(down.get("status").asText(), is("DOWN"));
        assertThat(down.get("admin_state_up").asBoolean(), is(false));
    }

    /**
     * Port ids are the same whenever asked (and on any instance: they depend only on the
     * connect point).
     */
    @Test
    public void idsAreStable() throws Exception {
        assertThat(values(ports(), "id"), is(values(ports(), "id")));
        assertThat(values(ports(), "id").get(2), is(portId("of:0000000000000001/3")));
    }

    /**
     * What neutron tap-service-create sends first: ?id=X&fields=id with a port id.
     */
    @Test
    public void byIdWithFields() throws Exception {
        String id = portId("of:0000000000000001/3");
        JsonNode ports = ports("id", id, "fields", "id");
        assertThat(ports.size(), is(1));
        assertThat(ports.get(0).toString(), is("{\"id\":\"" + id + "\"}"));
        assertThat(ports("id", UNKNOWN).size(), is(0));
    }

    /**
     * A Neutron port id pasted from OpenStack resolves to the OVS port OpenStack made for it:
     * tap or qvo + its first 11 characters.
     */
    @Test
    public void byOpenStackPortId() throws Exception {
        JsonNode tap = ports("id", VM_TAP_ID, "fields", "id");
        assertThat(tap.size(), is(1));
        assertThat(tap.get(0).get("id").asText(), is(portId("of:0000000000000001/1")));
        JsonNode qvo = ports("id", VM_QVO_ID);
        assertThat(qvo.size(), is(1));
        assertThat(qvo.get(0).get("name").asText(), is("of:0000000000000001/2"));
        assertThat(qvo.get(0).get("onos:port_name").asText(), is("qvo5d2c9e1f-77"));
        // the same id upper-case (UUIDs are case-insensitive)
        assertThat(ports("id", VM_TAP_ID.toUpperCase()).size(), is(1));
        Response one = get("v2.0/ports/" + VM_TAP_ID);
        assertThat(one.getStatus(), is(200));
        assertThat(json(one).get("port").get("name").asText(), is("of:0000000000000001/1"));
    }

    /**
     * What the clients send next: ?name=X. A name is the connect point or the port's name in
     * ONOS; a name two ports share gives both (the client then asks for an id).
     */
    @Test
    public void byName() throws Exception {
        assertThat(values(ports("name", "of:0000000000000001/3"), "name"), contains("of:0000000000000001/3"));
        assertThat(values(ports("name", "tap1e0b8a4c-aa", "fields", "id"), "id"),
                contains(portId("of:0000000000000001/1")));
        assertThat(values(ports("name", "eth3"), "name"), contains("of:0000000000000001/3",
                "of:0000000000000002/1"));
        assertThat(ports("name", "nosuch").size(), is(0));
        // a link port is no edge port
        assertThat(ports("name", "of:0000000000000001/10").size(), is(0));
        // several values: any
        assertThat(ports("name", "vm2", "name", "of:0000000000000001/1").size(), is(2));
    }

    /**
     * Other attributes filter as in Neutron; an attribute that cannot be filtered on is
     * refused with Neutron's message.
     */
    @Test
    public void otherFilters() throws Exception {
        assertThat(values(ports("status", "DOWN"), "name"), contains("of:0000000000000002/2"));
        assertThat(values(ports("admin_state_up", "False"), "name"), contains("of:0000000000000002/2"));
        assertThat(ports("device_id", "of:0000000000000002").size(), is(2));
        assertThat(ports("onos:port_name", "vm2").size(), is(1));
        assertNeutronError(get("v2.0/ports", "fixed_ips", "ip_address=10.0.0.1"), 400, "HTTPBadRequest",
                "['fixed_ips'] is invalid attribute for filtering");
    }

    /**
     * Sorting and pagination as in Neutron.
     */
    @Test
    public void sortAndPage() throws Exception {
        assertThat(values(ports("sort_key", "name", "sort_dir", "desc", "fields", "name"), "name").get(0),
                is("of:0000000000000002/2"));
        Response r = get("v2.0/ports", "limit", "2");
        JsonNode body = json(r);
        assertThat(body.get("ports").size(), is(2));
        String next = body.get("ports_links").get(0).get("href").asText();
        assertThat(body.get("ports_links").get(0).get("rel").asText(), is("next"));
        assertThat(next, containsString("marker=" + portId("of:0000000000000001/2")));
        JsonNode page2 = ports("limit", "2", "marker", portId("of:0000000000000001/2"));
        assertThat(values(page2, "name"), contains("of:0000000000000001/3", "of:0000000000000002/1"));
        assertNeutronError(get("v2.0/ports", "limit", "-1"), 400, "BadRequest",
                "Limit must be an integer 0 or greater and not '-1'");
        assertNeutronError(get("v2.0/ports", "sort_key", "name"), 400, "HTTPBadRequest",
                "The number of sort_keys and sort_dirs must be same");
        assertNeutronError(get("v2.0/ports", "sort_key", "name", "sort_dir", "up"), 400, "HTTPBadRequest",
                "['up'] is invalid value for sort_dirs");
        assertNeutronError(get("v2.0/ports", "limit", "1", "marker", UNKNOWN), 404, "PortNotFound", UNKNOWN);
    }

    /**
     * One port by id, with fields; an unknown id is Neutron's PortNotFound.
     */
    @Test
    public void onePort() throws Exception {
        String id = portId("of:0000000000000002/1");
        Response r = get("v2.0/ports/" + id, "fields", "name", "fields", "status");
        assertThat(r.getStatus(), is(200));
        assertThat(json(r).toString(), is("{\"port\":{\"name\":\"of:0000000000000002/1\",\"status\":\"ACTIVE\"}}"));
        assertNeutronError(get("v2.0/ports/" + UNKNOWN), 404, "PortNotFound",
                "Port " + UNKNOWN + " could not be found");
        assertNeutronError(get("v2.0/ports/" + portId("of:0000000000000001/10")), 404, "PortNotFound", "");
    }

    /**
     * Ports are read-only here: other methods get Neutron's 405.
     */
    @Test
    public void readOnly() throws Exception {
        assertNeutronError(send("POST", "v2.0/ports", "{\"port\":{}}"), 405, "HTTPMethodNotAllowed", "405");
    }
}

package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.VlanFilter;

import javax.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThat;

/**
 * Tests of /v2.0/taas/tap_services and /v2.0/taas/tap_flows: Neutron's shapes, read-only
 * attributes, filters and fields, errors, and port resolution, over the same manager and
 * store as the native API.
 */
public class NeutronTaasWebResourceTest extends NeutronResourceTest {

    private static final String SERVICES = "v2.0/taas/tap_services";
    private static final String FLOWS = "v2.0/taas/tap_flows";
    private static final String H3 = "of:0000000000000001/3";

    private static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static List<String> values(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    private JsonNode createService(String name, String port) throws Exception {
        Response r = send("POST", SERVICES,
                "{\"tap_service\":{\"name\":\"" + name + "\",\"port_id\":\"" + port + "\"}}");
        assertThat(r.getStatus(), is(201));
        return json(r).get("tap_service");
    }

    private JsonNode createFlow(String serviceId, String port, String direction, String extra) throws Exception {
        Response r = send("POST", FLOWS, "{\"tap_flow\":{\"tap_service_id\":\"" + serviceId + "\",\"source_port\":\""
                + port + "\",\"direction\":\"" + direction + "\"" + extra + "}}");
        String body = r.readEntity(String.class);
        assertThat(body, r.getStatus(), is(201));
        return MAPPER.readTree(body).get("tap_flow");
    }

    private void assertRefused(String method, String path, String body, int status, String type, String message)
            throws Exception {
        Set<Object> before = snapshot();
        assertNeutronError(send(method, path, body), status, type, message);
        assertThat("refused " + method + " " + path + " " + body + " changed the store", snapshot(), is(before));
    }

    // ---- tap services ----------------------------------------------------------------------

    /**
     * The seed's tap-service-create: POST {"tap_service": {name, port_id}} with the port id
     * /v2.0/ports gave; 201 with Neutron's attributes, stored on that connect point.
     */
    @Test
    public void createService() throws Exception {
        JsonNode s = createService("analyzer", portId(H3));
        assertThat(keys(s), contains("id", "tenant_id", "project_id", "name", "description", "port_id", "status"));
        assertThat(s.get("name").asText(), is("analyzer"));
        assertThat(s.get("port_id").asText(), is(portId(H3)));
        assertThat(s.get("status").asText(), is("BUILD"));
        assertThat(s.get("tenant_id").asText(), is(""));
        TapService stored = manager().getTapService(TapServiceId.of(s.get("id").asText()));
        assertThat(stored.port(), is(ConnectPoint.deviceConnectPoint(H3)));
        // one model: the native API shows the same object
        JsonNode nativeView = json(get("tap-services/" + stored.id()));
        assertThat(nativeView.get("port").asText(), is(H3));
        assertThat(nativeView.get("name").asText(), is("analyzer"));
    }

    /**
     * port_id may be a port id, a Neutron port id whose OVS port ONOS knows (tap/qvo), a
     * connect point (even one ONOS does not know yet, as in the native API) or a port name.
     */
    @Test
    public void portResolution() throws Exception {
        assertThat(manager().getTapService(TapServiceId.of(createService("a", VM_TAP_ID).get("id").asText())).port(),
                is(ConnectPoint.deviceConnectPoint("of:0000000000000001/1")));
        assertThat(manager().getTapService(TapServiceId.of(createService("b", VM_QVO_ID).get("id").asText())).port(),
                is(ConnectPoint.deviceConnectPoint("of:0000000000000001/2")));
        assertThat(manager().getTapService(TapServiceId.of(createService("c", "vm2").get("id").asText())).port(),
                is(ConnectPoint.deviceConnectPoint("of:0000000000000002/2")));
        JsonNode d = createService("d", "of:0000000000000009/7");
        assertThat(d.get("port_id").asText(), is(portId("of:0000000000000009/7")));
        assertThat(manager().getTapService(TapServiceId.of(d.get("id").asText())).port(),
                is(ConnectPoint.deviceConnectPoint("of:0000000000000009/7")));
        assertRefused("POST", SERVICES, "{\"tap_service\":{\"port_id\":\"" + UNKNOWN + "\"}}", 404,
                "InvalidDestinationPort", "Destination Port " + UNKNOWN + " does not exist");
        assertRefused("POST", SERVICES, "{\"tap_service\":{\"port_id\":\"nosuch\"}}", 404,
                "InvalidDestinationPort", "Destination Port nosuch does not exist");
        assertRefused("POST", SERVICES, "{\"tap_service\":{\"port_id\":\"eth3\"}}", 400,
                "HTTPBadRequest", "'eth3' names several ports (of:0000000000000001/3, of:0000000000000002/1)");
    }

    /**
     * Neutron's API layer checks, with its messages; nothing changes.
     */
    @Test
    public void badServiceBodies() throws Exception {
        String ok = "\"port_id\":\"" + portId(H3) + "\"";
        assertRefused("POST", SERVICES, "{\"tap_service\":{" + ok + ",\"id\":\"" + UNKNOWN + "\"}}", 400,
                "HTTPBadRequest", "Attribute 'id' not allowed in POST");
        assertRefused("POST", SERVICES, "{\"tap_service\":{" + ok + ",\"status\":\"ACTIVE\"}}", 400,
                "HTTPBadRequest", "Attribute 'status' not allowed in POST");
        assertRefused("POST", SERVICES, "{\"tap_service\":{\"name\":\"x\"}}", 400,
                "HTTPBadRequest", "Failed to parse request. Required attribute 'port_id' not specified");
        assertRefused("POST", SERVICES, "{\"tap_service\":{" + ok + ",\"port\":\"x\"}}", 400,
                "HTTPBadRequest", "Unrecognized attribute(s) 'port'");
        assertRefused("POST", SERVICES, "{\"tap_service\":{" + ok + ",\"tenant_id\":\"a\",\"project_id\":\"b\"}}",
                400, "HTTPBadRequest", "'project_id' and 'tenant_id' do not match");
        assertRefused("POST", SERVICES, "{\"tap_service\":{" + ok + ",\"name\":5}}", 400,
                "HTTPBadRequest", "Invalid input for name. Reason: '5' is not a valid string.");
        assertRefused("POST", SERVICES, "{\"tap_service\":{\"port_id\":true}}", 400,
                "HTTPBadRequest", "Invalid input for port_id. Reason: 'True' is not a valid string.");
        assertRefused("POST", SERVICES, "{\"tap\":{" + ok + "}}", 400,
                "HTTPBadRequest", "Unable to find 'tap_service' in request body");
        assertRefused("POST", SERVICES, "{\"tap_service\":[]}", 400,
                "HTTPBadRequest", "Object 'tap_service' contains invalid data");
        assertRefused("POST", SERVICES, "{\"tap_service\":", 400, "MalformedRequestBody", "Malformed request body");
        assertRefused("POST", SERVICES, "", 400, "HTTPBadRequest", "Resource body required");
        String longName = "n".repeat(300);
        assertRefused("POST", SERVICES, "{\"tap_service\":{" + ok + ",\"name\":\"" + longName + "\"}}", 400,
                "InvalidInput", "Invalid input for operation: name is too long (300 characters, at most 255).");
        assertRefused("POST", SERVICES, "{\"tap_service\":{" + ok + ",\"tenant_id\":\"a\\u0001\"}}", 400,
                "InvalidInput", "tenant_id contains a control character");
    }

    /**
     * A port that another tap service has is a conflict (the shared validation, Neutron's 409).
     */
    @Test
    public void portTaken() throws Exception {
        JsonNode s = createService("analyzer", portId(H3));
        assertRefused("POST", SERVICES, "{\"tap_service\":{\"port_id\":\"" + H3 + "\"}}", 409, "Conflict",
                "port " + H3 + " is already the port of tap service " + s.get("id").asText() + " (analyzer)");
    }

    /**
     * project_id and tenant_id are one attribute.
     */
    @Test
    public void project() throws Exception {
        Response r = send("POST", SERVICES, "{\"tap_service\":{\"port_id\":\"" + H3 + "\",\"project_id\":\"blue\"}}");
        assertThat(r.getStatus(), is(201));
        JsonNode s = json(r).get("tap_service");
        assertThat(s.get("tenant_id").asText(), is("blue"));
        assertThat(s.get("project_id").asText(), is("blue"));
        assertThat(manager().getTapService(TapServiceId.of(s.get("id").asText())).tenant(), is("blue"));
    }

    /**
     * Bulk create {"tap_services": [...]}: all or none.
     */
    @Test
    public void bulkServices() throws Exception {
        Response r = send("POST", SERVICES, "{\"tap_services\":[{\"tap_service\":{\"name\":\"a\",\"port_id\":\""
                + H3 + "\"}},{\"name\":\"b\",\"port_id\":\"vm2\"}]}");
        assertThat(r.getStatus(), is(201));
        assertThat(values(json(r).get("tap_services"), "name"), contains("a", "b"));
        assertRefused("POST", SERVICES, "{\"tap_services\":[{\"port_id\":\"of:0000000000000001/1\"},"
                + "{\"port_id\":\"" + H3 + "\"}]}", 409, "Conflict", "already the port of tap service");
        assertThat(manager().getTapServices().size(), is(2));
    }

    /**
     * List filters (any of several values), fields, sorting as in Neutron.
     */
    @Test
    public void listServices() throws Exception {
        createService("b", H3);
        createService("a", "vm2");
        createService("c", VM_TAP_ID);
        JsonNode all = json(get(SERVICES)).get("tap_services");
        assertThat(values(all, "name"), contains("a", "b", "c"));
        assertThat(values(json(get(SERVICES, "name", "b")).get("tap_services"), "name"), contains("b"));
        assertThat(values(json(get(SERVICES, "name", "b", "name", "c")).get("tap_services"), "name"),
                contains("b", "c"));
        assertThat(values(json(get(SERVICES, "port_id", portId(H3))).get("tap_services"), "name"), contains("b"));
        assertThat(json(get(SERVICES, "name", "nosuch")).get("tap_services").size(), is(0));
        JsonNode ids = json(get(SERVICES, "name", "a", "fields", "id")).get("tap_services");
        assertThat(keys(ids.get(0)), contains("id"));
        assertThat(values(json(get(SERVICES, "sort_key", "name", "sort_dir", "desc")).get("tap_services"), "name"),
                contains("c", "b", "a"));
        assertNeutronError(get(SERVICES, "tap_service_id", UNKNOWN), 400, "HTTPBadRequest",
                "['tap_service_id'] is invalid attribute for filtering");
    }

    /**
     * One tap service with fields; an unknown or malformed id is TapServiceNotFound.
     */
    @Test
    public void showService() throws Exception {
        JsonNode s = createService("analyzer", H3);
        String id = s.get("id").asText();
        Response r = get(SERVICES + "/" + id, "fields", "name", "fields", "port_id");
        assertThat(json(r).toString(),
                is("{\"tap_service\":{\"name\":\"analyzer\",\"port_id\":\"" + portId(H3) + "\"}}"));
        assertNeutronError(get(SERVICES + "/" + UNKNOWN), 404, "TapServiceNotFound",
                "Tap Service " + UNKNOWN + " does not exist");
        assertNeutronError(get(SERVICES + "/nosuch"), 404, "TapServiceNotFound", "Tap Service nosuch does not exist");
    }

    /**
     * PUT changes name and description only; what Neutron refuses on PUT is refused.
     */
    @Test
    public void updateService() throws Exception {
        String id = createService("analyzer", H3).get("id").asText();
        Response r = send("PUT", SERVICES + "/" + id, "{\"tap_service\":{\"name\":\"ids\",\"description\":\"IDS\"}}");
        assertThat(r.getStatus(), is(200));
        JsonNode s = json(r).get("tap_service");
        assertThat(s.get("name").asText(), is("ids"));
        assertThat(s.get("description").asText(), is("IDS"));
        assertThat(manager().getTapService(TapServiceId.of(id)).name(), is("ids"));
        for (String attr : List.of("port_id", "id", "status", "tenant_id")) {
            assertRefused("PUT", SERVICES + "/" + id, "{\"tap_service\":{\"" + attr + "\":\"x\"}}", 400,
                    "HTTPBadRequest", "Cannot update read-only attribute " + attr);
        }
        assertRefused("PUT", SERVICES + "/" + id, "{\"tap_service\":{\"port\":\"x\"}}", 400,
                "HTTPBadRequest", "Unrecognized attribute(s) 'port'");
        assertRefused("PUT", SERVICES + "/" + UNKNOWN, "{\"tap_service\":{\"name\":\"x\"}}", 404,
                "TapServiceNotFound", UNKNOWN);
    }

    /**
     * DELETE removes the tap service and its tap flows: 204; unknown: 404.
     */
    @Test
    public void deleteService() throws Exception {
        String id = createService("analyzer", H3).get("id").asText();
        createFlow(id, VM_TAP_ID, "BOTH", "");
        Response r = target(SERVICES + "/" + id).request().delete();
        assertThat(r.getStatus(), is(204));
        assertThat(manager().getTapServices().isEmpty(), is(true));
        assertThat(manager().getTapFlows().isEmpty(), is(true));
        assertNeutronError(target(SERVICES + "/" + id).request().delete(), 404, "TapServiceNotFound", id);
        assertNeutronError(target(SERVICES).request().delete(), 405, "HTTPMethodNotAllowed", "405");
    }

    // ---- tap flows ---------------------------------------------------------------------------

    /**
     * The seed's tap-flow-create: 201 with Neutron's attributes; the VLAN filter canonical;
     * no tenant given: the tap service's.
     */
    @Test
    public void createFlow() throws Exception {
        Response rs = send("POST", SERVICES, "{\"tap_service\":{\"port_id\":\"" + H3 + "\",\"tenant_id\":\"blue\"}}");
        String sid = json(rs).get("tap_service").get("id").asText();
        JsonNode f = createFlow(sid, portId("of:0000000000000001/1"), "BOTH",
                ",\"name\":\"web1\",\"vlan_filter\":\"27-36,9,18\"");
        assertThat(keys(f), contains("id", "tenant_id", "project_id", "tap_service_id", "name", "description",
                "source_port", "direction", "status", "vlan_filter"));
        assertThat(f.get("source_port").asText(), is(portId("of:0000000000000001/1")));
        assertThat(f.get("tap_service_id").asText(), is(sid));
        assertThat(f.get("direction").asText(), is("BOTH"));
        assertThat(f.get("vlan_filter").asText(), is("9,18,27-36"));
        assertThat(f.get("tenant_id").asText(), is("blue"));
        assertThat(f.get("status").asText(), is("BUILD"));
        TapFlow stored = manager().getTapFlow(TapFlowId.of(f.get("id").asText()));
        assertThat(stored.sourcePort(), is(ConnectPoint.deviceConnectPoint("of:0000000000000001/1")));
        assertThat(stored.direction(), is(Direction.BOTH));
        assertThat(stored.vlanFilter().get(), is(VlanFilter.parse("9,18,27-36")));
        JsonNode g = createFlow(sid, VM_QVO_ID, "IN", ",\"vlan_filter\":null");
        assertThat(g.get("vlan_filter").isNull(), is(true));
        assertThat(manager().getTapFlow(TapFlowId.of(g.get("id").asText())).vlanFilter().isPresent(), is(false));
    }

    /**
     * Bad tap flows get Neutron's errors and change nothing.
     */
    @Test
    public void badFlows() throws Exception {
        String sid = createService("analyzer", H3).get("id").asText();
        String src = "\"source_port\":\"" + portId("of:0000000000000001/1") + "\"";
        String svc = "\"tap_service_id\":\"" + sid + "\"";
        assertRefused("POST", FLOWS, "{\"tap_flow\":{" + svc + "," + src + "}}", 400, "HTTPBadRequest",
                "Failed to parse request. Required attribute 'direction' not specified");
        assertRefused("POST", FLOWS, "{\"tap_flow\":{" + src + ",\"direction\":\"IN\"}}", 400, "HTTPBadRequest",
                "Failed to parse request. Required attribute 'tap_service_id' not specified");
        assertRefused("POST", FLOWS, "{\"tap_flow\":{" + svc + "," + src + ",\"direction\":\"SIDEWAYS\"}}", 400,
                "HTTPBadRequest", "Invalid input for direction. Reason: 'SIDEWAYS' is not in ['IN', 'OUT', 'BOTH'].");
        assertRefused("POST", FLOWS, "{\"tap_flow\":{\"tap_service_id\":\"analyzer\"," + src
                        + ",\"direction\":\"IN\"}}", 400, "HTTPBadRequest",
                "Invalid input for tap_service_id. Reason: 'analyzer' is not a valid UUID.");
        assertRefused("POST", FLOWS, "{\"tap_flow\":{\"tap_service_id\":\"" + UNKNOWN + "\"," + src
                + ",\"direction\":\"IN\"}}", 404, "TapServiceNotFound", "Tap Service " + UNKNOWN + " does not exist");
        assertRefused("POST", FLOWS, "{\"tap_flow\":{" + svc + ",\"source_port\":\"" + UNKNOWN
                + "\",\"direction\":\"IN\"}}", 404, "InvalidSourcePort", "Source Port " + UNKNOWN + " does not exist");
        assertRefused("POST", FLOWS, "{\"tap_flow\":{" + svc + "," + src + ",\"direction\":\"IN\","
                + "\"vlan_filter\":\"4096\"}}", 400, "HTTPBadRequest",
                "Invalid input for vlan_filter. Reason: invalid VLAN filter '4096': "
                        + "VLAN id 4096 is out of range 0..4095.");
        assertRefused("POST", FLOWS, "{\"tap_flow\":{" + svc + "," + src + ",\"direction\":\"IN\","
                + "\"vlan_filter\":5}}", 400, "HTTPBadRequest", "Invalid input for vlan_filter. Reason: '5'");
        // the tap service's own port as a source: the shared validation's mirror loop, 409
        assertRefused("POST", FLOWS, "{\"tap_flow\":{" + svc + ",\"source_port\":\"eth3\",\"direction\":\"IN\"}}",
                400, "HTTPBadRequest", "names several ports");
        assertRefused("POST", FLOWS, "{\"tap_flow\":{" + svc + ",\"source_port\":\"" + H3 + "\",\"direction\":\"IN\"}}",
                409, "Conflict", "source_port " + H3 + " is the port of tap service " + sid);
        createFlow(sid, portId("of:0000000000000001/1"), "IN", "");
        assertRefused("POST", FLOWS, "{\"tap_flow\":{" + svc + "," + src + ",\"direction\":\"IN\"}}", 409,
                "Conflict", "duplicate: tap flow");
    }

    /**
     * PUT changes name and description; direction, vlan_filter and the other attributes are
     * read-only in Neutron and refused here too (the native API can change them).
     */
    @Test
    public void updateFlow() throws Exception {
        String sid = createService("analyzer", H3).get("id").asText();
        String id = createFlow(sid, VM_TAP_ID, "BOTH", ",\"vlan_filter\":\"10\"").get("id").asText();
        Response r = send("PUT", FLOWS + "/" + id, "{\"tap_flow\":{\"name\":\"web\",\"description\":\"d\"}}");
        assertThat(r.getStatus(), is(200));
        assertThat(json(r).get("tap_flow").get("name").asText(), is("web"));
        for (String attr : List.of("direction", "vlan_filter", "source_port", "tap_service_id", "id", "status",
                "tenant_id", "project_id")) {
            String expected = attr.equals("project_id") ? "tenant_id" : attr;
            assertRefused("PUT", FLOWS + "/" + id, "{\"tap_flow\":{\"" + attr + "\":\"OUT\"}}", 400,
                    "HTTPBadRequest", "Cannot update read-only attribute " + expected);
        }
        assertRefused("PUT", FLOWS + "/" + UNKNOWN, "{\"tap_flow\":{\"name\":\"x\"}}", 404, "TapFlowNotFound",
                "Tap Flow " + UNKNOWN + " does not exist");
        assertThat(manager().getTapFlow(TapFlowId.of(id)).direction(), is(Direction.BOTH));
    }

    /**
     * Tap flow list filters (tap_service_id, direction with several values, source_port),
     * fields; show; delete.
     */
    @Test
    public void listShowDeleteFlows() throws Exception {
        String a = createService("a", H3).get("id").asText();
        String b = createService("b", "vm2").get("id").asText();
        String f1 = createFlow(a, VM_TAP_ID, "IN", ",\"name\":\"f1\"").get("id").asText();
        createFlow(a, VM_QVO_ID, "OUT", ",\"name\":\"f2\"");
        createFlow(b, VM_TAP_ID, "BOTH", ",\"name\":\"f3\"");
        assertThat(values(json(get(FLOWS)).get("tap_flows"), "name"), contains("f1", "f2", "f3"));
        assertThat(values(json(get(FLOWS, "tap_service_id", a)).get("tap_flows"), "name"), contains("f1", "f2"));
        assertThat(values(json(get(FLOWS, "direction", "IN", "direction", "BOTH")).get("tap_flows"), "name"),
                containsInAnyOrder("f1", "f3"));
        assertThat(values(json(get(FLOWS, "source_port", portId("of:0000000000000001/1"))).get("tap_flows"),
                "name"), contains("f1", "f3"));
        assertThat(json(get(FLOWS, "name", "f2", "fields", "direction")).toString(),
                is("{\"tap_flows\":[{\"direction\":\"OUT\"}]}"));
        Response one = get(FLOWS + "/" + f1);
        assertThat(json(one).get("tap_flow").get("name").asText(), is("f1"));
        assertThat(target(FLOWS + "/" + f1).request().delete().getStatus(), is(204));
        assertThat(manager().getTapFlow(TapFlowId.of(f1)), is(nullValue()));
        assertNeutronError(target(FLOWS + "/" + f1).request().delete(), 404, "TapFlowNotFound", f1);
        assertNeutronError(get(FLOWS + "/" + f1), 404, "TapFlowNotFound", f1);
    }

    /**
     * The native API keeps its own error form alongside.
     */
    @Test
    public void nativeErrorsUnchanged() throws Exception {
        assertError(send("POST", "tap-services", "{\"port\":\"bad\"}"), 400, "port: malformed connect point");
        assertError(target("tap-services").request().delete(), 405, "405");
    }
}

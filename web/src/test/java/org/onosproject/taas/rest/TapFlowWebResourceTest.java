package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Before;
import org.junit.Test;
import org.onlab.junit.TestUtils;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.VlanFilter;

import javax.ws.rs.core.Response;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThat;

/**
 * Tests of /tap-flows.
 */
public class TapFlowWebResourceTest extends TaasResourceTest {

    private static final String UNKNOWN = "11111111-2222-4333-8444-555555555555";

    private TapService service;
    private TapService other;

    /**
     * Stores two tap services.
     */
    @Before
    public void setUpServices2() {
        service = addService("of:0000000000000001/3", "ids");
        other = addService("of:0000000000000001/4", "capture");
    }

    private String flowJson(TapService s, String source, String direction, String extra) {
        return "{\"tapServiceId\":\"" + s.id() + "\",\"sourcePort\":\"" + source + "\",\"direction\":\""
                + direction + "\"" + extra + "}";
    }

    /**
     * POST creates a tap flow: 201, Location, canonical VLAN filter; it is then in the store.
     */
    @Test
    public void create() throws Exception {
        Response r = send("POST", "tap-flows", flowJson(service, "of:0000000000000002/1", "OUT",
                ",\"name\":\"h1\",\"description\":\"web\",\"tenant\":\"blue\",\"vlanFilter\":\"27-36, 9,18\""));
        assertThat(r.getStatus(), is(201));
        JsonNode body = json(r);
        String id = body.get("id").asText();
        assertThat(r.getLocation().toString(), endsWith("/tap-flows/" + id));
        assertThat(body.get("tapServiceId").asText(), is(service.id().toString()));
        assertThat(body.get("sourcePort").asText(), is("of:0000000000000002/1"));
        assertThat(body.get("direction").asText(), is("OUT"));
        assertThat(body.get("vlanFilter").asText(), is("9,18,27-36"));
        assertThat(body.get("status").asText(), is("BUILD"));
        assertThat(body.get("name").asText(), is("h1"));
        TapFlow stored = manager().getTapFlow(TapFlowId.of(id));
        assertThat(stored.vlanFilter().get(), is(VlanFilter.parse("9,18,27-36")));
        assertThat(stored.tenant(), is("blue"));
        assertThat(stored.description(), is("web"));
        assertThat(json(client().target(r.getLocation()).request().get()).get("id").asText(), is(id));
    }

    /**
     * A tap flow without filter has no vlanFilter field.
     */
    @Test
    public void createWithoutFilter() throws Exception {
        Response r = send("POST", "tap-flows", flowJson(service, "of:2/1", "both", ",\"vlanFilter\":null"));
        assertThat(r.getStatus(), is(201));
        JsonNode body = json(r);
        assertThat(body.get("direction").asText(), is("BOTH"));
        assertThat(body.has("vlanFilter"), is(false));
        assertThat(manager().getTapFlow(TapFlowId.of(body.get("id").asText())).vlanFilter().isPresent(), is(false));
    }

    /**
     * POST of {"tapFlows": [...]} creates them all.
     */
    @Test
    public void bulkCreate() throws Exception {
        Response r = send("POST", "tap-flows", "{\"tapFlows\":[" + flowJson(service, "of:2/1", "IN", "") + ","
                + flowJson(service, "of:2/2", "OUT", ",\"vlanFilter\":\"0\"") + ","
                + flowJson(other, "of:2/1", "IN", "") + "]}");
        assertThat(r.getStatus(), is(201));
        assertThat(r.getLocation().toString(), endsWith("/tap-flows"));
        JsonNode list = json(r).get("tapFlows");
        assertThat(list.size(), is(3));
        assertThat(list.get(1).get("vlanFilter").asText(), is("0"));
        assertThat(manager().getTapFlows().size(), is(3));
    }

    /**
     * Bulk create is all or nothing: a duplicate inside the request stores nothing.
     */
    @Test
    public void bulkCreateAllOrNothing() throws Exception {
        String f = flowJson(service, "of:2/1", "IN", "");
        assertError(send("POST", "tap-flows", "{\"tapFlows\":[" + f + "," + f + "]}"), 409, "duplicate");
        assertThat(manager().getTapFlows().isEmpty(), is(true));
    }

    /**
     * GET lists all flows or those of one tap service.
     */
    @Test
    public void getAllAndFiltered() throws Exception {
        TapFlow a = addFlow(service, "of:2/1", Direction.IN, null);
        TapFlow b = addFlow(other, "of:2/2", Direction.OUT, "100");
        JsonNode all = json(target("tap-flows").request().get()).get("tapFlows");
        assertThat(all.size(), is(2));
        Response r = target("tap-flows").queryParam("tapServiceId", other.id().toString()).request().get();
        assertThat(r.getStatus(), is(200));
        JsonNode filtered = json(r).get("tapFlows");
        assertThat(filtered.size(), is(1));
        assertThat(filtered.get(0).get("id").asText(), is(b.id().toString()));
        assertThat(filtered.get(0).get("vlanFilter").asText(), is("100"));
        assertThat(json(target("tap-flows").queryParam("tapServiceId", service.id().toString())
                .request().get()).get("tapFlows").get(0).get("id").asText(), is(a.id().toString()));
        assertError(target("tap-flows").queryParam("tapServiceId", UNKNOWN).request().get(), 404,
                "tapServiceId: tap service " + UNKNOWN + " does not exist");
        assertError(target("tap-flows").queryParam("tapServiceId", "x'; --").request().get(), 400,
                "tapServiceId: malformed tap service id");
    }

    /**
     * GET of one tap flow, unknown and malformed ids.
     */
    @Test
    public void getOne() throws Exception {
        TapFlow f = addFlow(service, "of:2/1", Direction.BOTH, "5-7");
        JsonNode body = json(target("tap-flows/" + f.id()).request().get());
        assertThat(body.get("id").asText(), is(f.id().toString()));
        assertThat(body.get("direction").asText(), is("BOTH"));
        assertThat(body.get("vlanFilter").asText(), is("5-7"));
        assertThat(body.get("reason").isTextual(), is(true));
        assertError(target("tap-flows/" + UNKNOWN).request().get(), 404, "tap flow " + UNKNOWN + " does not exist");
        assertError(target("tap-flows/42").request().get(), 400, "id: malformed tap flow id '42'");
    }

    /**
     * PUT changes direction and filter in place; a null vlanFilter removes it.
     */
    @Test
    public void update() throws Exception {
        TapFlow f = addFlow(service, "of:2/1", Direction.IN, "5");
        Response r = send("PUT", "tap-flows/" + f.id(), "{\"direction\":\"OUT\",\"vlanFilter\":\"5,6\"}");
        assertThat(r.getStatus(), is(200));
        JsonNode body = json(r);
        assertThat(body.get("direction").asText(), is("OUT"));
        assertThat(body.get("vlanFilter").asText(), is("5-6"));
        assertThat(body.get("name").asText(), is(f.name()));
        TapFlow stored = manager().getTapFlow(f.id());
        assertThat(stored.direction(), is(Direction.OUT));
        assertThat(stored.vlanFilter().get(), is(VlanFilter.parse("5-6")));

        assertThat(send("PUT", "tap-flows/" + f.id(), "{\"vlanFilter\":null,\"id\":\"" + f.id() + "\"}")
                .getStatus(), is(200));
        assertThat(manager().getTapFlow(f.id()).vlanFilter().isPresent(), is(false));
        assertThat(manager().getTapFlow(f.id()).direction(), is(Direction.OUT));
    }

    /**
     * PUT refuses to move a flow or to make it a duplicate, and unknown ids.
     */
    @Test
    public void updateRefused() throws Exception {
        TapFlow f = addFlow(service, "of:2/1", Direction.IN, null);
        TapFlow g = addFlow(service, "of:2/1", Direction.OUT, null);
        assertError(send("PUT", "tap-flows/" + f.id(), "{\"sourcePort\":\"of:2/2\"}"), 400, "sourcePort");
        assertError(send("PUT", "tap-flows/" + f.id(), "{\"tapServiceId\":\"" + other.id() + "\"}"), 400,
                "tapServiceId");
        assertError(send("PUT", "tap-flows/" + g.id(), "{\"direction\":\"IN\"}"), 409, "duplicate");
        assertError(send("PUT", "tap-flows/" + UNKNOWN, "{\"name\":\"x\"}"), 404, "does not exist");
        assertThat(manager().getTapFlow(f.id()), is(f));
        assertThat(manager().getTapFlow(g.id()), is(g));
    }

    /**
     * Duplicates, loops, unknown services and the quota are refused.
     */
    @Test
    public void createRefused() throws Exception {
        addFlow(service, "of:2/1", Direction.IN, "7");
        assertError(send("POST", "tap-flows", flowJson(service, "of:2/1", "IN", ",\"vlanFilter\":\"7\"")),
                409, "duplicate");
        assertError(send("POST", "tap-flows", flowJson(service, "of:0000000000000001/4", "IN", "")),
                409, "mirror loop");
        assertError(send("POST", "tap-flows", "{\"tapServiceId\":\"" + UNKNOWN
                + "\",\"sourcePort\":\"of:2/5\",\"direction\":\"IN\"}"), 404, "tapServiceId");
        TestUtils.setField(manager(), "maxTapFlows", 1);
        assertError(send("POST", "tap-flows", flowJson(service, "of:2/9", "IN", "")), 409, "quota exceeded");
        assertThat(manager().getTapFlows().size(), is(1));
    }

    /**
     * DELETE removes a tap flow: 204, then 404; its tap service stays.
     */
    @Test
    public void delete() throws Exception {
        TapFlow f = addFlow(service, "of:2/1", Direction.IN, null);
        assertThat(target("tap-flows/" + f.id()).request().delete().getStatus(), is(204));
        assertThat(manager().getTapFlow(f.id()), nullValue());
        assertThat(manager().getTapService(service.id()), notNullValue());
        assertError(target("tap-flows/" + f.id()).request().delete(), 404, "does not exist");
        assertThat(manager().getTapService(service.id()).port(),
                is(ConnectPoint.deviceConnectPoint("of:0000000000000001/3")));
    }
}

package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.onlab.junit.TestUtils;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;

import javax.ws.rs.core.Response;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThat;

/**
 * Tests of /tap-services.
 */
public class TapServiceWebResourceTest extends TaasResourceTest {

    private static final String ID = "4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f";

    /**
     * An empty store gives an empty plural wrapper.
     */
    @Test
    public void getAllEmpty() throws Exception {
        Response r = target("tap-services").request().get();
        assertThat(r.getStatus(), is(200));
        JsonNode body = json(r);
        assertThat(body.get("tapServices").isArray(), is(true));
        assertThat(body.get("tapServices").size(), is(0));
        assertThat(body.size(), is(1));
    }

    /**
     * GET lists every tap service, ordered by name.
     */
    @Test
    public void getAll() throws Exception {
        TapService b = addService("of:0000000000000001/2", "bravo");
        TapService a = addService("of:0000000000000001/1", "alpha");
        JsonNode list = json(target("tap-services").request().get()).get("tapServices");
        assertThat(list.size(), is(2));
        assertThat(list.get(0).get("id").asText(), is(a.id().toString()));
        assertThat(list.get(0).get("port").asText(), is("of:0000000000000001/1"));
        assertThat(list.get(0).get("status").asText(), is("BUILD"));
        assertThat(list.get(1).get("id").asText(), is(b.id().toString()));
    }

    /**
     * GET of one tap service gives all its fields.
     */
    @Test
    public void getOne() throws Exception {
        TapService s = addService("of:0000000000000001/3", "analyzer");
        Response r = target("tap-services/" + s.id()).request().get();
        assertThat(r.getStatus(), is(200));
        JsonNode body = json(r);
        assertThat(body.get("id").asText(), is(s.id().toString()));
        assertThat(body.get("name").asText(), is("analyzer"));
        assertThat(body.get("description").asText(), is(""));
        assertThat(body.get("tenant").asText(), is(""));
        assertThat(body.get("port").asText(), is("of:0000000000000001/3"));
        assertThat(body.get("status").asText(), is("BUILD"));
        assertThat(body.get("reason").asText(), is(s.status().reason()));
    }

    /**
     * GET of an unknown or malformed id gives 404 or 400.
     */
    @Test
    public void getUnknown() throws Exception {
        assertError(target("tap-services/" + ID).request().get(), 404, "tap service " + ID + " does not exist");
        assertError(target("tap-services/nope").request().get(), 400, "id: malformed tap service id 'nope'");
    }

    /**
     * POST creates a tap service: 201, Location, body; it is then in the store.
     */
    @Test
    public void create() throws Exception {
        Response r = send("POST", "tap-services", "{\"name\":\"analyzer\",\"description\":\"IDS\","
                + "\"tenant\":\"blue\",\"port\":\"of:0000000000000001/3\"}");
        assertThat(r.getStatus(), is(201));
        JsonNode body = json(r);
        String id = body.get("id").asText();
        assertThat(r.getLocation().toString(), endsWith("/tap-services/" + id));
        assertThat(body.get("name").asText(), is("analyzer"));
        assertThat(body.get("tenant").asText(), is("blue"));
        assertThat(body.get("status").asText(), is("BUILD"));
        TapService stored = manager().getTapService(TapServiceId.of(id));
        assertThat(stored, notNullValue());
        assertThat(stored.description(), is("IDS"));
        assertThat(stored.port(), is(ConnectPoint.deviceConnectPoint("of:0000000000000001/3")));

        Response again = client().target(r.getLocation()).request().get();
        assertThat(again.getStatus(), is(200));
        assertThat(json(again).get("id").asText(), is(id));
    }

    /**
     * POST keeps a given id and ignores status and reason; unicode text round-trips.
     */
    @Test
    public void createWithIdAndUnicode() throws Exception {
        Response r = send("POST", "tap-services", "{\"id\":\"" + ID + "\",\"name\":\"анализатор 分析器 \uD83D\uDD0D\","
                + "\"port\":\"of:0000000000000001/3\",\"status\":\"ACTIVE\",\"reason\":\"fake\"}");
        assertThat(r.getStatus(), is(201));
        TapService stored = manager().getTapService(TapServiceId.of(ID));
        assertThat(stored.name(), is("анализатор 分析器 \uD83D\uDD0D"));
        assertThat(stored.status().state().name(), is("BUILD"));
        assertThat(json(target("tap-services/" + ID).request().get()).get("name").asText(),
                is("анализатор 分析器 \uD83D\uDD0D"));
    }

    /**
     * POST of {"tapServices": [...]} creates them all, in order.
     */
    @Test
    public void bulkCreate() throws Exception {
        Response r = send("POST", "tap-services", "{\"tapServices\":[{\"name\":\"a\",\"port\":\"of:1/1\"},"
                + "{\"name\":\"b\",\"port\":\"of:1/2\"},{\"name\":\"c\",\"port\":\"of:2/1\"}]}");
        assertThat(r.getStatus(), is(201));
        assertThat(r.getLocation().toString(), endsWith("/tap-services"));
        JsonNode list = json(r).get("tapServices");
        assertThat(list.size(), is(3));
        assertThat(list.get(2).get("port").asText(), is("of:2/1"));
        assertThat(manager().getTapServices().size(), is(3));
        for (JsonNode s : list) {
            assertThat(manager().getTapService(TapServiceId.of(s.get("id").asText())), notNullValue());
        }
    }

    /**
     * Bulk create is all or nothing: one conflicting element and nothing is stored.
     */
    @Test
    public void bulkCreateAllOrNothing() throws Exception {
        addService("of:1/9", "existing");
        assertError(send("POST", "tap-services", "{\"tapServices\":[{\"port\":\"of:1/1\"},{\"port\":\"of:1/9\"}]}"),
                409, "port of:1/9 is already the port of tap service");
        assertThat(manager().getTapServices().size(), is(1));
    }

    /**
     * The quota of tap services gives 409.
     */
    @Test
    public void quota() throws Exception {
        TestUtils.setField(manager(), "maxTapServices", 1);
        addService("of:1/1", "one");
        assertError(send("POST", "tap-services", "{\"port\":\"of:1/2\"}"), 409, "quota exceeded");
        assertThat(manager().getTapServices().size(), is(1));
    }

    /**
     * PUT changes the given fields and keeps the others.
     */
    @Test
    public void update() throws Exception {
        TapService s = manager().createTapService(TapService.builder().id(TapServiceId.random()).name("old")
                .description("keep me").tenant("blue").port(ConnectPoint.deviceConnectPoint("of:1/1")).build());
        Response r = send("PUT", "tap-services/" + s.id(), "{\"name\":\"new\"}");
        assertThat(r.getStatus(), is(200));
        JsonNode body = json(r);
        assertThat(body.get("name").asText(), is("new"));
        assertThat(body.get("description").asText(), is("keep me"));
        TapService stored = manager().getTapService(s.id());
        assertThat(stored.name(), is("new"));
        assertThat(stored.description(), is("keep me"));
        assertThat(stored.tenant(), is("blue"));

        // the whole GET output, edited, can be sent back
        JsonNode full = json(target("tap-services/" + s.id()).request().get());
        ((com.fasterxml.jackson.databind.node.ObjectNode) full).put("description", "");
        assertThat(send("PUT", "tap-services/" + s.id(), full.toString()).getStatus(), is(200));
        assertThat(manager().getTapService(s.id()).description(), is(""));
    }

    /**
     * PUT cannot change the port and refuses unknown ids.
     */
    @Test
    public void updateRefused() throws Exception {
        TapService s = addService("of:1/1", "a");
        assertError(send("PUT", "tap-services/" + s.id(), "{\"port\":\"of:1/2\"}"), 400, "cannot be changed");
        assertError(send("PUT", "tap-services/" + ID, "{\"name\":\"x\"}"), 404, "does not exist");
        assertThat(manager().getTapService(s.id()), is(s));
    }

    /**
     * DELETE removes the tap service and its tap flows: 204, then 404.
     */
    @Test
    public void delete() throws Exception {
        TapService s = addService("of:1/1", "a");
        TapService other = addService("of:1/2", "b");
        addFlow(s, "of:2/1", Direction.BOTH, null);
        addFlow(other, "of:2/2", Direction.IN, "10");
        Response r = target("tap-services/" + s.id()).request().delete();
        assertThat(r.getStatus(), is(204));
        assertThat(manager().getTapService(s.id()), nullValue());
        assertThat(manager().getTapFlows().size(), is(1));
        assertThat(manager().getTapFlows().iterator().next().tapServiceId(), is(other.id()));
        assertError(target("tap-services/" + s.id()).request().delete(), 404, "does not exist");
    }
}

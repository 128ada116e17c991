package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;

import javax.ws.rs.core.Response;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Tunnel tap services over /tap-services: created, read back, fed by tap flows, refused
 * without a change, and shown without a port by the Neutron-compatible API.
 */
public class TunnelWebResourceTest extends TaasResourceTest {

    private static final String ERSPAN = "{\"name\":\"ids\",\"tunnel\":{\"type\":\"erspan\","
            + "\"remoteIp\":\"192.0.2.9\",\"inKey\":101,\"outKey\":102}}";

    @Test
    public void postCreatesATunnelServiceThatFlowsFeed() throws Exception {
        Response r = send("POST", "tap-services", ERSPAN);
        assertThat(r.getStatus(), is(201));
        JsonNode created = json(r);
        assertThat(created.has("port"), is(false));
        assertThat(created.get("tunnel").toString(),
                   is("{\"type\":\"erspan\",\"remoteIp\":\"192.0.2.9\",\"inKey\":101,\"outKey\":102}"));
        assertThat(created.get("status").asText(), is("ACTIVE"));
        TapService s = manager().getTapService(TapServiceId.of(created.get("id").asText()));
        addFlow(s, "of:0000000000000002/1", Direction.BOTH, "100");
        JsonNode back = json(target("tap-services/" + s.id()).request().get());
        assertThat(back.get("tunnel"), is(created.get("tunnel")));
        JsonNode neutron = json(target("v2.0/taas/tap_services/" + s.id()).request().get()).get("tap_service");
        assertThat(neutron.get("port_id").isNull(), is(true));
    }

    @Test
    public void badTunnelsAreRefusedAndChangeNothing() throws Exception {
        Object before = snapshot();
        assertError(send("POST", "tap-services", "{\"port\":\"of:1/3\",\"tunnel\":{\"type\":\"gre\","
                + "\"remoteIp\":\"192.0.2.9\",\"inKey\":1,\"outKey\":2}}"), 400, "port and tunnel:");
        assertError(send("POST", "tap-services", "{\"tunnel\":{\"type\":\"erspan\",\"remoteIp\":\"192.0.2.9\","
                + "\"inKey\":1,\"outKey\":2000}}"), 400, "outKey 2000 is out of range");
        assertError(send("POST", "tap-services", "{\"tunnel\":{\"type\":\"gre\",\"remoteIp\":\"2001:db8::9\","
                + "\"inKey\":1,\"outKey\":2}}"), 400, "remoteIp 2001:db8::9: only IPv4");
        assertThat(snapshot(), is(before));
        send("POST", "tap-services", ERSPAN);
        assertError(send("POST", "tap-services", ERSPAN.replace("\"ids\"", "\"again\"")), 409,
                    "tunnel: erspan key 101 to 192.0.2.9 is already used by tap service");
    }
}

package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;

import javax.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * /v2.0/taas/tap_mirrors: OpenStack TaaS's remote mirrors, each a tunnel tap service and
 * its one tap flow.
 */
public class NeutronTapMirrorTest extends NeutronResourceTest {

    private static final String MIRRORS = "v2.0/taas/tap_mirrors";
    private static final String H1 = "of:0000000000000001/1";
    private static final String ERSPAN = "{\"tap_mirror\":{\"name\":\"ids\",\"port_id\":\"" + H1 + "\","
            + "\"directions\":{\"IN\":101,\"OUT\":\"102\"},\"remote_ip\":\"192.0.2.9\",\"mirror_type\":\"erspanv1\"}}";

    private void refused(String body, int status, String type, String message) throws Exception {
        Set<Object> before = snapshot();
        assertNeutronError(send("POST", MIRRORS, body), status, type, message);
        assertThat(snapshot(), is(before));
    }

    @Test
    public void createReadListDelete() throws Exception {
        Response r = send("POST", MIRRORS, ERSPAN);
        String text = r.readEntity(String.class);
        assertThat(text, r.getStatus(), is(201));
        JsonNode m = MAPPER.readTree(text).get("tap_mirror");
        List<String> keys = new ArrayList<>();
        m.fieldNames().forEachRemaining(keys::add);
        assertThat(keys, is(List.of("id", "tenant_id", "project_id", "name", "description", "port_id", "directions",
                                    "remote_ip", "mirror_type")));
        assertThat(m.get("directions").toString(), is("{\"IN\":101,\"OUT\":102}"));
        assertThat(m.get("mirror_type").asText(), is("erspanv1"));
        String id = m.get("id").asText();
        TapService s = manager().getTapService(TapServiceId.of(id));
        assertThat(s.destination(), is("erspan 192.0.2.9 in-key 101 out-key 102"));
        List<TapFlow> flows = new ArrayList<>(manager().getTapFlows(s.id()));
        assertThat(flows.size(), is(1));
        assertThat(flows.get(0).direction(), is(Direction.BOTH));
        assertThat(flows.get(0).sourcePort().toString(), is(H1));

        assertThat(json(target(MIRRORS + "/" + id).request().get()).get("tap_mirror"), is(m));
        JsonNode list = json(target(MIRRORS).request().get()).get("tap_mirrors");
        assertThat(list.size(), is(1));
        // a port tap service is no tap mirror
        addService("of:0000000000000001/3", "local");
        assertThat(json(target(MIRRORS).request().get()).get("tap_mirrors").size(), is(1));

        Response renamed = send("PUT", MIRRORS + "/" + id, "{\"tap_mirror\":{\"name\":\"ids-2\"}}");
        assertThat(json(renamed).get("tap_mirror").get("name").asText(), is("ids-2"));
        assertNeutronError(send("PUT", MIRRORS + "/" + id, "{\"tap_mirror\":{\"remote_ip\":\"192.0.2.10\"}}"),
                           400, "HTTPBadRequest", "Cannot update read-only attribute remote_ip");

        assertThat(target(MIRRORS + "/" + id).request().delete().getStatus(), is(204));
        assertThat(manager().getTapService(s.id()) == null, is(true));
        assertThat(manager().getTapFlows().isEmpty(), is(true));
        assertNeutronError(target(MIRRORS + "/" + id).request().get(), 404, "TapMirrorNotFound",
                           "Tap Mirror " + id + " does not exist");
    }

    @Test
    public void greMirror() throws Exception {
        Response r = send("POST", MIRRORS, ERSPAN.replace("erspanv1", "gre").replace("102", "4000000000"));
        JsonNode m = json(r).get("tap_mirror");
        assertThat(m.get("mirror_type").asText(), is("gre"));
        assertThat(m.get("directions").get("OUT").asLong(), is(4000000000L));
    }

    @Test
    public void badMirrorsAreRefusedAndChangeNothing() throws Exception {
        refused(ERSPAN.replace("erspanv1", "vxlan"), 400, "HTTPBadRequest",
                "Invalid input for mirror_type. Reason: 'vxlan' is not in ['erspanv1', 'gre']");
        refused(ERSPAN.replace("192.0.2.9", "nowhere"), 400, "HTTPBadRequest",
                "Invalid input for remote_ip. Reason: 'nowhere' is not a valid IP address");
        refused(ERSPAN.replace("192.0.2.9", "2001:db8::9"), 400, "InvalidInput", "only IPv4");
        refused(ERSPAN.replace("\"IN\":101,", ""), 400, "HTTPBadRequest", "give both IN and OUT");
        refused(ERSPAN.replace("\"IN\":101", "\"SIDEWAYS\":101"), 400, "HTTPBadRequest",
                "'SIDEWAYS' is not in ['IN', 'OUT']");
        refused(ERSPAN.replace("\"OUT\":\"102\"", "\"OUT\":2000"), 400, "InvalidInput",
                "outKey 2000 is out of range");
        refused(ERSPAN.replace(H1, "nosuchport"), 404, "InvalidSourcePort", "nosuchport");
        refused(ERSPAN.replace(",\"mirror_type\":\"erspanv1\"", ""), 400, "HTTPBadRequest",
                "Required attribute 'mirror_type' not specified");
    }
}

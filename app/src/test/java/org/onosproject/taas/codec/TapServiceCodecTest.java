package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onlab.packet.IpAddress;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapTunnel;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;

import java.io.IOException;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.fail;

/**
 * Tests of {@link TapServiceCodec}.
 */
public class TapServiceCodecTest {

    private static final String ID = "4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f";

    private final TestCodecContext context = new TestCodecContext();
    private final TapServiceCodec codec = new TapServiceCodec();

    private ObjectNode json(String text) throws IOException {
        return (ObjectNode) context.mapper().readTree(text);
    }

    private TapService service() {
        return TapService.builder().id(TapServiceId.of(ID)).name("analyzer")
                .description("IDS on h3\nsecond line").tenant("blue")
                .port(ConnectPoint.deviceConnectPoint("of:0000000000000001/3"))
                .status(TapStatus.down("port of:0000000000000001/3 is down")).build();
    }

    private void assertInvalid(String body, String field) throws IOException {
        try {
            codec.decode(json(body), context);
            fail("accepted " + body);
        } catch (TaasException e) {
            assertThat(e.kind(), is(TaasException.Kind.INVALID));
            assertThat(body, e.getMessage(), startsWith(field));
        }
    }

    /**
     * Encodes every field in its ONOS JSON form.
     */
    @Test
    public void encodesAllFields() {
        ObjectNode json = codec.encode(service(), context);
        assertThat(json.get("id").asText(), is(ID));
        assertThat(json.get("name").asText(), is("analyzer"));
        assertThat(json.get("description").asText(), is("IDS on h3\nsecond line"));
        assertThat(json.get("tenant").asText(), is("blue"));
        assertThat(json.get("port").asText(), is("of:0000000000000001/3"));
        assertThat(json.get("status").asText(), is("DOWN"));
        assertThat(json.get("reason").asText(), is("port of:0000000000000001/3 is down"));
        assertThat(json.size(), is(7));
    }

    /**
     * Decoding an encoded service gives it back, except status (output only).
     */
    @Test
    public void roundTrip() {
        TapService s = service();
        TapService back = codec.decode(codec.encode(s, context), context);
        assertThat(back, is(s.withStatus(TapStatus.CREATED)));
    }

    /**
     * The id is optional on input; a random one is generated.
     */
    @Test
    public void generatesId() throws IOException {
        TapService a = codec.decode(json("{\"port\":\"of:0000000000000001/3\"}"), context);
        TapService b = codec.decode(json("{\"port\":\"of:0000000000000001/3\",\"id\":null}"), context);
        assertThat(a.id(), notNullValue());
        assertThat(a.id().equals(b.id()), is(false));
        assertThat(a.name(), is(""));
        assertThat(a.port(), is(ConnectPoint.deviceConnectPoint("of:0000000000000001/3")));
    }

    /**
     * Status and reason are accepted and ignored on input.
     */
    @Test
    public void ignoresStatusOnInput() throws IOException {
        TapService s = codec.decode(json("{\"port\":\"of:1/3\",\"status\":\"ACTIVE\",\"reason\":\"x\"}"),
                context);
        assertThat(s.status(), is(TapStatus.CREATED));
    }

    /**
     * Bad input is refused with a message naming the field.
     */
    @Test
    public void rejectsBadInput() throws IOException {
        assertInvalid("{}", "port: missing");
        assertInvalid("{\"port\":null}", "port: missing");
        assertInvalid("{\"port\":3}", "port: expected a string, got a number");
        assertInvalid("{\"port\":\"of:1\"}", "port: malformed connect point");
        assertInvalid("{\"port\":\"of:1/x\"}", "port: malformed connect point");
        assertInvalid("{\"port\":\"1/3\"}", "port: malformed connect point");
        assertInvalid("{\"port\":\"of:1/3/4\"}", "port: malformed connect point");
        assertInvalid("{\"port\":\"of:\uFF11/3\"}", "port: malformed connect point");
        assertInvalid("{\"port\":\"of:1/\uFF13\"}", "port: malformed connect point");
        assertInvalid("{\"port\":\"of:1 /3\"}", "port: malformed connect point");
        assertInvalid("{\"port\":\"of:1/0\"}", "port: port number '0' is out of range");
        assertInvalid("{\"port\":\"of:1/4294967296\"}", "port: port number");
        assertInvalid("{\"port\":\"of:1/99999999999999999999\"}", "port: port number");
        assertInvalid("{\"port\":\"of:1/3\",\"nmae\":\"x\"}", "'nmae': unknown field");
        assertInvalid("{\"port\":\"of:1/3\",\"name\":[\"x\"]}", "name: expected a string, got an array");
        assertInvalid("{\"port\":\"of:1/3\",\"tenant\":{}}", "tenant: expected a string, got an object");
        assertInvalid("{\"port\":\"of:1/3\",\"description\":true}", "description: expected a string");
        assertInvalid("{\"port\":\"of:1/3\",\"id\":\"42\"}", "id: malformed id '42'");
        assertInvalid("{\"port\":\"of:1/3\",\"id\":42}", "id: expected a string");
        assertInvalid("{\"port\":\"of:1/3\",\"status\":1}", "status: expected a string");
    }

    /**
     * A missing object is refused.
     */
    @Test
    public void rejectsNull() {
        try {
            codec.decode((ObjectNode) null, context);
            fail("accepted null");
        } catch (TaasException e) {
            assertThat(e.getMessage(), containsString("tap service"));
        }
    }

    // ---- tunnel tap services: "tunnel" instead of "port"

    private static TapService erspan() {
        return TapService.builder().id(TapServiceId.of(ID)).name("ids").tunnel(TapTunnel.builder()
                .type(TapTunnel.Type.ERSPAN).remoteIp(IpAddress.valueOf("192.0.2.9")).inKey(101).outKey(102)
                .build()).status(TapStatus.active()).build();
    }

    @Test
    public void encodesTheTunnelInsteadOfAPort() {
        ObjectNode j = codec.encode(erspan(), context);
        assertThat(j.has("port"), is(false));
        assertThat(j.get("tunnel").toString(),
                   is("{\"type\":\"erspan\",\"remoteIp\":\"192.0.2.9\",\"inKey\":101,\"outKey\":102}"));
    }

    @Test
    public void tunnelRoundTrip() {
        TapService s = erspan();
        assertThat(codec.decode(codec.encode(s, context), context), is(s.withStatus(TapStatus.CREATED)));
        TapService gre = s.toBuilder().tunnel(TapTunnel.builder().type(TapTunnel.Type.GRE)
                .remoteIp(IpAddress.valueOf("198.51.100.7")).inKey(0).outKey(4294967295L).build()).build();
        assertThat(codec.decode(codec.encode(gre, context), context), is(gre.withStatus(TapStatus.CREATED)));
    }

    @Test
    public void decodesTheIssueExample() throws IOException {
        TapService s = codec.decode(json("{\"name\":\"ids\",\"tunnel\":{\"type\":\"GRE\","
                + "\"remoteIp\":\"192.0.2.9\",\"inKey\":7,\"outKey\":8}}"), context);
        assertThat(s.port(), nullValue());
        assertThat(s.tunnel().get().type(), is(TapTunnel.Type.GRE));
        assertThat(s.tunnel().get().key(org.onosproject.taas.api.Direction.IN), is(7L));
        assertThat(s.tunnel().get().key(org.onosproject.taas.api.Direction.OUT), is(8L));
    }

    @Test
    public void rejectsBadTunnels() throws IOException {
        String t = "\"type\":\"gre\",\"remoteIp\":\"192.0.2.9\",\"inKey\":1,\"outKey\":2";
        assertInvalid("{\"port\":\"of:0000000000000001/3\",\"tunnel\":{" + t + "}}",
                      "port and tunnel: a tap service sends its copies to a port or through a tunnel, not both");
        assertInvalid("{\"name\":\"x\"}", "port: missing; a tap service needs a port (or a tunnel)");
        assertInvalid("{\"tunnel\":\"gre\"}", "tunnel: expected an object");
        assertInvalid("{\"tunnel\":{\"type\":\"vxlan\",\"remoteIp\":\"192.0.2.9\",\"inKey\":1,\"outKey\":2}}",
                      "tunnel.type: invalid tunnel type 'vxlan'");
        assertInvalid("{\"tunnel\":{\"remoteIp\":\"192.0.2.9\",\"inKey\":1,\"outKey\":2}}",
                      "type: missing; a tunnel needs it");
        assertInvalid("{\"tunnel\":{\"type\":\"gre\",\"remoteIp\":\"192.0.2.999\",\"inKey\":1,\"outKey\":2}}",
                      "tunnel.remoteIp: invalid IP address '192.0.2.999'");
        assertInvalid("{\"tunnel\":{\"type\":\"gre\",\"remoteIp\":\"192.0.2.9\",\"inKey\":1}}",
                      "tunnel.outKey: missing");
        assertInvalid("{\"tunnel\":{\"type\":\"gre\",\"remoteIp\":\"192.0.2.9\",\"inKey\":\"1\",\"outKey\":2}}",
                      "tunnel.inKey: expected a whole number");
        assertInvalid("{\"tunnel\":{\"type\":\"gre\",\"remoteIp\":\"192.0.2.9\",\"inKey\":1.5,\"outKey\":2}}",
                      "tunnel.inKey: expected a whole number");
        assertInvalid("{\"tunnel\":{" + t + ",\"vni\":3}}", "'vni': unknown field in tunnel");
    }
}

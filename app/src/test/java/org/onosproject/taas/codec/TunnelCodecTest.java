package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;
import org.onlab.packet.IpAddress;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.TapTunnel;

import java.io.IOException;

import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.fail;

/**
 * JSON of tunnel tap services: {@code "tunnel":{"type","remoteIp","inKey","outKey"}} instead of
 * {@code "port"}; every malformed part is refused naming the field.
 */
public class TunnelCodecTest {

    private static final String ID = "4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f";

    private final TestCodecContext context = new TestCodecContext();
    private final TapServiceCodec codec = new TapServiceCodec();

    private ObjectNode json(String text) throws IOException {
        return (ObjectNode) context.mapper().readTree(text);
    }

    private static TapService erspan() {
        return TapService.builder().id(TapServiceId.of(ID)).name("ids").tunnel(TapTunnel.builder()
                .type(TapTunnel.Type.ERSPAN).remoteIp(IpAddress.valueOf("192.0.2.9")).inKey(101).outKey(102)
                .build()).status(TapStatus.active()).build();
    }

    private void assertInvalid(String body, String message) throws IOException {
        try {
            codec.decode(json(body), context);
            fail("accepted " + body);
        } catch (TaasException e) {
            assertThat(e.kind(), is(TaasException.Kind.INVALID));
            assertThat(body, e.getMessage(), startsWith(message));
        }
    }

    @Test
    public void encodesTheTunnelInsteadOfAPort() {
        ObjectNode j = codec.encode(erspan(), context);
        assertThat(j.has("port"), is(false));
        assertThat(j.get("tunnel").toString(),
                   is("{\"type\":\"erspan\",\"remoteIp\":\"192.0.2.9\",\"inKey\":101,\"outKey\":102}"));
    }

    @Test
    public void roundTrip() {
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

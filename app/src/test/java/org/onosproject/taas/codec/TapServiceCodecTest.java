package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;

import java.io.IOException;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
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
}

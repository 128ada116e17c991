package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;

import java.io.IOException;
import java.util.List;

import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.fail;

/**
 * Tests of {@link TapFlowCodec}.
 */
public class TapFlowCodecTest {

    private static final String ID = "11111111-2222-4333-8444-555555555555";
    private static final String SID = "4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f";
    private static final String BASE = "\"tapServiceId\":\"" + SID
            + "\",\"sourcePort\":\"of:0000000000000002/1\",\"direction\":\"OUT\"";

    private final TestCodecContext context = new TestCodecContext();
    private final TapFlowCodec codec = new TapFlowCodec();

    private ObjectNode json(String text) throws IOException {
        return (ObjectNode) context.mapper().readTree(text);
    }

    private TapFlow flow(VlanFilter filter) {
        return TapFlow.builder().id(TapFlowId.of(ID)).name("web").description("port 80")
                .tenant("blue").tapServiceId(TapServiceId.of(SID))
                .sourcePort(ConnectPoint.deviceConnectPoint("of:0000000000000002/1"))
                .direction(Direction.BOTH).vlanFilter(filter)
                .status(TapStatus.active()).build();
    }

    private void assertInvalid(String fields, String message) throws IOException {
        String body = "{" + fields + "}";
        try {
            codec.decode(json(body), context);
            fail("accepted " + body);
        } catch (TaasException e) {
            assertThat(e.kind(), is(TaasException.Kind.INVALID));
            assertThat(body, e.getMessage(), startsWith(message));
        }
    }

    /**
     * Encodes every field; the VLAN filter in canonical TaaS syntax.
     */
    @Test
    public void encodesAllFields() {
        ObjectNode json = codec.encode(flow(VlanFilter.parse("27-36, 9,18")), context);
        assertThat(json.get("id").asText(), is(ID));
        assertThat(json.get("name").asText(), is("web"));
        assertThat(json.get("description").asText(), is("port 80"));
        assertThat(json.get("tenant").asText(), is("blue"));
        assertThat(json.get("tapServiceId").asText(), is(SID));
        assertThat(json.get("sourcePort").asText(), is("of:0000000000000002/1"));
        assertThat(json.get("direction").asText(), is("BOTH"));
        assertThat(json.get("vlanFilter").asText(), is("9,18,27-36"));
        assertThat(json.get("status").asText(), is("ACTIVE"));
        assertThat(json.get("reason").asText(), is(""));
        assertThat(json.size(), is(10));
    }

    /**
     * A flow without a filter has no vlanFilter field.
     */
    @Test
    public void omitsAbsentFilter() {
        ObjectNode json = codec.encode(flow(null), context);
        assertThat(json.get("vlanFilter"), nullValue());
    }

    /**
     * Decoding an encoded flow gives it back, except status (output only).
     */
    @Test
    public void roundTrip() {
        for (VlanFilter filter : new VlanFilter[]{null, VlanFilter.parse("0"), VlanFilter.parse("1-4095")}) {
            TapFlow f = flow(filter);
            assertThat(codec.decode(codec.encode(f, context), context), is(f.withStatus(TapStatus.CREATED)));
        }
    }

    /**
     * Lists round-trip through the inherited array methods.
     */
    @Test
    public void roundTripList() {
        List<TapFlow> flows = ImmutableList.of(flow(null).withStatus(TapStatus.CREATED),
                flow(VlanFilter.of(5)).toBuilder().id(TapFlowId.random()).status(TapStatus.CREATED).build());
        ArrayNode array = codec.encode(flows, context);
        assertThat(codec.decode(array, context), is(flows));
    }

    /**
     * Minimal input: id generated, no filter, direction parsed, null vlanFilter is no filter.
     */
    @Test
    public void decodesMinimal() throws IOException {
        TapFlow f = codec.decode(json("{" + BASE + ",\"vlanFilter\":null}"), context);
        assertThat(f.direction(), is(Direction.OUT));
        assertThat(f.vlanFilter().isPresent(), is(false));
        assertThat(f.tapServiceId(), is(TapServiceId.of(SID)));
        assertThat(f.sourcePort(), is(ConnectPoint.deviceConnectPoint("of:0000000000000002/1")));
        assertThat(f.status(), is(TapStatus.CREATED));
        TapFlow g = codec.decode(json("{" + BASE + "}"), context);
        assertThat(codec.decode(json("{" + BASE.replace("OUT", " both ") + "}"), context).direction(),
                is(Direction.BOTH));
        assertThat(f.id().equals(g.id()), is(false));
    }

    /**
     * Bad input is refused with a message naming the field.
     */
    @Test
    public void rejectsBadInput() throws IOException {
        String src = "\"sourcePort\":\"of:2/1\"";
        String svc = "\"tapServiceId\":\"" + SID + "\"";
        String dir = "\"direction\":\"IN\"";
        assertInvalid(svc + "," + dir, "sourcePort: missing");
        assertInvalid(src + "," + dir, "tapServiceId: missing");
        assertInvalid(src + "," + svc, "direction: missing");
        assertInvalid(BASE + ",\"direction2\":\"IN\"", "'direction2': unknown field");
        assertInvalid(src + "," + svc + ",\"direction\":\"SIDEWAYS\"", "direction: invalid direction 'SIDEWAYS'");
        assertInvalid(src + "," + svc + ",\"direction\":\"\u0131n\"", "direction: invalid direction");
        assertInvalid(src + "," + svc + ",\"direction\":\"\"", "direction: invalid direction ''");
        assertInvalid(src + "," + svc + ",\"direction\":1", "direction: expected a string, got a number");
        assertInvalid(src + "," + dir + ",\"tapServiceId\":\"abc\"", "tapServiceId: malformed id 'abc'");
        assertInvalid(svc + "," + dir + ",\"sourcePort\":\"of:2\"", "sourcePort: malformed connect point");
        assertInvalid(BASE + ",\"vlanFilter\":\"4096\"", "vlanFilter: invalid VLAN filter");
        assertInvalid(BASE + ",\"vlanFilter\":\"-1\"", "vlanFilter: invalid VLAN filter");
        assertInvalid(BASE + ",\"vlanFilter\":\"10-5\"", "vlanFilter: invalid VLAN filter");
        assertInvalid(BASE + ",\"vlanFilter\":\"\"", "vlanFilter: VLAN filter is empty");
        assertInvalid(BASE + ",\"vlanFilter\":100", "vlanFilter: expected a string, got a number");
        assertInvalid(BASE + ",\"vlanFilter\":[1,2]", "vlanFilter: expected a string, got an array");
        assertInvalid(BASE + ",\"id\":\"x\"", "id: malformed id 'x'");
        assertInvalid(BASE + ",\"reason\":false", "reason: expected a string");
    }
}

package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;

import java.util.List;

import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.fail;

/**
 * The remote-mirroring fields: a tap service's transportVlan and a tap flow's path are
 * encoded when present, accepted and ignored on input, refused when wrongly typed.
 */
public class RemoteFieldsCodecTest {

    private final TestCodecContext context = new TestCodecContext();
    private final TapServiceCodec serviceCodec = new TapServiceCodec();
    private final TapFlowCodec flowCodec = new TapFlowCodec();

    @Test
    public void transportVlanIsEncodedAndIgnoredOnInput() {
        TapService s = TapService.builder().id(TapServiceId.random())
                .port(ConnectPoint.deviceConnectPoint("of:0000000000000003/5")).transportVlan(3900).build();
        ObjectNode json = serviceCodec.encode(s, context);
        assertEquals(3900, json.get(TapServiceCodec.TRANSPORT_VLAN).asInt());
        assertFalse(serviceCodec.decode(json, context).transportVlan().isPresent());
        assertFalse(serviceCodec.encode(s.toBuilder().transportVlan(null).build(), context)
                            .has(TapServiceCodec.TRANSPORT_VLAN));
        json.put(TapServiceCodec.TRANSPORT_VLAN, "x");
        try {
            serviceCodec.decode(json, context);
            fail("text transportVlan accepted");
        } catch (TaasException e) {
            assertThat(e.getMessage(), startsWith("transportVlan:"));
        }
    }

    @Test
    public void pathIsEncodedAndIgnoredOnInput() {
        List<ConnectPoint> hops = List.of(ConnectPoint.deviceConnectPoint("of:0000000000000001/3"),
                                          ConnectPoint.deviceConnectPoint("of:0000000000000003/1"),
                                          ConnectPoint.deviceConnectPoint("of:0000000000000003/5"));
        TapFlow f = TapFlow.builder().id(TapFlowId.random()).tapServiceId(TapServiceId.random())
                .sourcePort(ConnectPoint.deviceConnectPoint("of:0000000000000001/5")).direction(Direction.OUT)
                .status(TapStatus.active().withPath(hops)).build();
        ObjectNode json = flowCodec.encode(f, context);
        assertEquals(3, json.get(TapFlowCodec.PATH).size());
        assertEquals("of:0000000000000003/5", json.get(TapFlowCodec.PATH).get(2).asText());
        assertEquals(f.sourcePort(), flowCodec.decode(json, context).sourcePort());
        json.put(TapFlowCodec.PATH, 7);
        try {
            flowCodec.decode(json, context);
            fail("numeric path accepted");
        } catch (TaasException e) {
            assertThat(e.getMessage(), startsWith("path:"));
        }
    }
}

package org.onosproject.taas.impl;

import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.Versioned;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

/**
 * Kryo round trip of every stored type through {@link TaasSerializer#NAMESPACE}.
 */
public class TaasSerializerTest {

    private static final ConnectPoint P1 = ConnectPoint.deviceConnectPoint("of:0000000000000001/1");
    private static final ConnectPoint P2 = ConnectPoint.deviceConnectPoint("of:00000000000000ab/4294967040");

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T original) {
        byte[] bytes = TaasSerializer.NAMESPACE.serialize(original);
        T copy = TaasSerializer.NAMESPACE.deserialize(bytes);
        assertEquals(original, copy);
        assertEquals(original.hashCode(), copy.hashCode());
        assertNotSame(original, copy);
        Serializer serializer = TaasSerializer.serializer();
        assertEquals(original, serializer.decode(serializer.encode(original)));
        return copy;
    }

    @Test
    public void ids() {
        roundTrip(TapServiceId.random());
        roundTrip(TapFlowId.random());
        TapServiceId s = TapServiceId.of("4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f");
        assertEquals("4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f", roundTrip(s).toString());
    }

    @Test
    public void enums() {
        for (Direction d : Direction.values()) {
            assertEquals(d, TaasSerializer.NAMESPACE.deserialize(TaasSerializer.NAMESPACE.serialize(d)));
        }
        for (TapStatus.State st : TapStatus.State.values()) {
            assertEquals(st, TaasSerializer.NAMESPACE.deserialize(TaasSerializer.NAMESPACE.serialize(st)));
        }
    }

    @Test
    public void statuses() {
        roundTrip(TapStatus.CREATED);
        roundTrip(TapStatus.active());
        roundTrip(TapStatus.down("port of:0000000000000001/1 is down"));
        roundTrip(TapStatus.error("driver lacks Nicira extensions: set driver ovs"));
        roundTrip(TapStatus.build("ünïcode ✓"));
    }

    @Test
    public void vlanFilterStillAnswersAfterRoundTrip() {
        VlanFilter f = roundTrip(VlanFilter.parse("0,9,18,27-36,4095"));
        assertEquals("0,9,18,27-36,4095", f.format());
        assertTrue(f.contains(0));
        assertTrue(f.includesUntagged());
        assertTrue(f.contains(30));
        assertTrue(f.contains(4095));
        assertFalse(f.contains(37));
        assertFalse(f.contains(1));
        assertEquals(14, f.size());
        assertEquals(14, f.vlanIds().size());
        VlanFilter all = roundTrip(VlanFilter.parse("0-4095"));
        assertEquals(4096, all.size());
    }

    @Test
    public void tapServices() {
        roundTrip(TapService.builder().id(TapServiceId.random()).port(P1).build());
        roundTrip(TapService.builder().id(TapServiceId.random()).name("analyzer").description("two\nlines")
                .tenant("tenant-a").port(P2).status(TapStatus.down("device of:00000000000000ab not connected"))
                .build());
    }

    @Test
    public void tapFlows() {
        TapServiceId sid = TapServiceId.random();
        roundTrip(TapFlow.builder().id(TapFlowId.random()).tapServiceId(sid).sourcePort(P1)
                .direction(Direction.IN).build());
        TapFlow filtered = roundTrip(TapFlow.builder().id(TapFlowId.random()).name("f").description("d")
                .tenant("t").tapServiceId(sid).sourcePort(P2).direction(Direction.BOTH)
                .vlanFilter(VlanFilter.parse("100-200,7")).status(TapStatus.active()).build());
        assertTrue(filtered.vlanFilter().get().contains(150));
        assertFalse(filtered.vlanFilter().get().contains(99));
        assertEquals(sid, filtered.tapServiceId());
    }

    @Test
    public void versionedValuesAsTheMapsHoldThem() {
        TapService s = TapService.builder().id(TapServiceId.random()).port(P1).build();
        Versioned<TapService> v = new Versioned<>(s, 7, 1234);
        Serializer serializer = TaasSerializer.serializer();
        Versioned<TapService> copy = serializer.decode(serializer.encode(v));
        assertEquals(s, copy.value());
        assertEquals(7, copy.version());
    }

    @Test
    public void tunnelServices() {
        for (org.onosproject.taas.api.TapTunnel.Type type : org.onosproject.taas.api.TapTunnel.Type.values()) {
            roundTrip(org.onosproject.taas.api.TapService.builder().id(TapServiceId.random()).name("ids")
                    .tunnel(org.onosproject.taas.api.TapTunnel.builder().type(type)
                            .remoteIp(org.onlab.packet.IpAddress.valueOf("192.0.2.9")).inKey(101).outKey(1023)
                            .build()).status(TapStatus.active()).build());
        }
    }
}

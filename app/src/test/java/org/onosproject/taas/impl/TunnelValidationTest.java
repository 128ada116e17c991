package org.onosproject.taas.impl;

import org.junit.Test;
import org.onlab.packet.IpAddress;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasException.Kind;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.TapTunnel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.impl.FakeNetwork.cp;

/**
 * Validation of tunnel tap services: every bad input is refused naming the problem and
 * changes nothing.
 */
public class TunnelValidationTest extends AbstractTaasManagerTest {

    private static TapService.Builder tunnel(TapTunnel.Type type, String ip, long in, long out) {
        return TapService.builder().id(TapServiceId.random()).name("ids").tunnel(TapTunnel.builder()
                .type(type).remoteIp(IpAddress.valueOf(ip)).inKey(in).outKey(out).build());
    }

    private void refused(TapService.Builder b, String... fragments) {
        int before = store.tapServiceCount();
        assertRefused(Kind.INVALID, () -> manager.createTapService(b.build()), fragments);
        assertEquals(before, store.tapServiceCount());
    }

    @Test
    public void tunnelServiceIsStoredActiveAndFeedsFlowsWithoutTransportVlan() {
        TapService s = manager.createTapService(tunnel(TapTunnel.Type.GRE, "192.0.2.9", 101, 102).build());
        assertEquals(TapStatus.State.ACTIVE, s.status().state());
        assertTrue(s.isTunnel());
        assertEquals("gre 192.0.2.9 in-key 101 out-key 102", s.destination());
        TapFlow f = addFlow(s.id(), cp(1, 1), Direction.BOTH, "100");
        addFlow(s.id(), cp(2, 1), Direction.OUT, null);
        assertEquals(f, manager.getTapFlow(f.id()));
        assertFalse(manager.getTapService(s.id()).transportVlan().isPresent());
        manager.removeTapService(s.id());
        assertEquals(0, store.tapFlowCount());
    }

    @Test
    public void ipv6AndNonUnicastCollectorsAreRefused() {
        refused(tunnel(TapTunnel.Type.GRE, "2001:db8::9", 1, 2), "remoteIp 2001:db8::9", "only IPv4");
        for (String ip : new String[]{"224.0.0.5", "0.0.0.0", "255.255.255.255", "127.0.0.1", "169.254.1.1"}) {
            refused(tunnel(TapTunnel.Type.GRE, ip, 1, 2), "remoteIp " + ip, "not a unicast address");
        }
    }

    @Test
    public void keysMustFitTheEncapsulation() {
        manager.createTapService(tunnel(TapTunnel.Type.GRE, "192.0.2.9", 0, 0xFFFFFFFFL).build());
        refused(tunnel(TapTunnel.Type.GRE, "192.0.2.10", 0x100000000L, 1), "inKey 4294967296",
                "a GRE key is 0..4294967295");
        refused(tunnel(TapTunnel.Type.GRE, "192.0.2.10", 1, -1), "outKey -1", "0..4294967295");
        manager.createTapService(tunnel(TapTunnel.Type.ERSPAN, "192.0.2.9", 0, 1023).build());
        refused(tunnel(TapTunnel.Type.ERSPAN, "192.0.2.10", 1024, 1), "inKey 1024",
                "an ERSPAN session id is 0..1023");
    }

    @Test
    public void inAndOutKeysMustDiffer() {
        refused(tunnel(TapTunnel.Type.ERSPAN, "192.0.2.9", 7, 7), "inKey and outKey are both 7",
                "tell IN copies from OUT copies");
    }

    @Test
    public void aKeyToOneCollectorBelongsToOneService() {
        TapService first = manager.createTapService(tunnel(TapTunnel.Type.GRE, "192.0.2.9", 1, 2).build());
        assertRefused(Kind.CONFLICT, () -> manager.createTapService(
                tunnel(TapTunnel.Type.GRE, "192.0.2.9", 2, 3).build()),
                "gre key 2 to 192.0.2.9 is already used by tap service " + first.id());
        // another collector, or the other encapsulation, may use the same keys
        manager.createTapService(tunnel(TapTunnel.Type.GRE, "192.0.2.10", 1, 2).build());
        manager.createTapService(tunnel(TapTunnel.Type.ERSPAN, "192.0.2.9", 1, 2).build());
        assertEquals(3, store.tapServiceCount());
    }

    @Test
    public void tunnelCannotChange() {
        TapService s = manager.createTapService(tunnel(TapTunnel.Type.GRE, "192.0.2.9", 1, 2).build());
        TapService moved = s.toBuilder().tunnel(TapTunnel.builder().type(TapTunnel.Type.GRE)
                .remoteIp(IpAddress.valueOf("192.0.2.10")).inKey(1).outKey(2).build()).build();
        assertRefused(Kind.INVALID, () -> manager.updateTapService(moved), "tunnel of tap service " + s.id(),
                "cannot be changed");
        assertEquals(s.tunnel(), manager.getTapService(s.id()).tunnel());
    }

    @Test
    public void typeParsingNamesTheChoices() {
        assertEquals(TapTunnel.Type.ERSPAN, TapTunnel.Type.parse(" ERSPAN "));
        try {
            TapTunnel.Type.parse("vxlan");
            throw new AssertionError("parsed vxlan");
        } catch (IllegalArgumentException e) {
            assertEquals("invalid tunnel type 'vxlan': expected one of [gre, erspan]", e.getMessage());
        }
    }
}

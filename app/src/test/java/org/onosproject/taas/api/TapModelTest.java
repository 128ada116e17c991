package org.onosproject.taas.api;

import com.google.common.testing.EqualsTester;
import org.junit.Test;
import org.onosproject.net.ConnectPoint;

import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Tests of the tap service, tap flow, status and id model classes.
 */
public class TapModelTest {

    private static final ConnectPoint CP1 = ConnectPoint.deviceConnectPoint("of:0000000000000001/1");
    private static final ConnectPoint CP2 = ConnectPoint.deviceConnectPoint("of:0000000000000001/2");
    private static final TapServiceId SID = TapServiceId.of("4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f");
    private static final TapFlowId FID = TapFlowId.of("00000000-0000-0000-0000-000000000001");

    private static TapService.Builder service() {
        return TapService.builder().id(SID).name("analyzer").description("d").tenant("t1").port(CP1)
                .status(TapStatus.active());
    }

    private static TapFlow.Builder flow() {
        return TapFlow.builder().id(FID).name("f").description("d").tenant("t1").tapServiceId(SID)
                .sourcePort(CP2).direction(Direction.OUT).vlanFilter(VlanFilter.parse("10-20"))
                .status(TapStatus.active());
    }

    @Test
    public void tapServiceBuilderKeepsEveryField() {
        TapService s = service().build();
        assertEquals(SID, s.id());
        assertEquals("analyzer", s.name());
        assertEquals("d", s.description());
        assertEquals("t1", s.tenant());
        assertEquals(CP1, s.port());
        assertEquals(TapStatus.active(), s.status());
        assertEquals(s, s.toBuilder().build());
    }

    @Test
    public void tapServiceDefaults() {
        TapService s = TapService.builder().id(SID).port(CP1).build();
        assertEquals("", s.name());
        assertEquals("", s.description());
        assertEquals("", s.tenant());
        assertEquals(TapStatus.CREATED, s.status());
        assertEquals(TapStatus.State.BUILD, s.status().state());
    }

    @Test
    public void tapServiceNeedsIdAndPort() {
        try {
            TapService.builder().port(CP1).build();
            fail("built a tap service without id");
        } catch (NullPointerException e) {
            assertThat(e.getMessage(), containsString("id"));
        }
        try {
            TapService.builder().id(SID).build();
            fail("built a tap service without port");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage(), containsString("needs a port or a tunnel"));
        }
    }

    @Test
    public void tapServiceEquality() {
        new EqualsTester()
                .addEqualityGroup(service().build(), service().build(), service().build().toBuilder().build())
                .addEqualityGroup(service().id(TapServiceId.random()).build())
                .addEqualityGroup(service().name("other").build())
                .addEqualityGroup(service().description("other").build())
                .addEqualityGroup(service().tenant("t2").build())
                .addEqualityGroup(service().port(CP2).build())
                .addEqualityGroup(service().status(TapStatus.down("port down")).build())
                .testEquals();
    }

    @Test
    public void tapServiceWithStatus() {
        TapService s = service().build();
        TapService down = s.withStatus(TapStatus.down("gone"));
        assertEquals(TapStatus.down("gone"), down.status());
        assertEquals(TapStatus.active(), s.status());
        assertEquals(s, down.withStatus(TapStatus.active()));
    }

    @Test
    public void tapFlowBuilderKeepsEveryField() {
        TapFlow f = flow().build();
        assertEquals(FID, f.id());
        assertEquals("f", f.name());
        assertEquals("d", f.description());
        assertEquals("t1", f.tenant());
        assertEquals(SID, f.tapServiceId());
        assertEquals(CP2, f.sourcePort());
        assertEquals(Direction.OUT, f.direction());
        assertEquals(VlanFilter.parse("10-20"), f.vlanFilter().get());
        assertEquals(TapStatus.active(), f.status());
        assertEquals(f, f.toBuilder().build());
    }

    @Test
    public void tapFlowDefaults() {
        TapFlow f = TapFlow.builder().id(FID).tapServiceId(SID).sourcePort(CP2).direction(Direction.IN).build();
        assertEquals("", f.name());
        assertEquals("", f.description());
        assertEquals("", f.tenant());
        assertFalse(f.vlanFilter().isPresent());
        assertEquals(TapStatus.CREATED, f.status());
    }

    @Test
    public void tapFlowNeedsIdServiceSourceAndDirection() {
        assertBuildFails(flow().id(null), "id");
        assertBuildFails(flow().tapServiceId(null), "tap service id");
        assertBuildFails(flow().sourcePort(null), "source port");
        assertBuildFails(flow().direction(null), "direction");
    }

    private static void assertBuildFails(TapFlow.Builder b, String what) {
        try {
            b.build();
            fail("built a tap flow without " + what);
        } catch (NullPointerException e) {
            assertThat(e.getMessage(), containsString(what));
        }
    }

    @Test
    public void tapFlowEquality() {
        new EqualsTester()
                .addEqualityGroup(flow().build(), flow().build(),
                        flow().vlanFilter(VlanFilter.parse("10-15,16-20")).build())
                .addEqualityGroup(flow().id(TapFlowId.random()).build())
                .addEqualityGroup(flow().name("g").build())
                .addEqualityGroup(flow().description("e").build())
                .addEqualityGroup(flow().tenant("t2").build())
                .addEqualityGroup(flow().tapServiceId(TapServiceId.random()).build())
                .addEqualityGroup(flow().sourcePort(CP1).build())
                .addEqualityGroup(flow().direction(Direction.BOTH).build())
                .addEqualityGroup(flow().vlanFilter(null).build())
                .addEqualityGroup(flow().vlanFilter(VlanFilter.of(10)).build())
                .addEqualityGroup(flow().status(TapStatus.error("no driver")).build())
                .testEquals();
    }

    @Test
    public void selectsSameAsIgnoresIdNameAndStatus() {
        TapFlow f = flow().build();
        TapFlow g = flow().id(TapFlowId.random()).name("x").description("y").tenant("z")
                .status(TapStatus.CREATED).vlanFilter(VlanFilter.parse("20,10-19")).build();
        assertTrue(f.selectsSameAs(g));
        assertFalse(f.selectsSameAs(flow().direction(Direction.IN).build()));
        assertFalse(f.selectsSameAs(flow().vlanFilter(null).build()));
        assertFalse(f.selectsSameAs(flow().vlanFilter(VlanFilter.of(10)).build()));
        assertFalse(f.selectsSameAs(flow().sourcePort(CP1).build()));
        assertFalse(f.selectsSameAs(flow().tapServiceId(TapServiceId.random()).build()));
        assertTrue(flow().vlanFilter(null).build().selectsSameAs(flow().vlanFilter(null).build()));
    }

    @Test
    public void tapFlowWithStatus() {
        TapFlow f = flow().build();
        TapFlow down = f.withStatus(TapStatus.down("port 2 down"));
        assertEquals(TapStatus.State.DOWN, down.status().state());
        assertEquals("port 2 down", down.status().reason());
        assertEquals(f, down.withStatus(TapStatus.active()));
    }

    @Test
    public void tapStatusFactoriesAndEquality() {
        assertEquals(TapStatus.State.ACTIVE, TapStatus.active().state());
        assertEquals("", TapStatus.active().reason());
        assertEquals(TapStatus.State.BUILD, TapStatus.build("x").state());
        assertEquals(TapStatus.State.DOWN, TapStatus.down("x").state());
        assertEquals(TapStatus.State.ERROR, TapStatus.error("x").state());
        assertEquals("", TapStatus.of(TapStatus.State.DOWN, null).reason());
        new EqualsTester()
                .addEqualityGroup(TapStatus.active(), TapStatus.of(TapStatus.State.ACTIVE, ""),
                        TapStatus.of(TapStatus.State.ACTIVE, null))
                .addEqualityGroup(TapStatus.down("a"), TapStatus.of(TapStatus.State.DOWN, "a"))
                .addEqualityGroup(TapStatus.down("b"))
                .addEqualityGroup(TapStatus.error("a"))
                .addEqualityGroup(TapStatus.build("a"))
                .testEquals();
        try {
            TapStatus.of(null, "x");
            fail("status without state");
        } catch (NullPointerException e) {
            assertThat(e.getMessage(), containsString("state"));
        }
    }

    @Test
    public void idsParseAndCompare() {
        UUID u = UUID.randomUUID();
        assertEquals(TapServiceId.of(u), TapServiceId.of(u.toString()));
        assertEquals(TapServiceId.of(u), TapServiceId.of("  " + u.toString().toUpperCase() + " "));
        assertEquals(TapFlowId.of(u), TapFlowId.of(u.toString()));
        assertEquals(u.toString(), TapServiceId.of(u).toString());
        assertEquals(u, TapFlowId.of(u).id());
        assertNotEquals(TapServiceId.random(), TapServiceId.random());
        assertNotEquals(TapFlowId.random(), TapFlowId.random());
        new EqualsTester()
                .addEqualityGroup(TapServiceId.of(u), TapServiceId.of(u.toString()))
                .addEqualityGroup(TapServiceId.random())
                .addEqualityGroup(TapFlowId.of(u))
                .testEquals();
    }

    @Test
    public void idsRejectBadText() {
        String[] bad = {null, "", "   ", "abc", "4f0e2b1c-2d3a-4b5c-8d9e", "4f0e2b1c2d3a4b5c8d9e0a1b2c3d4e5f",
            "4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5g", "4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f0",
            "1-1-1-1-1", "4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f,x"};
        for (String text : bad) {
            try {
                TapServiceId.of(text);
                fail("accepted tap service id " + text);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage(), containsString("malformed tap service id"));
                assertThat(e.getMessage(), containsString(String.valueOf(text)));
            }
            try {
                TapFlowId.of(text);
                fail("accepted tap flow id " + text);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage(), containsString("malformed tap flow id"));
            }
        }
    }

    @Test(expected = NullPointerException.class)
    public void idRejectsNullUuid() {
        TapServiceId.of((UUID) null);
    }

    @Test
    public void directionParse() {
        assertSame(Direction.IN, Direction.parse("IN"));
        assertSame(Direction.IN, Direction.parse("in"));
        assertSame(Direction.OUT, Direction.parse(" Out "));
        assertSame(Direction.BOTH, Direction.parse("\tboth\n"));
        for (String bad : new String[]{null, "", "  ", "INOUT", "I N", "ingress", "0", "BOTH,IN"}) {
            try {
                Direction.parse(bad);
                fail("accepted direction " + bad);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage(), containsString("invalid direction '" + bad + "'"));
                assertThat(e.getMessage(), containsString("IN, OUT, BOTH"));
            }
        }
    }

    @Test
    public void directionMeaning() {
        assertTrue(Direction.OUT.includesOut());
        assertFalse(Direction.OUT.includesIn());
        assertTrue(Direction.IN.includesIn());
        assertFalse(Direction.IN.includesOut());
        assertTrue(Direction.BOTH.includesIn());
        assertTrue(Direction.BOTH.includesOut());
    }

    @Test
    public void eventAccessors() {
        TapService s = service().build();
        TapService prev = service().name("old").build();
        TaasEvent e = new TaasEvent(TaasEvent.Type.TAP_SERVICE_UPDATED, s, prev);
        assertTrue(e.isTapServiceEvent());
        assertSame(s, e.tapService());
        assertSame(prev, e.prevSubject());
        TapFlow f = flow().build();
        TaasEvent fe = new TaasEvent(TaasEvent.Type.TAP_FLOW_ADDED, f, null);
        assertFalse(fe.isTapServiceEvent());
        assertSame(f, fe.tapFlow());
        assertEquals(null, fe.prevSubject());
    }

    @Test
    public void exceptionKinds() {
        assertEquals(TaasException.Kind.INVALID, TaasException.invalid("a").kind());
        assertEquals(TaasException.Kind.NOT_FOUND, TaasException.notFound("b").kind());
        assertEquals(TaasException.Kind.CONFLICT, TaasException.conflict("c").kind());
        assertEquals("c", TaasException.conflict("c").getMessage());
        assertNotSame(TaasException.invalid("a"), TaasException.invalid("a"));
    }
}

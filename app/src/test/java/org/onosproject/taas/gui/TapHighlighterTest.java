package org.onosproject.taas.gui;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.net.Host;
import org.onosproject.net.Link;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.ui.topo.AbstractHighlight;
import org.onosproject.ui.topo.Highlights;
import org.onosproject.ui.topo.LinkHighlight;
import org.onosproject.ui.topo.NodeBadge;
import org.onosproject.ui.topo.NodeHighlight;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.gui.GuiTestNetwork.cp;

/**
 * Which devices, hosts and links the "Tap" overlay highlights, and how, for a given set of
 * taps: three switches in a row, sources h1 (of:1/1) and h2 (of:2/1), tap service A at of:1/9
 * (analyzer ha) fed by h1 OUT and h2 BOTH on VLAN 100, tap service B at of:3/9 (analyzer hb)
 * fed by h1 IN; the paths of the remote copies come from a stub {@link TapPathLookup}.
 */
public class TapHighlighterTest {

    private GuiTestNetwork net;
    private Host h1;
    private Host h2;
    private Host ha;
    private Host hb;
    private Link l12;
    private Link l23;
    private TapService a;
    private TapService b;
    private TapFlow fa2;
    private final Map<TapFlowId, List<Link>> paths = new HashMap<>();
    private final TapPathLookup stubPaths = (f, s) -> paths.getOrDefault(f.id(), List.of());

    @Before
    public void setUp() {
        net = new GuiTestNetwork();
        l12 = net.addLinks(cp(1, 2), cp(2, 2));
        l23 = net.addLinks(cp(2, 3), cp(3, 3));
        h1 = net.addHost(1, cp(1, 1));
        h2 = net.addHost(2, cp(2, 1));
        ha = net.addHost(0xa, cp(1, 9));
        hb = net.addHost(0xb, cp(3, 9));
        a = net.service("A", cp(1, 9));
        b = net.service("B", cp(3, 9));
        net.flow("fa1", a, cp(1, 1), Direction.OUT, null);
        fa2 = net.flow("fa2", a, cp(2, 1), Direction.BOTH, "100");
        TapFlow fb1 = net.flow("fb1", b, cp(1, 1), Direction.IN, null);
        paths.put(fa2.id(), List.of(GuiTestNetwork.link(cp(2, 2), cp(1, 2))));
        paths.put(fb1.id(), List.of(l12, l23));
        net.allActive();
    }

    @After
    public void tearDown() {
        net.tearDown();
    }

    private TapHighlighter highlighter(TapPathLookup lookup) {
        return new TapHighlighter(net.taas, net.hosts, net.links, lookup);
    }

    private static Set<String> ids(Collection<? extends AbstractHighlight> hs) {
        return hs.stream().map(AbstractHighlight::elementId).collect(Collectors.toSet());
    }

    private static void assertBadge(NodeHighlight n, String text, NodeBadge.Status status) {
        assertNotNull("no highlight", n);
        assertEquals(text, n.badge().text());
        assertEquals(status, n.badge().status());
    }

    private static void assertLink(Highlights h, String id, String css, String label) {
        LinkHighlight lh = h.getLink(id);
        assertNotNull("link " + id + " is not highlighted", lh);
        assertEquals(css, lh.cssClasses());
        assertEquals(label, lh.label());
    }

    private static String dev(int n) {
        return String.format("of:%016x", n);
    }

    // what each (source port, tap service) copies
    private TaasStatsService rates(Map<String, TapStats> bySourceAndService) {
        return new TaasStatsService() {
            @Override
            public TapStats tapServiceStats(TapServiceId id) {
                return TapStats.notSampled();
            }

            @Override
            public TapStats tapFlowStats(TapFlowId id) {
                return TapStats.notSampled();
            }

            @Override
            public TapStats sourceStats(ConnectPoint source, TapServiceId service) {
                return bySourceAndService.getOrDefault(source + ">" + service, TapStats.notSampled());
            }
        };
    }

    @Test
    public void sourceLinksCarryTheRateOfTheirCopies() {
        Instant t = Instant.ofEpochMilli(1000);
        Map<String, TapStats> r = new HashMap<>();
        r.put(cp(1, 1) + ">" + a.id(), TapStats.of(10, 1000, 2.0, 1600.0, t, null));
        r.put(cp(1, 1) + ">" + b.id(), TapStats.of(5, 500, 1.0, 400.0, t, null));
        Highlights h = new TapHighlighter(net.taas, net.hosts, net.links, stubPaths, rates(r)).all();
        // h1 feeds A (OUT) and B (IN): both rates add up
        assertLink(h, TapHighlighter.edgeLinkId(h1.id(), cp(1, 1)), "primary taas-source",
                   "IN OUT (3.0 pkt/s, 2.0 kbit/s)");
        // h2's rate is not known yet (one sample): no rate
        assertLink(h, TapHighlighter.edgeLinkId(h2.id(), cp(2, 1)), "primary taas-source", "BOTH");
        // one tap service shown: only its copies
        h = new TapHighlighter(net.taas, net.hosts, net.links, stubPaths, rates(r)).one(b.id());
        assertLink(h, TapHighlighter.edgeLinkId(h1.id(), cp(1, 1)), "primary taas-source",
                   "IN (1.0 pkt/s, 400 bit/s)");
    }

    @Test
    public void linkIdsFollowTheTopologyView() {
        assertEquals("00:00:00:00:00:01/None/0-of:0000000000000001/1",
                     TapHighlighter.edgeLinkId(h1.id(), cp(1, 1)));
        String id = "of:0000000000000001/2-of:0000000000000002/2";
        assertEquals(id, TapHighlighter.infraLinkId(l12));
        assertEquals(id, TapHighlighter.infraLinkId(GuiTestNetwork.link(cp(2, 2), cp(1, 2))));
    }

    @Test
    public void allTapServices() {
        Highlights h = highlighter(stubPaths).all();

        assertEquals(Set.of(dev(1), dev(2), dev(3)), ids(h.devices()));
        assertBadge(h.getDevice(dev(1)), "ST", NodeBadge.Status.INFO);
        assertBadge(h.getDevice(dev(2)), "S", NodeBadge.Status.INFO);
        assertBadge(h.getDevice(dev(3)), "T", NodeBadge.Status.INFO);
        assertTrue(h.getDevice(dev(1)).badge().message().contains("(2 tap flows)"));

        assertEquals(Set.of(h1.id().toString(), h2.id().toString(), ha.id().toString(),
                            hb.id().toString()), ids(h.hosts()));
        assertBadge(h.getHost(h1.id().toString()), "S", NodeBadge.Status.INFO);
        assertBadge(h.getHost(h2.id().toString()), "S", NodeBadge.Status.INFO);
        assertBadge(h.getHost(ha.id().toString()), "T", NodeBadge.Status.INFO);
        assertBadge(h.getHost(hb.id().toString()), "T", NodeBadge.Status.INFO);

        assertEquals(6, h.links().size());
        assertLink(h, TapHighlighter.edgeLinkId(h1.id(), cp(1, 1)), "primary taas-source", "IN OUT");
        assertLink(h, TapHighlighter.edgeLinkId(h2.id(), cp(2, 1)), "primary taas-source", "BOTH");
        assertLink(h, TapHighlighter.edgeLinkId(ha.id(), cp(1, 9)), "secondary taas-tap", "tap A");
        assertLink(h, TapHighlighter.edgeLinkId(hb.id(), cp(3, 9)), "secondary taas-tap", "tap B");
        assertLink(h, TapHighlighter.infraLinkId(l12), "primary animated taas-path", "");
        assertLink(h, TapHighlighter.infraLinkId(l23), "primary animated taas-path", "");

        assertEquals(Highlights.Amount.MINIMALLY, h.subdueLevel());
    }

    @Test
    public void oneTapServiceAlone() {
        Highlights h = highlighter(stubPaths).one(b.id());

        assertEquals(Set.of(dev(1), dev(3)), ids(h.devices()));
        assertBadge(h.getDevice(dev(1)), "S", NodeBadge.Status.INFO);
        assertBadge(h.getDevice(dev(3)), "T", NodeBadge.Status.INFO);
        assertEquals(Set.of(h1.id().toString(), hb.id().toString()), ids(h.hosts()));
        assertEquals(Set.of(TapHighlighter.edgeLinkId(h1.id(), cp(1, 1)),
                            TapHighlighter.edgeLinkId(hb.id(), cp(3, 9)),
                            TapHighlighter.infraLinkId(l12), TapHighlighter.infraLinkId(l23)),
                     ids(h.links()));
        assertLink(h, TapHighlighter.edgeLinkId(h1.id(), cp(1, 1)), "primary taas-source", "IN");

        Highlights ha1 = highlighter(stubPaths).one(a.id());
        assertEquals(Set.of(dev(1), dev(2)), ids(ha1.devices()));
        assertBadge(ha1.getDevice(dev(1)), "ST", NodeBadge.Status.INFO);
        assertEquals(Set.of(h1.id().toString(), h2.id().toString(), ha.id().toString()), ids(ha1.hosts()));
        assertLink(ha1, TapHighlighter.edgeLinkId(h1.id(), cp(1, 1)), "primary taas-source", "OUT");
        assertLink(ha1, TapHighlighter.infraLinkId(l12), "primary animated taas-path", "");
        assertNull(ha1.getLink(TapHighlighter.infraLinkId(l23)));
    }

    @Test
    public void aTunnelServiceIsDrawnLeavingTheSourceSwitch() {
        TapService t = net.tunnelService("ids", "192.0.2.9");
        net.flow("ft", t, cp(2, 1), Direction.OUT, null);
        net.allActive();
        Highlights h = highlighter(stubPaths).one(t.id());
        // the source switch only: no tap port, no path through the network
        assertEquals(Set.of(dev(2)), ids(h.devices()));
        assertBadge(h.getDevice(dev(2)), "SR", NodeBadge.Status.INFO);
        assertEquals(Set.of(h2.id().toString()), ids(h.hosts()));
        assertEquals(Set.of(TapHighlighter.edgeLinkId(h2.id(), cp(2, 1))), ids(h.links()));
        assertLink(h, TapHighlighter.edgeLinkId(h2.id(), cp(2, 1)), "primary taas-source", "OUT");
    }

    @Test
    public void badgesShowTheWorstStatus() {
        net.status(fa2, TapStatus.down("port of:0000000000000002/1 is down"));
        net.status(b, TapStatus.error("switch refused the group"));
        Highlights h = highlighter(stubPaths).all();

        assertBadge(h.getDevice(dev(1)), "ST", NodeBadge.Status.INFO);
        assertBadge(h.getDevice(dev(2)), "S", NodeBadge.Status.WARN);
        assertBadge(h.getDevice(dev(3)), "T", NodeBadge.Status.ERROR);
        assertBadge(h.getHost(h2.id().toString()), "S", NodeBadge.Status.WARN);
        assertBadge(h.getHost(hb.id().toString()), "T", NodeBadge.Status.ERROR);
        assertTrue(h.getDevice(dev(3)).badge().message().contains("ERROR"));
    }

    @Test
    public void newTapsAreBuildWarnings() {
        TapService c = net.service("C", cp(3, 7));
        Highlights h = highlighter(stubPaths).one(c.id());
        assertEquals(Set.of(dev(3)), ids(h.devices()));
        assertBadge(h.getDevice(dev(3)), "T", NodeBadge.Status.WARN);
        assertTrue(h.hosts().isEmpty());
        assertTrue(h.links().isEmpty());
    }

    @Test
    public void localOnlyLookupDrawsNoPath() {
        Highlights h = highlighter(TapPathLookup.FROM_STATUS).all();
        assertEquals(4, h.links().size());
        assertFalse(h.links().stream().anyMatch(l -> l.mods().contains(TapHighlighter.MOD_PATH)));
        assertTrue(TapPathLookup.FROM_STATUS.pathLinks(fa2, a).isEmpty());
    }

    @Test
    public void mirroredInfrastructurePortMarksItsLink() {
        net.flow("trunk", b, cp(2, 3), Direction.OUT, null);
        Highlights h = highlighter(TapPathLookup.FROM_STATUS).one(b.id());
        assertLink(h, TapHighlighter.infraLinkId(l23), "primary taas-source", "OUT");
        assertBadge(h.getDevice(dev(2)), "S", NodeBadge.Status.WARN);
    }

    @Test
    public void nothingToShow() {
        net.admin.removeTapService(a.id());
        net.admin.removeTapService(b.id());
        Highlights h = highlighter(stubPaths).all();
        assertTrue(h.devices().isEmpty());
        assertTrue(h.hosts().isEmpty());
        assertTrue(h.links().isEmpty());
        assertEquals(Highlights.Amount.ZERO, h.subdueLevel());

        Highlights none = highlighter(stubPaths).one(TapServiceId.random());
        assertTrue(none.devices().isEmpty());
        assertTrue(none.links().isEmpty());
    }
}

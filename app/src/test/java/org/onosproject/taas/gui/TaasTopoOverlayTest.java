package org.onosproject.taas.gui;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostId;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.ui.topo.PropertyPanel;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.onosproject.taas.gui.GuiTestNetwork.cp;

/**
 * The overlay's additions to the summary panel and to the details panels of devices and hosts.
 */
public class TaasTopoOverlayTest {

    private GuiTestNetwork net;
    private TaasTopoOverlay overlay;
    private Host h1;
    private Host ha;
    private TapService a;
    private TapService b;
    private TapFlow fa1;
    private TapFlow fb1;

    @Before
    public void setUp() {
        net = new GuiTestNetwork();
        h1 = net.addHost(1, cp(1, 1));
        ha = net.addHost(0xa, cp(1, 9));
        net.addHost(2, cp(2, 1));
        a = net.service("analyzer", cp(1, 9));
        b = net.service("remote", cp(3, 9));
        fa1 = net.flow("web-out", a, cp(1, 1), Direction.OUT, null);
        fb1 = net.flow("web-in", b, cp(1, 1), Direction.IN, "100,200-210");
        net.flow("db", a, cp(2, 1), Direction.BOTH, null);
        net.allActive();
        net.status(fb1, TapStatus.down("tap service remote is on another switch"));
        overlay = new TaasTopoOverlay(net.taas, net.hosts);
    }

    @After
    public void tearDown() {
        net.tearDown();
    }

    private static Map<String, String> props(PropertyPanel pp) {
        Map<String, String> m = new LinkedHashMap<>();
        pp.properties().stream().filter(p -> p.key().startsWith("taas-"))
                .forEach(p -> m.put(p.key() + " | " + p.label(), p.value()));
        return m;
    }

    @Test
    public void idIsTheOneTheJavaScriptRegisters() {
        assertEquals("taas-overlay", overlay.id());
    }

    @Test
    public void summaryCountsTaps() {
        PropertyPanel pp = new PropertyPanel("ONOS Summary", "node");
        overlay.modifySummary(pp);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("taas-services | Tap services", "2");
        expected.put("taas-flows | Tap flows", "3");
        assertEquals(expected, props(pp));
    }

    @Test
    public void deviceDetailsListItsTapServicesAndSources() {
        PropertyPanel pp = new PropertyPanel("of:0000000000000001", "switch");
        overlay.modifyDeviceDetails(pp, DeviceId.deviceId("of:0000000000000001"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("taas-service-" + a.id() + " | Tap service analyzer",
                     "of:0000000000000001/9, 2 flows: ACTIVE");
        expected.put("taas-flow-" + fb1.id() + " | Tap flow web-in",
                     "of:0000000000000001/1 IN, VLAN 100,200-210 -> remote: "
                             + "DOWN (tap service remote is on another switch)");
        expected.put("taas-flow-" + fa1.id() + " | Tap flow web-out",
                     "of:0000000000000001/1 OUT, all -> analyzer: ACTIVE");
        assertEquals(expected, props(pp));
    }

    @Test
    public void deviceWithoutTaps() {
        PropertyPanel pp = new PropertyPanel("of:0000000000000004", "switch");
        overlay.modifyDeviceDetails(pp, DeviceId.deviceId("of:0000000000000004"));
        assertEquals(Map.of("taas-none | Taps", "No tap service or tap flow on this device"), props(pp));
    }

    @Test
    public void hostDetailsListTheFlowsThatMirrorIt() {
        PropertyPanel pp = new PropertyPanel("h1", "endstation");
        overlay.modifyHostDetails(pp, h1.id());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("taas-flow-" + fb1.id() + " | Tap flow web-in",
                     "of:0000000000000001/1 IN, VLAN 100,200-210 -> remote: "
                             + "DOWN (tap service remote is on another switch)");
        expected.put("taas-flow-" + fa1.id() + " | Tap flow web-out",
                     "of:0000000000000001/1 OUT, all -> analyzer: ACTIVE");
        assertEquals(expected, props(pp));
    }

    @Test
    public void analyzerHostShowsItsTapService() {
        PropertyPanel pp = new PropertyPanel("ha", "endstation");
        overlay.modifyHostDetails(pp, ha.id());
        assertEquals(Map.of("taas-service-" + a.id() + " | Tap service analyzer",
                            "of:0000000000000001/9, 2 flows: ACTIVE"), props(pp));
    }

    @Test
    public void unknownHostHasNoTaps() {
        PropertyPanel pp = new PropertyPanel("?", "endstation");
        overlay.modifyHostDetails(pp, HostId.hostId("00:00:00:00:00:99/None"));
        assertEquals(Map.of("taas-none | Taps", "No tap flow mirrors this host"), props(pp));
        assertFalse(pp.properties().isEmpty());
    }
}

package org.onosproject.taas.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.net.Host;
import org.onosproject.net.NetTestTools;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.host.HostEvent;
import org.onosproject.net.link.LinkEvent;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStatus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.gui.GuiTestNetwork.cp;
import static org.onosproject.taas.gui.GuiTestNetwork.message;

/**
 * The overlay's message handler against the real manager: start/stop, cycling through tap
 * services, and refreshes on tap and topology changes (coalesced through a queued executor).
 */
public class TaasTopoMessageHandlerTest {

    private static final String SHOW_HIGHLIGHTS = "showHighlights";

    private GuiTestNetwork net;
    private final List<Runnable> queued = new ArrayList<>();
    private TaasTopoMessageHandler handler;
    private GuiTestNetwork.RecordingConnection conn;
    private TapService a;
    private TapService b;
    private Host h1;

    @Before
    public void setUp() {
        net = new GuiTestNetwork();
        h1 = net.addHost(1, cp(1, 1));
        net.addHost(2, cp(2, 1));
        a = net.service("A", cp(1, 9));
        b = net.service("B", cp(3, 9));
        net.flow("fa", a, cp(1, 1), Direction.OUT, null);
        net.flow("fb", b, cp(2, 1), Direction.IN, null);
        net.allActive();
        handler = new TaasTopoMessageHandler(TapPathLookup.FROM_STATUS, queued::add);
        conn = GuiTestNetwork.init(handler, net);
    }

    @After
    public void tearDown() {
        Set<String> allowed = new HashSet<>(TaasTopoMessageHandler.RESPONSES);
        allowed.add(SHOW_HIGHLIGHTS);
        assertTrue("unexpected message types " + conn.types(), allowed.containsAll(conn.types()));
        handler.destroy();
        net.tearDown();
    }

    private void send(String type) {
        handler.process(message(type, null));
    }

    private void runQueued() {
        List<Runnable> tasks = new ArrayList<>(queued);
        queued.clear();
        tasks.forEach(Runnable::run);
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> ids = new HashSet<>();
        array.forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    private static JsonNode device(ObjectNode highlights, String id) {
        for (JsonNode d : highlights.get("devices")) {
            if (d.get("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError(id + " is not highlighted: " + highlights);
    }

    private Set<String> highlightedDevices() {
        return ids(conn.last(SHOW_HIGHLIGHTS).get("devices"));
    }

    private static String dev(int n) {
        return String.format("of:%016x", n);
    }

    private int listeners() {
        return net.hosts.listeners.size() + net.links.listeners.size() + net.devices.listeners.size();
    }

    @Test
    public void whileShownTheRatesAreRefreshedPeriodically() {
        List<Runnable> ticks = new ArrayList<>();
        TaasTopoMessageHandler ticking = new TaasTopoMessageHandler(TapPathLookup.FROM_STATUS, queued::add,
                                                                    ticks::add);
        GuiTestNetwork.RecordingConnection c = GuiTestNetwork.init(ticking, net);
        ticking.process(message(TaasTopoMessageHandler.START, null));
        assertEquals("one tick scheduled", 1, ticks.size());
        int sent = c.sent.size();
        ticks.remove(0).run();
        runQueued();
        assertEquals("highlights sent again", sent + 1, c.sent.size());
        assertEquals("and the next tick scheduled", 1, ticks.size());
        ticking.process(message(TaasTopoMessageHandler.STOP, null));
        ticks.remove(0).run();
        assertTrue("no tick once the overlay is left", ticks.isEmpty());
        ticking.destroy();
    }

    @Test
    public void handlesTheOverlayMessages() {
        assertEquals(TaasTopoMessageHandler.REQUESTS, handler.messageTypes());
    }

    @Test
    public void startShowsEveryTapService() {
        send(TaasTopoMessageHandler.START);

        assertEquals(List.of(SHOW_HIGHLIGHTS, TaasTopoMessageHandler.DISPLAY), conn.types());
        ObjectNode hl = conn.last(SHOW_HIGHLIGHTS);
        assertEquals(Set.of(dev(1), dev(2), dev(3)), ids(hl.get("devices")));
        assertEquals(2, hl.get("hosts").size());
        assertEquals(2, hl.get("links").size());
        JsonNode d1 = device(hl, dev(1));
        assertEquals("ST", d1.get("badge").get("txt").asText());
        assertEquals("i", d1.get("badge").get("status").asText());
        ObjectNode display = conn.last(TaasTopoMessageHandler.DISPLAY);
        assertEquals("all", display.get("mode").asText());
        assertEquals("All tap services (2)", display.get("text").asText());
        assertTrue(handler.isActive());
        assertEquals(1, net.hosts.listeners.size());
        assertEquals(1, net.links.listeners.size());
        assertEquals(1, net.devices.listeners.size());
    }

    @Test
    public void nextAndPreviousCycleThroughTapServicesByName() {
        send(TaasTopoMessageHandler.START);
        send(TaasTopoMessageHandler.NEXT);
        assertEquals(a.id(), handler.shown());
        assertEquals(Set.of(dev(1)), highlightedDevices());
        ObjectNode display = conn.last(TaasTopoMessageHandler.DISPLAY);
        assertEquals("one", display.get("mode").asText());
        assertEquals("A", display.get("name").asText());
        assertEquals(1, display.get("index").asInt());
        assertEquals("Tap service 1/2: A - of:0000000000000001/9, 1 flow: ACTIVE",
                     display.get("text").asText());

        send(TaasTopoMessageHandler.NEXT);
        assertEquals(b.id(), handler.shown());
        assertEquals(Set.of(dev(2), dev(3)), highlightedDevices());

        send(TaasTopoMessageHandler.NEXT);
        assertEquals("wraps around", a.id(), handler.shown());
        send(TaasTopoMessageHandler.PREV);
        assertEquals(b.id(), handler.shown());

        send(TaasTopoMessageHandler.SHOW_ALL);
        assertNull(handler.shown());
        assertEquals(Set.of(dev(1), dev(2), dev(3)), highlightedDevices());
        assertEquals("all", conn.last(TaasTopoMessageHandler.DISPLAY).get("mode").asText());
    }

    @Test
    public void previousFromAllShowsTheLast() {
        send(TaasTopoMessageHandler.PREV);
        assertTrue("cycling keys also start the overlay", handler.isActive());
        assertEquals(b.id(), handler.shown());
    }

    @Test
    public void tapChangesRefreshOnceForABurst() {
        send(TaasTopoMessageHandler.START);
        conn.clear();
        TapService c = net.service("C", cp(4, 9));
        net.status(c, TapStatus.active());
        net.flow("fc", c, cp(4, 1), Direction.BOTH, null);
        assertEquals("one refresh for three events", 1, queued.size());
        assertTrue("nothing sent before the refresh runs", conn.sent.isEmpty());

        runQueued();
        assertEquals(List.of(SHOW_HIGHLIGHTS), conn.types());
        assertEquals(Set.of(dev(1), dev(2), dev(3), dev(4)), highlightedDevices());

        net.status(a, TapStatus.error("refused"));
        runQueued();
        JsonNode d1 = device(conn.last(SHOW_HIGHLIGHTS), dev(1));
        assertEquals("e", d1.get("badge").get("status").asText());
    }

    @Test
    public void topologyChangesRefresh() {
        send(TaasTopoMessageHandler.START);
        conn.clear();

        Host moved = net.addHost(3, cp(1, 1));
        net.hosts.post(new HostEvent(HostEvent.Type.HOST_ADDED, moved));
        assertEquals(1, queued.size());
        runQueued();
        assertEquals(3, conn.last(SHOW_HIGHLIGHTS).get("hosts").size());

        net.links.post(new LinkEvent(LinkEvent.Type.LINK_ADDED, net.addLinks(cp(1, 2), cp(2, 2))));
        assertEquals(1, queued.size());
        runQueued();

        net.devices.post(new DeviceEvent(DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED,
                                         NetTestTools.device("1")));
        assertEquals(1, queued.size());
        runQueued();

        net.devices.post(new DeviceEvent(DeviceEvent.Type.PORT_STATS_UPDATED, NetTestTools.device("1")));
        assertTrue("port statistics do not change highlights", queued.isEmpty());
        assertEquals(List.of(SHOW_HIGHLIGHTS, SHOW_HIGHLIGHTS, SHOW_HIGHLIGHTS), conn.types());
    }

    @Test
    public void removingTheShownTapServiceShowsAll() {
        send(TaasTopoMessageHandler.START);
        send(TaasTopoMessageHandler.NEXT);
        net.admin.removeTapService(a.id());
        runQueued();
        assertNull(handler.shown());
        assertEquals("all", conn.last(TaasTopoMessageHandler.DISPLAY).get("mode").asText());
        assertEquals(Set.of(dev(2), dev(3)), highlightedDevices());
    }

    @Test
    public void stopClearsHighlightsAndStopsListening() {
        send(TaasTopoMessageHandler.START);
        send(TaasTopoMessageHandler.STOP);
        ObjectNode hl = conn.last(SHOW_HIGHLIGHTS);
        assertEquals(0, hl.get("devices").size());
        assertEquals(0, hl.get("hosts").size());
        assertEquals(0, hl.get("links").size());
        assertFalse(handler.isActive());
        assertEquals(0, listeners());

        conn.clear();
        net.service("D", cp(5, 9));
        net.hosts.post(new HostEvent(HostEvent.Type.HOST_ADDED, h1));
        assertTrue(queued.isEmpty());
        assertTrue(conn.sent.isEmpty());
    }

    @Test
    public void refreshAfterStopSendsNothing() {
        send(TaasTopoMessageHandler.START);
        net.service("D", cp(5, 9));
        send(TaasTopoMessageHandler.STOP);
        conn.clear();
        runQueued();
        assertTrue(conn.sent.isEmpty());
    }

    @Test
    public void destroyStopsListening() {
        send(TaasTopoMessageHandler.START);
        handler.destroy();
        assertEquals(0, listeners());
        assertFalse(handler.isActive());
        handler = new TaasTopoMessageHandler(TapPathLookup.FROM_STATUS, queued::add);
        conn = GuiTestNetwork.init(handler, net);
    }

    @Test
    public void noTapServiceToShow() {
        net.admin.removeTapService(a.id());
        net.admin.removeTapService(b.id());
        send(TaasTopoMessageHandler.START);
        assertEquals("none", conn.last(TaasTopoMessageHandler.DISPLAY).get("mode").asText());
        assertEquals("No tap service", conn.last(TaasTopoMessageHandler.DISPLAY).get("text").asText());
        send(TaasTopoMessageHandler.NEXT);
        assertNull(handler.shown());
        assertEquals(0, conn.last(SHOW_HIGHLIGHTS).get("devices").size());
    }
}

package org.onosproject.taas.gui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.osgi.TestServiceDirectory;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.Host;
import org.onosproject.net.HostId;
import org.onosproject.net.HostLocation;
import org.onosproject.net.DefaultHost;
import org.onosproject.net.Link;
import org.onosproject.net.NetTestTools;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.host.HostService;
import org.onosproject.net.link.LinkEvent;
import org.onosproject.net.link.LinkListener;
import org.onosproject.net.link.LinkService;
import org.onosproject.net.link.LinkServiceAdapter;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;
import org.onosproject.taas.impl.TaasTestFixture;
import org.onosproject.taas.impl.FakeNetwork;
import org.onosproject.ui.UiConnection;
import org.onosproject.ui.UiMessageHandler;
import org.onosproject.ui.model.topo.UiTopoLayout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real TaasManager and store (TaasTestFixture) plus a small network of hosts and links
 * behind ONOS's service adapters, and a UI connection that records what handlers send.
 */
final class GuiTestNetwork {

    static final ObjectMapper MAPPER = new ObjectMapper();

    final TaasTestFixture fixture = new TaasTestFixture();
    final TaasAdminService admin = fixture.manager();
    final TaasService taas = fixture.manager();
    final FakeNetwork.Hosts hosts = new FakeNetwork.Hosts();
    final FakeLinks links = new FakeLinks();
    final FakeNetwork.Devices devices = new FakeNetwork.Devices();
    final TestServiceDirectory directory = new TestServiceDirectory()
            .add(TaasService.class, fixture.manager())
            .add(HostService.class, hosts)
            .add(LinkService.class, links)
            .add(DeviceService.class, devices);

    /**
     * Returns port {@code port} of OpenFlow device {@code dev}.
     */
    static ConnectPoint cp(int dev, int port) {
        return ConnectPoint.deviceConnectPoint(String.format("of:%016x/%d", dev, port));
    }

    /** Adds a host with MAC 00:00:00:00:00:nn at a port. */
    Host addHost(int n, ConnectPoint at) {
        MacAddress mac = MacAddress.valueOf(String.format("00:00:00:00:00:%02x", n));
        Host h = new DefaultHost(NetTestTools.PID, HostId.hostId(mac, VlanId.NONE), mac, VlanId.NONE,
                new HostLocation(at, 0), Set.of());
        hosts.hosts.put(h.id(), h);
        return h;
    }

    /** Adds links a-to-b and b-to-a; returns a-to-b. */
    Link addLinks(ConnectPoint a, ConnectPoint b) {
        Link ab = link(a, b);
        links.links.add(ab);
        links.links.add(link(b, a));
        return ab;
    }

    static Link link(ConnectPoint a, ConnectPoint b) {
        return DefaultLink.builder().providerId(NetTestTools.PID).src(a).dst(b)
                .type(Link.Type.DIRECT).state(Link.State.ACTIVE).build();
    }

    TapService service(String name, ConnectPoint port) {
        return admin.createTapService(TapService.builder().id(TapServiceId.random()).name(name)
                .port(port).build());
    }

    TapService tunnelService(String name, String remoteIp) {
        return admin.createTapService(TapService.builder().id(TapServiceId.random()).name(name)
                .tunnel(org.onosproject.taas.api.TapTunnel.builder()
                        .type(org.onosproject.taas.api.TapTunnel.Type.GRE)
                        .remoteIp(org.onlab.packet.IpAddress.valueOf(remoteIp)).inKey(1).outKey(2).build())
                .build());
    }

    TapFlow flow(String name, TapService s, ConnectPoint source, Direction direction, String filter) {
        return admin.createTapFlow(TapFlow.builder().id(TapFlowId.random()).name(name)
                .tapServiceId(s.id()).sourcePort(source).direction(direction)
                .vlanFilter(filter == null ? null : VlanFilter.parse(filter)).build());
    }

    /** Sets a status as the engine does, through the store. */
    void status(TapService s, TapStatus status) {
        fixture.store().updateTapService(s.id(), x -> x.withStatus(status));
    }

    /** Sets a status as the engine does, through the store. */
    void status(TapFlow f, TapStatus status) {
        fixture.store().updateTapFlow(f.id(), x -> x.withStatus(status));
    }

    /** Makes every tap ACTIVE. */
    void allActive() {
        taas.getTapServices().forEach(s -> status(s, TapStatus.active()));
        taas.getTapFlows().forEach(f -> status(f, TapStatus.active()));
    }

    void tearDown() {
        fixture.tearDown();
    }

    /** Initialises a handler on a new recording connection. */
    static RecordingConnection init(UiMessageHandler handler, GuiTestNetwork net) {
        RecordingConnection c = new RecordingConnection();
        handler.init(c, net.directory);
        return c;
    }

    /** Returns a client message. */
    static ObjectNode message(String type, ObjectNode payload) {
        ObjectNode m = MAPPER.createObjectNode().put("event", type);
        m.set("payload", payload == null ? MAPPER.createObjectNode() : payload);
        return m;
    }

    /** Links kept in a list. */
    static final class FakeLinks extends LinkServiceAdapter {
        final List<Link> links = new ArrayList<>();
        final Set<LinkListener> listeners = new LinkedHashSet<>();

        @Override
        public Set<Link> getLinks(ConnectPoint cp) {
            return links.stream().filter(l -> l.src().equals(cp) || l.dst().equals(cp))
                    .collect(Collectors.toSet());
        }

        @Override
        public void addListener(LinkListener listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(LinkListener listener) {
            listeners.remove(listener);
        }

        void post(LinkEvent e) {
            new ArrayList<>(listeners).stream().filter(l -> l.isRelevant(e)).forEach(l -> l.event(e));
        }
    }

    /** Records every message a handler sends, as {"event", "payload"}. */
    static final class RecordingConnection implements UiConnection {
        final List<ObjectNode> sent = new ArrayList<>();

        @Override
        public String userName() {
            return "tester";
        }

        @Override
        public UiTopoLayout currentLayout() {
            return null;
        }

        @Override
        public void setCurrentLayout(UiTopoLayout topoLayout) {
        }

        @Override
        public String currentView() {
            return null;
        }

        @Override
        public void setCurrentView(String viewId) {
        }

        @Override
        public void sendMessage(ObjectNode message) {
            sent.add(message);
        }

        @Override
        public void sendMessage(String type, ObjectNode payload) {
            sent.add(message(type, payload));
        }

        /** Types of the messages sent so far. */
        List<String> types() {
            return sent.stream().map(m -> m.path("event").asText()).collect(Collectors.toList());
        }

        /** Payload of the last message of a type. */
        ObjectNode last(String type) {
            for (int i = sent.size() - 1; i >= 0; i--) {
                if (sent.get(i).path("event").asText().equals(type)) {
                    return (ObjectNode) sent.get(i).get("payload");
                }
            }
            throw new AssertionError("no " + type + " message among " + types());
        }

        void clear() {
            sent.clear();
        }
    }
}

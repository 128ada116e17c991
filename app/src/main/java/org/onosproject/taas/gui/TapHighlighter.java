package org.onosproject.taas.gui;

import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultEdgeLink;
import org.onosproject.net.Host;
import org.onosproject.net.HostId;
import org.onosproject.net.HostLocation;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.host.HostService;
import org.onosproject.net.link.LinkService;
import org.onosproject.net.provider.ProviderId;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.ui.topo.DeviceHighlight;
import org.onosproject.ui.topo.Highlights;
import org.onosproject.ui.topo.HostHighlight;
import org.onosproject.ui.topo.LinkHighlight;
import org.onosproject.ui.topo.Mod;
import org.onosproject.ui.topo.NodeBadge;
import org.onosproject.ui.topo.TopoUtils;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Computes the topology highlights of the "Tap" overlay: the devices, hosts and links of
 * mirrored source ports, of tap ports, and of the paths copies take between them.
 * <ul>
 * <li>a device with mirrored source ports gets badge {@code S}, one with tap ports {@code T},
 * one with both {@code ST}; the badge is an error badge if a tap there is in ERROR, a warning
 * if one is DOWN or BUILD;</li>
 * <li>a host on a source port gets badge {@code S}, the analyzer on a tap port {@code T};</li>
 * <li>the link from a source host to its switch is primary with class {@link #MOD_SOURCE} and
 * the mirrored directions as label, followed by the rate at which that source's copies are
 * made for the tap services shown (from TaasStatsService, between its last two samples, when
 * known); the link from a tap port to its analyzer is secondary with
 * class {@link #MOD_TAP}; a link the copies cross (from {@link TapPathLookup}) is primary and
 * animated with class {@link #MOD_PATH}; an infrastructure link on a mirrored port gets
 * {@link #MOD_SOURCE} too;</li>
 * <li>everything else is subdued while there is something to show.</li>
 * </ul>
 */
public final class TapHighlighter {

    /** Link class of a mirrored source. */
    public static final Mod MOD_SOURCE = new Mod("taas-source");
    /** Link class of a tap port. */
    public static final Mod MOD_TAP = new Mod("taas-tap");
    /** Link class of a link mirrored copies cross. */
    public static final Mod MOD_PATH = new Mod("taas-path");

    /** Badge text of a node with mirrored sources. */
    public static final String BADGE_SOURCE = "S";
    /** Badge text of a node with tap ports. */
    public static final String BADGE_TAP = "T";
    /** Badge text of a switch whose copies leave through a tunnel to a remote collector. */
    public static final String BADGE_TUNNEL = "R";

    private static final ProviderId PID = new ProviderId("ui", "taas");
    private static final PortNumber HOST_PORT = PortNumber.portNumber(0);

    private final TaasService taasService;
    private final HostService hostService;
    private final LinkService linkService;
    private final TapPathLookup pathLookup;
    private final TaasStatsService statsService;

    /**
     * Creates a highlighter without rates.
     *
     * @param taasService tap services and flows
     * @param hostService hosts on source and tap ports
     * @param linkService infrastructure links on source ports
     * @param pathLookup  mirror paths
     */
    public TapHighlighter(TaasService taasService, HostService hostService, LinkService linkService,
                          TapPathLookup pathLookup) {
        this(taasService, hostService, linkService, pathLookup, null);
    }

    /**
     * Creates a highlighter.
     *
     * @param taasService  tap services and flows
     * @param hostService  hosts on source and tap ports
     * @param linkService  infrastructure links on source ports
     * @param pathLookup   mirror paths
     * @param statsService rates of the sources, or null for none
     */
    public TapHighlighter(TaasService taasService, HostService hostService, LinkService linkService,
                          TapPathLookup pathLookup, TaasStatsService statsService) {
        this.taasService = checkNotNull(taasService);
        this.hostService = checkNotNull(hostService);
        this.linkService = checkNotNull(linkService);
        this.pathLookup = checkNotNull(pathLookup);
        this.statsService = statsService;
    }

    /**
     * Returns the highlights of every tap service.
     *
     * @return highlights
     */
    public Highlights all() {
        List<TapService> services = new ArrayList<>(taasService.getTapServices());
        services.sort(TaasGuiText.SERVICE_ORDER);
        return highlights(services);
    }

    /**
     * Returns the highlights of one tap service: its port, its sources and their paths.
     *
     * @param id tap service id
     * @return highlights; empty if there is no such tap service
     */
    public Highlights one(TapServiceId id) {
        TapService s = taasService.getTapService(id);
        return highlights(s == null ? List.of() : List.of(s));
    }

    private Highlights highlights(List<TapService> services) {
        Map<String, Node> devices = new LinkedHashMap<>();
        Map<String, Node> hosts = new LinkedHashMap<>();
        Map<String, Mark> links = new LinkedHashMap<>();

        for (TapService s : services) {
            ConnectPoint tapPort = s.port();
            if (tapPort != null) {
                node(devices, tapPort.deviceId().toString()).tap(tapPort, s.status());
                for (Host h : hostService.getConnectedHosts(tapPort)) {
                    node(hosts, h.id().toString()).tap(tapPort, s.status());
                    mark(links, edgeLinkId(h.id(), tapPort)).tap("tap " + TaasGuiText.label(s));
                }
            }
            for (TapFlow f : taasService.getTapFlows(s.id())) {
                ConnectPoint src = f.sourcePort();
                node(devices, src.deviceId().toString()).source(src, f.status());
                if (s.isTunnel()) {
                    // the copies leave the source's own switch through its tunnel port
                    node(devices, src.deviceId().toString()).tunnel(s.destination(), f.status());
                }
                String pair = src + ">" + s.id();
                TapStats rate = statsService == null ? null : statsService.sourceStats(src, s.id());
                for (Host h : hostService.getConnectedHosts(src)) {
                    node(hosts, h.id().toString()).source(src, f.status());
                    mark(links, edgeLinkId(h.id(), src)).source(f.direction().name(), pair, rate);
                }
                for (Link l : linkService.getLinks(src)) {
                    mark(links, infraLinkId(l)).source(f.direction().name(), pair, rate);
                }
                for (Link l : pathLookup.pathLinks(f, s)) {
                    mark(links, infraLinkId(l)).path();
                }
            }
        }

        Highlights h = new Highlights();
        devices.forEach((id, n) -> {
            DeviceHighlight dh = new DeviceHighlight(id);
            dh.setBadge(n.badge());
            h.add(dh);
        });
        hosts.forEach((id, n) -> {
            HostHighlight hh = new HostHighlight(id);
            hh.setBadge(n.badge());
            h.add(hh);
        });
        links.forEach((id, m) -> h.add(m.highlight(id)));
        if (!devices.isEmpty()) {
            h.subdueAllElse(Highlights.Amount.MINIMALLY);
        }
        return h;
    }

    /**
     * Returns the topology view's identifier of the link between a host and a switch port.
     *
     * @param host host id
     * @param port switch port
     * @return link id
     */
    static String edgeLinkId(HostId host, ConnectPoint port) {
        Link edge = new DefaultEdgeLink(PID, new ConnectPoint(host, HOST_PORT),
                new HostLocation(port, 0), true);
        return TopoUtils.compactLinkString(edge);
    }

    /**
     * Returns the topology view's identifier of an infrastructure link, the same for both
     * directions.
     *
     * @param link link
     * @return link id
     */
    static String infraLinkId(Link link) {
        return TopoUtils.canonicalLinkKey(link).asId();
    }

    private static Node node(Map<String, Node> nodes, String id) {
        return nodes.computeIfAbsent(id, k -> new Node());
    }

    private static Mark mark(Map<String, Mark> links, String id) {
        return links.computeIfAbsent(id, k -> new Mark());
    }

    private static int severity(TapStatus status) {
        switch (status.state()) {
            case ERROR:
                return 2;
            case DOWN:
            case BUILD:
                return 1;
            default:
                return 0;
        }
    }

    // What one device or host is in the taps shown.
    private static final class Node {
        private final Set<String> sources = new TreeSet<>();
        private final Set<String> taps = new TreeSet<>();
        private final Set<String> tunnels = new TreeSet<>();
        private int flows;
        private int worst;

        void source(ConnectPoint port, TapStatus status) {
            sources.add(port.toString());
            flows++;
            worst = Math.max(worst, severity(status));
        }

        void tap(ConnectPoint port, TapStatus status) {
            taps.add(port.toString());
            worst = Math.max(worst, severity(status));
        }

        void tunnel(String destination, TapStatus status) {
            tunnels.add(destination);
            worst = Math.max(worst, severity(status));
        }

        NodeBadge badge() {
            String text = (sources.isEmpty() ? "" : BADGE_SOURCE) + (taps.isEmpty() ? "" : BADGE_TAP)
                    + (tunnels.isEmpty() ? "" : BADGE_TUNNEL);
            NodeBadge.Status status = worst == 2 ? NodeBadge.Status.ERROR
                    : worst == 1 ? NodeBadge.Status.WARN : NodeBadge.Status.INFO;
            List<String> parts = new ArrayList<>();
            if (!sources.isEmpty()) {
                parts.add("mirrored " + String.join(" ", sources) + " (" + flows
                        + (flows == 1 ? " tap flow)" : " tap flows)"));
            }
            if (!taps.isEmpty()) {
                parts.add("tap port " + String.join(" ", taps));
            }
            if (!tunnels.isEmpty()) {
                parts.add("copies leave by tunnel: " + String.join("; ", tunnels));
            }
            if (worst > 0) {
                parts.add(worst == 2 ? "a tap is in ERROR" : "a tap is DOWN or BUILD");
            }
            return NodeBadge.text(status, text, String.join("; ", parts));
        }
    }

    // What one link is in the taps shown.
    private static final class Mark {
        private final Set<String> directions = new TreeSet<>();
        private final Set<String> tapLabels = new TreeSet<>();
        // what each (source port, tap service) pair on the link copies; null if unknown
        private final Map<String, TapStats> rates = new LinkedHashMap<>();
        private boolean source;
        private boolean tap;
        private boolean path;

        void source(String direction, String pair, TapStats rate) {
            source = true;
            directions.add(direction);
            rates.putIfAbsent(pair, rate);
        }

        // the sum of the pairs' rates, when every one is known
        private String rate() {
            TapStats sum = null;
            for (TapStats r : rates.values()) {
                if (r == null || r.packetsPerSecond().isEmpty()) {
                    return "";
                }
                sum = sum == null ? r : sum.plus(r);
            }
            return sum == null ? "" : TaasGuiText.rate(sum);
        }

        void tap(String label) {
            tap = true;
            tapLabels.add(label);
        }

        void path() {
            path = true;
        }

        LinkHighlight highlight(String id) {
            LinkHighlight lh = new LinkHighlight(id, source || path
                    ? LinkHighlight.Flavor.PRIMARY_HIGHLIGHT : LinkHighlight.Flavor.SECONDARY_HIGHLIGHT);
            List<String> label = new ArrayList<>();
            if (source) {
                lh.addMod(MOD_SOURCE);
                String rate = rate();
                label.add(String.join(" ", directions) + (rate.isEmpty() ? "" : " (" + rate + ")"));
            }
            if (tap) {
                lh.addMod(MOD_TAP);
                label.addAll(tapLabels);
            }
            if (path) {
                lh.addMod(MOD_PATH);
                lh.addMod(LinkHighlight.MOD_ANIMATED);
            }
            if (!label.isEmpty()) {
                lh.setLabel(String.join(", ", label));
            }
            return lh;
        }
    }
}

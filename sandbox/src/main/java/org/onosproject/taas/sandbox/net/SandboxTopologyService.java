package org.onosproject.taas.sandbox.net;

import org.onlab.graph.ScalarWeight;
import org.onosproject.event.Event;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.DefaultPath;
import org.onosproject.net.DeviceId;
import org.onosproject.net.DisjointPath;
import org.onosproject.net.ElementId;
import org.onosproject.net.Link;
import org.onosproject.net.Path;
import org.onosproject.net.Port;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.link.LinkEvent;
import org.onosproject.net.provider.ProviderId;
import org.onosproject.net.topology.LinkWeigher;
import org.onosproject.net.topology.PathService;
import org.onosproject.net.topology.Topology;
import org.onosproject.net.topology.TopologyEvent;
import org.onosproject.net.topology.TopologyListener;
import org.onosproject.net.topology.TopologyServiceAdapter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TopologyService and PathService over the links of the scenario: a link (both directions)
 * is up while both of its switch ports exist and are enabled, as ONOS's link discovery sees
 * carrier loss. A change posts TOPOLOGY_CHANGED with the link events as reasons. Paths are
 * all the shortest ones by hop count.
 */
public class SandboxTopologyService extends TopologyServiceAdapter implements PathService {

    /** Provider id of links and paths. */
    public static final ProviderId PID = OvsDeviceService.PID;

    private final OvsSwitches switches;
    private final DeviceService devices;
    private final List<Link> declared = new ArrayList<>();
    private final ListenerRegistry<TopologyEvent, TopologyListener> listeners = new ListenerRegistry<>();
    private volatile Set<Link> up = Set.of();
    private volatile long time = System.nanoTime();

    /**
     * Creates the service; call {@link #addLink} for each link, then {@link #refresh}.
     *
     * @param switches whose event thread delivers the events
     * @param devices  device service giving port state, whose events trigger a refresh
     */
    public SandboxTopologyService(OvsSwitches switches, DeviceService devices) {
        this.switches = switches;
        this.devices = devices;
        devices.addListener(e -> {
            if (e.type() != DeviceEvent.Type.DEVICE_ADDED) {
                refresh();
            }
        });
    }

    /**
     * Declares a bidirectional link.
     *
     * @param a one end
     * @param b other end
     */
    public void addLink(ConnectPoint a, ConnectPoint b) {
        declared.add(DefaultLink.builder().providerId(PID).src(a).dst(b).type(Link.Type.DIRECT).build());
        declared.add(DefaultLink.builder().providerId(PID).src(b).dst(a).type(Link.Type.DIRECT).build());
    }

    private boolean enabled(ConnectPoint cp) {
        Port p = devices.getPort(cp.deviceId(), cp.port());
        return p != null && p.isEnabled();
    }

    /**
     * Recomputes which links are up and posts TOPOLOGY_CHANGED if that changed.
     */
    public synchronized void refresh() {
        Set<Link> now = new HashSet<>();
        declared.stream().filter(l -> enabled(l.src()) && enabled(l.dst())).forEach(now::add);
        if (now.equals(up)) {
            return;
        }
        List<Event> reasons = new ArrayList<>();
        now.stream().filter(l -> !up.contains(l))
                .forEach(l -> reasons.add(new LinkEvent(LinkEvent.Type.LINK_ADDED, l)));
        up.stream().filter(l -> !now.contains(l))
                .forEach(l -> reasons.add(new LinkEvent(LinkEvent.Type.LINK_REMOVED, l)));
        up = Set.copyOf(now);
        time = System.nanoTime();
        TopologyEvent e = new TopologyEvent(TopologyEvent.Type.TOPOLOGY_CHANGED, currentTopology(), reasons);
        switches.post(() -> listeners.process(e));
    }

    /**
     * Returns the links that are up.
     *
     * @return directed links
     */
    public Set<Link> links() {
        return up;
    }

    @Override
    public Topology currentTopology() {
        long t = time;
        int links = up.size();
        int deviceCount = switches.devices().size();
        return new Topology() {
            @Override
            public long time() {
                return t;
            }

            @Override
            public long creationTime() {
                return t;
            }

            @Override
            public long computeCost() {
                return 0;
            }

            @Override
            public int clusterCount() {
                return 1;
            }

            @Override
            public int deviceCount() {
                return deviceCount;
            }

            @Override
            public int linkCount() {
                return links;
            }

            @Override
            public ProviderId providerId() {
                return PID;
            }
        };
    }

    @Override
    public Set<Path> getPaths(Topology topology, DeviceId src, DeviceId dst) {
        return getPaths(src, dst);
    }

    @Override
    public Set<Path> getPaths(Topology topology, DeviceId src, DeviceId dst, LinkWeigher weigher) {
        return getPaths(src, dst);
    }

    @Override
    public Set<Path> getPaths(ElementId src, ElementId dst) {
        if (!(src instanceof DeviceId) || !(dst instanceof DeviceId) || src.equals(dst)) {
            return Set.of();
        }
        // BFS distances from src, then every shortest path by walking predecessors back from dst
        Set<Link> links = up;
        Map<DeviceId, Integer> dist = new HashMap<>();
        Map<DeviceId, List<Link>> into = new HashMap<>();
        List<DeviceId> frontier = new ArrayList<>(List.of((DeviceId) src));
        dist.put((DeviceId) src, 0);
        while (!frontier.isEmpty() && !dist.containsKey(dst)) {
            List<DeviceId> next = new ArrayList<>();
            for (DeviceId d : frontier) {
                for (Link l : links) {
                    DeviceId n = l.dst().deviceId();
                    if (l.src().deviceId().equals(d) && (!dist.containsKey(n) || dist.get(n) == dist.get(d) + 1)) {
                        if (!dist.containsKey(n)) {
                            dist.put(n, dist.get(d) + 1);
                            next.add(n);
                        }
                        into.computeIfAbsent(n, k -> new ArrayList<>()).add(l);
                    }
                }
            }
            frontier = next;
        }
        Set<Path> paths = new HashSet<>();
        if (dist.containsKey(dst)) {
            collect((DeviceId) src, (DeviceId) dst, into, new ArrayList<>(), paths);
        }
        return paths;
    }

    private void collect(DeviceId src, DeviceId at, Map<DeviceId, List<Link>> into, List<Link> suffix,
                         Set<Path> paths) {
        if (at.equals(src)) {
            paths.add(new DefaultPath(PID, List.copyOf(suffix), new ScalarWeight(suffix.size())));
            return;
        }
        for (Link l : into.getOrDefault(at, List.of())) {
            suffix.add(0, l);
            collect(src, l.src().deviceId(), into, suffix, paths);
            suffix.remove(0);
        }
    }

    @Override
    public Set<Path> getPaths(ElementId src, ElementId dst, LinkWeigher weigher) {
        return getPaths(src, dst);
    }

    @Override
    public Set<DisjointPath> getDisjointPaths(ElementId src, ElementId dst) {
        return Set.of();
    }

    @Override
    public Set<DisjointPath> getDisjointPaths(ElementId src, ElementId dst, LinkWeigher weigher) {
        return Set.of();
    }

    @Override
    public Set<DisjointPath> getDisjointPaths(ElementId src, ElementId dst, Map<Link, Object> riskProfile) {
        return Set.of();
    }

    @Override
    public Set<DisjointPath> getDisjointPaths(ElementId src, ElementId dst, LinkWeigher weigher,
                                              Map<Link, Object> riskProfile) {
        return Set.of();
    }

    @Override
    public void addListener(TopologyListener listener) {
        listeners.addListener(listener);
    }

    @Override
    public void removeListener(TopologyListener listener) {
        listeners.removeListener(listener);
    }
}

package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.cluster.ClusterServiceAdapter;
import org.onosproject.cluster.ControllerNode;
import org.onosproject.cluster.DefaultControllerNode;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.GroupId;
import org.onosproject.mastership.MastershipEvent;
import org.onosproject.mastership.MastershipInfo;
import org.onosproject.mastership.MastershipListener;
import org.onosproject.mastership.MastershipServiceAdapter;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultAnnotations;
import org.onosproject.net.DefaultDevice;
import org.onosproject.net.DefaultHost;
import org.onosproject.net.DefaultPort;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.DefaultPath;
import org.onosproject.net.Device;
import org.onosproject.net.Link;
import org.onosproject.net.Path;
import org.onlab.graph.ScalarWeight;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostId;
import org.onosproject.net.HostLocation;
import org.onosproject.net.Port;
import org.onosproject.net.PortNumber;
import org.onosproject.net.behaviour.ExtensionTreatmentResolver;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceServiceAdapter;
import org.onosproject.net.driver.Behaviour;
import org.onosproject.net.driver.DriverAdapter;
import org.onosproject.net.driver.DriverData;
import org.onosproject.net.driver.DriverHandler;
import org.onosproject.net.driver.DriverServiceAdapter;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleEvent;
import org.onosproject.net.flow.FlowRuleListener;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleServiceAdapter;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.group.DefaultGroup;
import org.onosproject.net.group.DefaultGroupDescription;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupBuckets;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupEvent;
import org.onosproject.net.group.GroupKey;
import org.onosproject.net.group.GroupListener;
import org.onosproject.net.group.GroupServiceAdapter;
import org.onosproject.net.host.HostEvent;
import org.onosproject.net.host.HostListener;
import org.onosproject.net.host.HostServiceAdapter;
import org.onosproject.net.provider.ProviderId;
import org.onlab.packet.ChassisId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_LOAD;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_RESUBMIT_TABLE;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_SET_TUNNEL_DST;

/**
 * In-memory ONOS services that behave like a small network of OVS switches, for engine tests:
 * devices and ports that can go down, hosts, mastership, a driver with Nicira extensions, and
 * flow rule and group services that keep what is installed and count the operations.
 */
public final class FakeNetwork {

    static final ProviderId PID = new ProviderId("of", "fake");

    final Devices devices = new Devices();
    final Hosts hosts = new Hosts();
    final Mastership mastership = new Mastership();
    final Cluster cluster = new Cluster();
    final Drivers drivers = new Drivers();
    final FlowRules flowRules = new FlowRules();
    final Groups groups = new Groups();
    final Topology topology = new Topology();

    static DeviceId did(int n) {
        return DeviceId.deviceId(String.format("of:%016x", n));
    }

    static ConnectPoint cp(int device, int port) {
        return new ConnectPoint(did(device), PortNumber.portNumber(port));
    }

    /** Adds an available device with ports 1..ports, all up. */
    void addDevice(int n, int ports) {
        DeviceId id = did(n);
        devices.devices.put(id, new DefaultDevice(PID, id, Device.Type.SWITCH, "Nicira, Inc.", "Open vSwitch",
                                                  "3.1.0", "0", new ChassisId(n)));
        devices.available.add(id);
        Map<PortNumber, Port> map = new LinkedHashMap<>();
        for (int p = 1; p <= ports; p++) {
            map.put(PortNumber.portNumber(p), port(id, p, true));
        }
        devices.ports.put(id, map);
        mastership.local.add(id);
    }

    private Port port(DeviceId id, int p, boolean up) {
        return new DefaultPort(devices.devices.get(id), PortNumber.portNumber(p), up);
    }

    /** Adds a host with the given MAC on a port. */
    Host addHost(String mac, ConnectPoint cp) {
        MacAddress m = MacAddress.valueOf(mac);
        Host h = new DefaultHost(PID, HostId.hostId(m, VlanId.NONE), m, VlanId.NONE,
                                 new HostLocation(cp, 0), ImmutableSet.<IpAddress>of(), DefaultAnnotations.EMPTY);
        hosts.hosts.put(h.id(), h);
        hosts.post(new HostEvent(HostEvent.Type.HOST_ADDED, h));
        return h;
    }

    /** ONOS's host provider forgets a host (as when its device or port goes away). */
    void removeHost(Host h) {
        hosts.hosts.remove(h.id());
        hosts.post(new HostEvent(HostEvent.Type.HOST_REMOVED, h));
    }

    /** Moves a host to another port. */
    void moveHost(Host h, ConnectPoint to) {
        Host moved = new DefaultHost(PID, h.id(), h.mac(), h.vlan(), new HostLocation(to, 0),
                                     h.ipAddresses(), DefaultAnnotations.EMPTY);
        hosts.hosts.put(h.id(), moved);
        hosts.post(new HostEvent(HostEvent.Type.HOST_MOVED, moved, h));
    }

    /** Sets a port up or down and posts PORT_UPDATED. */
    void setPort(ConnectPoint cp, boolean up) {
        Port port = port(cp.deviceId(), (int) cp.port().toLong(), up);
        devices.ports.get(cp.deviceId()).put(cp.port(), port);
        devices.post(new DeviceEvent(DeviceEvent.Type.PORT_UPDATED, devices.devices.get(cp.deviceId()), port));
    }

    /** Sets a device available or not and posts DEVICE_AVAILABILITY_CHANGED. */
    void setAvailable(DeviceId id, boolean available) {
        if (available) {
            devices.available.add(id);
        } else {
            devices.available.remove(id);
        }
        devices.post(new DeviceEvent(DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED, devices.devices.get(id)));
    }

    /**
     * Creates a programmer over the fixture's manager and store and this network, and
     * activates it.
     */
    TapProgrammer startProgrammer(TaasTestFixture fixture) {
        TapProgrammer p = new TapProgrammer();
        p.coreService = new org.onosproject.core.CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return TaasTestFixture.APP_ID;
            }
        };
        p.taasService = fixture.manager();
        p.store = fixture.store();
        p.cfgService = new org.onosproject.cfg.ComponentConfigAdapter();
        wire(p);
        p.activate(null);
        return p;
    }

    /** Waits until the programmer is idle; fails on a reconciliation error. */
    static void settle(TapProgrammer p) {
        boolean idle = p.awaitIdle(5000);
        if (p.lastFailure() != null) {
            throw new AssertionError("reconciliation failed", p.lastFailure());
        }
        if (!idle) {
            throw new AssertionError("programmer did not go idle");
        }
    }

    /** Wires every service into a programmer. */
    void wire(TapProgrammer p) {
        p.deviceService = devices;
        p.hostService = hosts;
        p.mastershipService = mastership;
        p.clusterService = cluster;
        p.driverService = drivers;
        p.flowRuleService = flowRules;
        p.groupService = groups;
        p.pathService = topology;
        p.topologyService = topology;
    }

    /** Adds a bidirectional link between two ports. */
    void addLink(ConnectPoint a, ConnectPoint b) {
        topology.links.add(DefaultLink.builder().providerId(PID).src(a).dst(b).type(Link.Type.DIRECT)
                                   .state(Link.State.ACTIVE).build());
        topology.links.add(DefaultLink.builder().providerId(PID).src(b).dst(a).type(Link.Type.DIRECT)
                                   .state(Link.State.ACTIVE).build());
        topology.changed();
    }

    /** Cuts the link between two ports (both directions). */
    void cutLink(ConnectPoint a, ConnectPoint b) {
        topology.links.removeIf(l -> (l.src().equals(a) && l.dst().equals(b))
                || (l.src().equals(b) && l.dst().equals(a)));
        topology.changed();
    }

    /** Links and shortest paths (fewest hops, breadth first) over them; topology events. */
    static final class Topology extends org.onosproject.net.topology.TopologyServiceAdapter
            implements org.onosproject.net.topology.PathService {
        /** Paths asked for (each a shortest-path search in ONOS). */
        final java.util.concurrent.atomic.AtomicInteger pathQueries = new java.util.concurrent.atomic.AtomicInteger();

        final List<Link> links = new CopyOnWriteArrayList<>();
        final List<org.onosproject.net.topology.TopologyListener> listeners = new CopyOnWriteArrayList<>();

        @Override
        public Set<Path> getPaths(org.onosproject.net.ElementId src, org.onosproject.net.ElementId dst) {
            pathQueries.incrementAndGet();
            Map<DeviceId, Link> via = new HashMap<>();
            java.util.Deque<DeviceId> queue = new java.util.ArrayDeque<>();
            queue.add((DeviceId) src);
            Set<DeviceId> seen = new HashSet<>(List.of((DeviceId) src));
            while (!queue.isEmpty()) {
                DeviceId at = queue.poll();
                if (at.equals(dst)) {
                    List<Link> hops = new ArrayList<>();
                    for (DeviceId d = at; via.containsKey(d); d = via.get(d).src().deviceId()) {
                        hops.add(0, via.get(d));
                    }
                    return Set.of(new DefaultPath(PID, hops, new ScalarWeight(hops.size())));
                }
                for (Link l : links) {
                    if (l.src().deviceId().equals(at) && seen.add(l.dst().deviceId())) {
                        via.put(l.dst().deviceId(), l);
                        queue.add(l.dst().deviceId());
                    }
                }
            }
            return Set.of();
        }

        @Override
        public Set<Path> getPaths(org.onosproject.net.ElementId src, org.onosproject.net.ElementId dst,
                                  org.onosproject.net.topology.LinkWeigher weigher) {
            return getPaths(src, dst);
        }

        @Override
        public Set<org.onosproject.net.DisjointPath> getDisjointPaths(org.onosproject.net.ElementId src,
                                                                       org.onosproject.net.ElementId dst) {
            return Set.of();
        }

        @Override
        public Set<org.onosproject.net.DisjointPath> getDisjointPaths(
                org.onosproject.net.ElementId src, org.onosproject.net.ElementId dst,
                org.onosproject.net.topology.LinkWeigher weigher) {
            return Set.of();
        }

        @Override
        public Set<org.onosproject.net.DisjointPath> getDisjointPaths(
                org.onosproject.net.ElementId src, org.onosproject.net.ElementId dst, Map<Link, Object> riskProfile) {
            return Set.of();
        }

        @Override
        public Set<org.onosproject.net.DisjointPath> getDisjointPaths(
                org.onosproject.net.ElementId src, org.onosproject.net.ElementId dst,
                org.onosproject.net.topology.LinkWeigher weigher, Map<Link, Object> riskProfile) {
            return Set.of();
        }

        @Override
        public void addListener(org.onosproject.net.topology.TopologyListener l) {
            listeners.add(l);
        }

        @Override
        public void removeListener(org.onosproject.net.topology.TopologyListener l) {
            listeners.remove(l);
        }

        void changed() {
            org.onosproject.net.topology.TopologyEvent e = new org.onosproject.net.topology.TopologyEvent(
                    org.onosproject.net.topology.TopologyEvent.Type.TOPOLOGY_CHANGED, null, List.of());
            listeners.forEach(l -> l.event(e));
        }
    }

    /** Devices and ports in maps; listeners called like ONOS's ListenerRegistry does. */
    public static final class Devices extends DeviceServiceAdapter {
        final Map<DeviceId, Device> devices = new LinkedHashMap<>();
        final Set<DeviceId> available = new HashSet<>();
        final Map<DeviceId, Map<PortNumber, Port>> ports = new HashMap<>();
        /** Registered listeners. */
        public final List<DeviceListener> listeners = new CopyOnWriteArrayList<>();

        @Override
        public Iterable<Device> getDevices() {
            return ImmutableList.copyOf(devices.values());
        }

        @Override
        public Iterable<Device> getAvailableDevices() {
            return devices.values().stream().filter(d -> available.contains(d.id())).collect(Collectors.toList());
        }

        @Override
        public Device getDevice(DeviceId id) {
            return devices.get(id);
        }

        @Override
        public boolean isAvailable(DeviceId id) {
            return available.contains(id);
        }

        @Override
        public List<Port> getPorts(DeviceId id) {
            return ImmutableList.copyOf(ports.getOrDefault(id, Map.of()).values());
        }

        @Override
        public Port getPort(DeviceId id, PortNumber n) {
            return ports.getOrDefault(id, Map.of()).get(n);
        }

        @Override
        public Port getPort(ConnectPoint cp) {
            return getPort(cp.deviceId(), cp.port());
        }

        @Override
        public void addListener(DeviceListener l) {
            listeners.add(l);
        }

        @Override
        public void removeListener(DeviceListener l) {
            listeners.remove(l);
        }

        /**
         * Delivers an event to the listeners that find it relevant.
         *
         * @param e event
         */
        public void post(DeviceEvent e) {
            listeners.stream().filter(l -> l.isRelevant(e)).forEach(l -> l.event(e));
        }
    }

    /** Hosts in a map; listeners called like ONOS's ListenerRegistry does. */
    public static final class Hosts extends HostServiceAdapter {
        /** Hosts by id. */
        public final Map<HostId, Host> hosts = new LinkedHashMap<>();
        /** Registered listeners. */
        public final List<HostListener> listeners = new CopyOnWriteArrayList<>();

        @Override
        public Set<Host> getConnectedHosts(ConnectPoint cp) {
            return hosts.values().stream().filter(h -> h.locations().stream()
                    .anyMatch(l -> l.deviceId().equals(cp.deviceId()) && l.port().equals(cp.port())))
                    .collect(Collectors.toSet());
        }

        @Override
        public void addListener(HostListener l) {
            listeners.add(l);
        }

        @Override
        public void removeListener(HostListener l) {
            listeners.remove(l);
        }

        /**
         * Delivers an event to the listeners that find it relevant.
         *
         * @param e event
         */
        public void post(HostEvent e) {
            listeners.stream().filter(l -> l.isRelevant(e)).forEach(l -> l.event(e));
        }

        @Override
        public Host getHost(HostId hostId) {
            return hosts.get(hostId);
        }
    }

    static final class Mastership extends MastershipServiceAdapter {
        static final NodeId OTHER = new NodeId("b");
        final Set<DeviceId> local = new HashSet<>();
        final Set<DeviceId> orphans = new HashSet<>();
        final List<MastershipListener> listeners = new CopyOnWriteArrayList<>();

        @Override
        public boolean isLocalMaster(DeviceId id) {
            return local.contains(id);
        }

        /** Mastership term per device: 1 at first, one more at each change of master. */
        final Map<DeviceId, Long> terms = new HashMap<>();

        @Override
        public NodeId getMasterFor(DeviceId id) {
            return local.contains(id) ? Cluster.LOCAL.id() : (orphans.contains(id) ? null : OTHER);
        }

        // as ONOS's mastership store: without a master the term is 0
        @Override
        public MastershipInfo getMastershipFor(DeviceId id) {
            NodeId master = getMasterFor(id);
            return new MastershipInfo(master == null ? 0 : terms.getOrDefault(id, 1L), Optional.ofNullable(master),
                                      ImmutableMap.of());
        }

        @Override
        public void addListener(MastershipListener l) {
            listeners.add(l);
        }

        @Override
        public void removeListener(MastershipListener l) {
            listeners.remove(l);
        }

        /** Gives mastership of a device to another instance (or takes it back). */
        void setLocal(DeviceId id, boolean isLocal) {
            terms.merge(id, 1L, Long::sum);
            if (isLocal) {
                local.add(id);
            } else {
                local.remove(id);
            }
            MastershipEvent e = new MastershipEvent(MastershipEvent.Type.MASTER_CHANGED, id,
                                                    new MastershipInfo());
            listeners.forEach(l -> l.event(e));
        }
    }

    static final class Cluster extends ClusterServiceAdapter {
        static final ControllerNode LOCAL = new DefaultControllerNode(new NodeId("a"), IpAddress.valueOf("127.0.0.1"));

        @Override
        public ControllerNode getLocalNode() {
            return LOCAL;
        }

        @Override
        public Set<ControllerNode> getNodes() {
            return ImmutableSet.of(LOCAL);
        }

        @Override
        public org.onosproject.cluster.ControllerNode.State getState(NodeId nodeId) {
            return org.onosproject.cluster.ControllerNode.State.ACTIVE;
        }
    }

    /** Driver service: "ovs" (with Nicira extensions) for every device except those listed as "default". */
    static final class Drivers extends DriverServiceAdapter {
        final Set<DeviceId> withoutNicira = new HashSet<>();

        @Override
        public DriverHandler createHandler(DeviceId id, String... credentials) {
            boolean nicira = !withoutNicira.contains(id);
            DriverAdapter driver = new DriverAdapter() {
                @Override
                public String name() {
                    return nicira ? "ovs" : "default";
                }

                @Override
                public boolean hasBehaviour(Class<? extends Behaviour> c) {
                    return nicira && c == ExtensionTreatmentResolver.class;
                }
            };
            return new DriverHandler() {
                @Override
                public org.onosproject.net.driver.Driver driver() {
                    return driver;
                }

                @Override
                public DriverData data() {
                    return null;
                }

                @Override
                @SuppressWarnings("unchecked")
                public <T extends Behaviour> T behaviour(Class<T> c) {
                    if (nicira && c == ExtensionTreatmentResolver.class) {
                        return (T) new Resolver();
                    }
                    throw new IllegalArgumentException("no behaviour " + c);
                }

                @Override
                public <T> T get(Class<T> c) {
                    return null;
                }
            };
        }
    }

    static final class Resolver implements ExtensionTreatmentResolver {
        @Override
        public ExtensionTreatment getExtensionInstruction(ExtensionTreatmentType type) {
            if (type.equals(NICIRA_LOAD.type())) {
                return new Load();
            }
            if (type.equals(NICIRA_RESUBMIT_TABLE.type())) {
                return new ResubmitTable();
            }
            if (type.equals(NICIRA_SET_TUNNEL_DST.type())) {
                return new TunnelDst();
            }
            throw new UnsupportedOperationException("unsupported " + type);
        }

        @Override
        public DriverHandler handler() {
            return null;
        }

        @Override
        public void setHandler(DriverHandler handler) {
        }

        @Override
        public DriverData data() {
            return null;
        }

        @Override
        public void setData(DriverData data) {
        }
    }

    /** Same fields as ONOS's NiciraLoad, so properties are set the same way. */
    static final class Load extends AbstractExtension implements ExtensionTreatment {
        private int ofsNbits;
        private long dst;
        private long value;

        @Override
        public ExtensionTreatmentType type() {
            return NICIRA_LOAD.type();
        }

        @Override
        public byte[] serialize() {
            return new byte[0];
        }

        @Override
        public void deserialize(byte[] data) {
        }

        long value() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Load && ((Load) o).ofsNbits == ofsNbits && ((Load) o).dst == dst
                    && ((Load) o).value == value;
        }

        @Override
        public int hashCode() {
            return Objects.hash(ofsNbits, dst, value);
        }

        @Override
        public String toString() {
            return "load:" + value + "->" + Long.toHexString(dst) + "/" + ofsNbits;
        }
    }

    /** Same field as ONOS's NiciraSetTunnelDst. */
    static final class TunnelDst extends AbstractExtension implements ExtensionTreatment {
        private org.onlab.packet.Ip4Address tunnelDst;

        @Override
        public ExtensionTreatmentType type() {
            return NICIRA_SET_TUNNEL_DST.type();
        }

        @Override
        public byte[] serialize() {
            return new byte[0];
        }

        @Override
        public void deserialize(byte[] data) {
        }

        org.onlab.packet.Ip4Address tunnelDst() {
            return tunnelDst;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TunnelDst && Objects.equals(((TunnelDst) o).tunnelDst, tunnelDst);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tunnelDst);
        }

        @Override
        public String toString() {
            return "set_field:" + tunnelDst + "->tun_dst";
        }
    }

    /** Same fields as ONOS's NiciraResubmitTable. */
    static final class ResubmitTable extends AbstractExtension implements ExtensionTreatment {
        private PortNumber inPort = PortNumber.portNumber(65528);
        private short table = -1;

        @Override
        public ExtensionTreatmentType type() {
            return NICIRA_RESUBMIT_TABLE.type();
        }

        @Override
        public byte[] serialize() {
            return new byte[0];
        }

        @Override
        public void deserialize(byte[] data) {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ResubmitTable && ((ResubmitTable) o).table == table
                    && ((ResubmitTable) o).inPort.equals(inPort);
        }

        @Override
        public int hashCode() {
            return Objects.hash(inPort, table);
        }

        @Override
        public String toString() {
            return "resubmit(," + table + ")";
        }
    }

    /** Flow rules kept per device; counts every operation; may refuse the next batches. */
    static final class FlowRules extends FlowRuleServiceAdapter {
        final Map<DeviceId, Map<RuleDiff.RuleKey, FlowEntry>> table = new HashMap<>();
        final List<FlowRuleListener> listeners = new CopyOnWriteArrayList<>();
        int operations;
        int batches;
        int refuseNext;
        /**
         * Batches are stored (the flow store shows them at once, as ONOS's does) but answered
         * only on {@link #release()}, like a batch whose barrier has not come back yet.
         */
        boolean hold;
        final List<FlowRuleOperations> held = new ArrayList<>();
        /** The type of every operation applied, in order. */
        final List<FlowRuleOperation.Type> types = new ArrayList<>();

        /** Answers the batches held, in order. */
        synchronized void release() {
            hold = false;
            List<FlowRuleOperations> now = new ArrayList<>(held);
            held.clear();
            now.forEach(o -> o.callback().onSuccess(o));
        }
        /**
         * If set, a refused batch's rules stay in ONOS's store (as they do), recorded in
         * {@link #refusedButStored}: reading the store back shows them, the switch lacks them.
         */
        boolean storeRefused;
        final Set<RuleDiff.RuleKey> refusedButStored = new HashSet<>();
        /** Devices that refuse every batch (as a switch out of table space would). */
        final Set<DeviceId> refuseOn = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public synchronized void apply(FlowRuleOperations ops) {
            batches++;
            boolean refused = ops.stages().stream().flatMap(Set::stream)
                    .anyMatch(op -> refuseOn.contains(op.rule().deviceId()));
            if (refuseNext > 0 || refused) {
                refuseNext = Math.max(0, refuseNext - 1);
                if (storeRefused) {
                    // as ONOS's flow store: it keeps what it was asked for, the switch has none of it
                    ops.stages().stream().flatMap(Set::stream).filter(op -> op.type() != FlowRuleOperation.Type.REMOVE)
                            .forEach(op -> {
                                RuleDiff.RuleKey key = new RuleDiff.RuleKey(op.rule());
                                refusedButStored.add(key);
                                table.computeIfAbsent(op.rule().deviceId(), k -> new HashMap<>()).put(key,
                                        new DefaultFlowEntry(op.rule(), FlowEntry.FlowEntryState.PENDING_ADD));
                            });
                }
                ops.callback().onError(ops);
                return;
            }
            for (Set<FlowRuleOperation> stage : ops.stages()) {
                for (FlowRuleOperation op : stage) {
                    operations++;
                    types.add(op.type());
                    if (op.type() == FlowRuleOperation.Type.ADD) {
                        refusedButStored.remove(new RuleDiff.RuleKey(op.rule()));
                    }
                    FlowRule r = op.rule();
                    Map<RuleDiff.RuleKey, FlowEntry> dev = table.computeIfAbsent(r.deviceId(), k -> new HashMap<>());
                    if (op.type() == FlowRuleOperation.Type.REMOVE) {
                        FlowEntry gone = dev.remove(new RuleDiff.RuleKey(r));
                        if (gone != null) {
                            post(new FlowRuleEvent(FlowRuleEvent.Type.RULE_REMOVED, gone));
                        }
                    } else {
                        dev.put(new RuleDiff.RuleKey(r), new DefaultFlowEntry(r, FlowEntry.FlowEntryState.ADDED));
                    }
                }
            }
            if (hold) {
                held.add(ops);
                return;
            }
            ops.callback().onSuccess(ops);
        }

        @Override
        public synchronized Iterable<FlowEntry> getFlowEntries(DeviceId id) {
            return ImmutableList.copyOf(table.getOrDefault(id, Map.of()).values());
        }

        @Override
        public synchronized Iterable<FlowEntry> getFlowEntriesById(ApplicationId appId) {
            return all().stream().filter(e -> e.appId() == appId.id()).collect(Collectors.toList());
        }

        @Override
        public synchronized void removeFlowRulesById(ApplicationId appId) {
            table.values().forEach(m -> m.values().removeIf(e -> e.appId() == appId.id()));
        }

        @Override
        public synchronized void removeFlowRules(FlowRule... rules) {
            for (FlowRule r : rules) {
                operations++;
                table.getOrDefault(r.deviceId(), new HashMap<>()).remove(new RuleDiff.RuleKey(r));
            }
        }

        @Override
        public synchronized int getFlowRuleCount() {
            return all().size();
        }

        synchronized List<FlowEntry> all() {
            return table.values().stream().flatMap(m -> m.values().stream()).collect(Collectors.toList());
        }

        synchronized List<FlowEntry> on(DeviceId id) {
            return ImmutableList.copyOf(table.getOrDefault(id, Map.of()).values());
        }

        /** Someone else deletes a rule from the switch. */
        synchronized void externalRemove(FlowEntry e) {
            table.get(e.deviceId()).remove(new RuleDiff.RuleKey(e));
            post(new FlowRuleEvent(FlowRuleEvent.Type.RULE_REMOVED, e));
        }

        /** Someone else (a stale instance) leaves a rule of the app behind. */
        synchronized void externalAdd(FlowRule r) {
            table.computeIfAbsent(r.deviceId(), k -> new HashMap<>())
                    .put(new RuleDiff.RuleKey(r), new DefaultFlowEntry(r, FlowEntry.FlowEntryState.ADDED));
        }

        @Override
        public synchronized void addListener(FlowRuleListener l) {
            listeners.add(l);
        }

        @Override
        public synchronized void removeListener(FlowRuleListener l) {
            listeners.remove(l);
        }

        synchronized void post(FlowRuleEvent e) {
            listeners.forEach(l -> l.event(e));
        }
    }

    /**
     * Groups kept per device; counts every operation. ADDED at once, unless pollOnly: then,
     * as in ONOS 2.7, a group is PENDING_ADD / PENDING_UPDATE / PENDING_DELETE until the
     * next {@link #poll()} (ONOS's group poll), and an add whose key a group being deleted
     * still holds waits for that poll.
     */
    static final class Groups extends GroupServiceAdapter {
        final Map<DeviceId, Map<GroupKey, DefaultGroup>> table = new HashMap<>();
        final List<GroupListener> listeners = new CopyOnWriteArrayList<>();
        final List<GroupDescription> waiting = new ArrayList<>();
        int operations;
        boolean pollOnly;
        /**
         * Devices whose first group audit after a connection has not run: as in ONOS 2.7, their
         * group adds are queued, listed nowhere, until {@link #audit(DeviceId)}.
         */
        final Set<DeviceId> auditPending = new HashSet<>();
        final List<GroupDescription> queued = new ArrayList<>();

        /** ONOS's first group audit of a device: the adds queued for it go in. */
        synchronized void audit(DeviceId id) {
            auditPending.remove(id);
            List<GroupDescription> adds = queued.stream().filter(d -> d.deviceId().equals(id))
                    .collect(Collectors.toList());
            queued.removeAll(adds);
            adds.forEach(d -> {
                operations--;
                addGroup(d);
            });
        }

        @Override
        public synchronized void addGroup(GroupDescription d) {
            operations++;
            if (auditPending.contains(d.deviceId())) {
                queued.add(d);
                return;
            }
            DefaultGroup held = table.getOrDefault(d.deviceId(), Map.of()).get(d.appCookie());
            if (held != null && held.state() == Group.GroupState.PENDING_DELETE) {
                waiting.add(d);
                return;
            }
            DefaultGroup g = new DefaultGroup(new GroupId(d.givenGroupId()), d);
            g.setState(pollOnly ? Group.GroupState.PENDING_ADD : Group.GroupState.ADDED);
            table.computeIfAbsent(d.deviceId(), k -> new HashMap<>()).put(d.appCookie(), g);
            if (!pollOnly) {
                post(new GroupEvent(GroupEvent.Type.GROUP_ADDED, g));
            }
        }

        /** ONOS's group poll: pending groups are confirmed or purged, waiting adds go in. */
        synchronized void poll() {
            for (Map<GroupKey, DefaultGroup> dev : table.values()) {
                for (DefaultGroup g : new ArrayList<>(dev.values())) {
                    switch (g.state()) {
                        case PENDING_ADD:
                            g.setState(Group.GroupState.ADDED);
                            post(new GroupEvent(GroupEvent.Type.GROUP_ADDED, g));
                            break;
                        case PENDING_UPDATE:
                            g.setState(Group.GroupState.ADDED);
                            post(new GroupEvent(GroupEvent.Type.GROUP_UPDATED, g));
                            break;
                        case PENDING_DELETE:
                            dev.remove(g.appCookie());
                            post(new GroupEvent(GroupEvent.Type.GROUP_REMOVED, g));
                            break;
                        default:
                            break;
                    }
                }
            }
            List<GroupDescription> adds = new ArrayList<>(waiting);
            waiting.clear();
            adds.forEach(d -> {
                operations--;
                addGroup(d);
            });
        }

        @Override
        public synchronized Group getGroup(DeviceId id, GroupKey key) {
            return table.getOrDefault(id, Map.of()).get(key);
        }

        @Override
        public synchronized Iterable<Group> getGroups(DeviceId id, ApplicationId appId) {
            return table.getOrDefault(id, Map.of()).values().stream()
                    .filter(g -> g.appId().equals(appId)).collect(Collectors.toList());
        }

        @Override
        public synchronized Iterable<Group> getGroups(DeviceId id) {
            return ImmutableList.copyOf(table.getOrDefault(id, Map.of()).values());
        }

        @Override
        public synchronized void setBucketsForGroup(DeviceId id, GroupKey key, GroupBuckets buckets, GroupKey newKey,
                                       ApplicationId appId) {
            operations++;
            DefaultGroup old = table.get(id).get(key);
            DefaultGroup g = new DefaultGroup(old.id(), new DefaultGroupDescription(
                    id, old.type(), buckets, newKey, old.givenGroupId(), appId));
            g.setState(pollOnly ? Group.GroupState.PENDING_UPDATE : Group.GroupState.ADDED);
            table.get(id).put(newKey, g);
            if (!pollOnly) {
                post(new GroupEvent(GroupEvent.Type.GROUP_UPDATED, g));
            }
        }

        @Override
        public synchronized void removeGroup(DeviceId id, GroupKey key, ApplicationId appId) {
            operations++;
            if (pollOnly) {
                DefaultGroup g = table.getOrDefault(id, Map.of()).get(key);
                if (g != null) {
                    g.setState(Group.GroupState.PENDING_DELETE);
                }
                return;
            }
            DefaultGroup g = table.getOrDefault(id, new HashMap<>()).remove(key);
            if (g != null) {
                post(new GroupEvent(GroupEvent.Type.GROUP_REMOVED, g));
            }
        }

        /** Someone else deletes a group from the switch. */
        synchronized void externalRemove(DeviceId id, GroupKey key) {
            DefaultGroup g = table.get(id).remove(key);
            post(new GroupEvent(GroupEvent.Type.GROUP_REMOVED, g));
        }

        synchronized List<Group> all() {
            return table.values().stream().flatMap(m -> m.values().stream()).collect(Collectors.toList());
        }

        @Override
        public synchronized void addListener(GroupListener l) {
            listeners.add(l);
        }

        @Override
        public synchronized void removeListener(GroupListener l) {
            listeners.remove(l);
        }

        synchronized void post(GroupEvent e) {
            listeners.forEach(l -> l.event(e));
        }
    }

    static Collection<Group> groupsOf(Collection<Group> groups, DeviceId id) {
        return groups.stream().filter(g -> g.deviceId().equals(id)).collect(Collectors.toList());
    }

    static List<Object> list(Object... o) {
        return new ArrayList<>(List.of(o));
    }
}

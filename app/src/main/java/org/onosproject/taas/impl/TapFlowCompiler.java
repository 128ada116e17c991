package org.onosproject.taas.impl;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.GroupId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.group.DefaultGroupBucket;
import org.onosproject.net.group.DefaultGroupDescription;
import org.onosproject.net.group.GroupBucket;
import org.onosproject.net.group.GroupBuckets;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupKey;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.TapTunnel;
import org.onosproject.taas.api.VlanFilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the tap flows of one source port (and the tap service of one tap port) into the
 * FlowRules and ALL groups that mirror them on Open vSwitch. Pure: everything it needs comes
 * in a {@link PortSnapshot}; it calls no ONOS service.
 *
 * <p>The realization (see docs/rules.md):
 * <ul>
 * <li>OUT of port P: classifier {@code in_port=P, metadata=0} → group whose buckets output a
 *     copy to each tap port and {@code load:1->metadata, resubmit(,0)} the original.</li>
 * <li>IN of port P: for each MAC M of a host on P, classifiers {@code eth_dst=M, metadata=0}
 *     and {@code eth_dst=M, metadata=1} → groups that copy and load 2 (resp. 3) then resubmit.
 *     A frame is thus copied at most once as OUT and once as IN, and the original continues
 *     through the other applications' table 0 exactly once.</li>
 * <li>VLAN filters split a side's traffic into disjoint classes: each VLAN id named by a filter
 *     whose set of tap ports differs from the unfiltered flows' set gets classifiers matching it
 *     (0 = untagged = {@code VlanId.NONE}) one priority above the unfiltered classifier; VLAN ids
 *     with the same set of tap ports share a group.</li>
 * <li>A tunnel tap service's copy bucket is {@code set_field:IP->tun_dst, set_field:KEY->tun_id,
 *     output:TUNNEL_PORT}: the flow-based GRE or ERSPAN port of the source's own device, the
 *     collector's IP and the key of the side (IN or OUT) the copy was made on.</li>
 * <li>A tap service port drops what enters it (analyzer traffic never enters the network).</li>
 * </ul>
 */
public final class TapFlowCompiler {

    /** Table the classifiers live in and originals are resubmitted to. */
    public static final int TABLE = 0;
    /** Metadata of a frame no classifier has seen. */
    public static final long META_FRESH = 0;
    /** Metadata after the OUT classifier. */
    public static final long META_OUT_DONE = 1;
    /** Bit the IN classifiers add: 0 becomes 2, 1 becomes 3. */
    public static final long META_IN_DONE_BIT = 2;

    /** Priority offsets above the configured base; OUT strictly above IN, VLAN above all. */
    public static final int OFFSET_IN_ALL = 0;
    /** Priority offset of IN classifiers with a VLAN match. */
    public static final int OFFSET_IN_VLAN = 1;
    /** Priority offset of OUT classifiers without a VLAN match. */
    public static final int OFFSET_OUT_ALL = 2;
    /** Priority offset of OUT classifiers with a VLAN match. */
    public static final int OFFSET_OUT_VLAN = 3;
    /** Priority offset of the rules dropping transport-VLAN frames no transit rule takes. */
    public static final int OFFSET_TRANSPORT_DROP = 5;
    /** Priority offset of transit and last-hop rules of remote copies. */
    public static final int OFFSET_TRANSIT = 6;
    /** Priority offset of the rule dropping what enters a tap port. */
    public static final int OFFSET_TAP_PORT_DROP = 10;
    /** Highest offset used; the base may be at most 65535 minus this. */
    public static final int MAX_OFFSET = OFFSET_TAP_PORT_DROP;

    private static final String ALL_VLANS = "all";

    private final ApplicationId appId;
    private final int priorityBase;
    private final boolean dropTapPortIngress;
    private final TunnelPorts tunnelPorts;

    /**
     * Creates a compiler that looks for the default tunnel port names.
     *
     * @param appId              application id every rule and group carries
     * @param priorityBase       priority of the lowest classifier
     * @param dropTapPortIngress true to drop frames entering tap ports
     */
    public TapFlowCompiler(ApplicationId appId, int priorityBase, boolean dropTapPortIngress) {
        this(appId, priorityBase, dropTapPortIngress, TunnelPorts.DEFAULT);
    }

    /**
     * Creates a compiler.
     *
     * @param appId              application id every rule and group carries
     * @param priorityBase       priority of the lowest classifier
     * @param dropTapPortIngress true to drop frames entering tap ports
     * @param tunnelPorts        names of the tunnel ports (for the reasons of missing ones)
     */
    public TapFlowCompiler(ApplicationId appId, int priorityBase, boolean dropTapPortIngress,
                           TunnelPorts tunnelPorts) {
        this.appId = appId;
        this.priorityBase = priorityBase;
        this.dropTapPortIngress = dropTapPortIngress;
        this.tunnelPorts = tunnelPorts;
    }

    /**
     * Compiles one port.
     *
     * @param s   what the network and the taps look like at the port
     * @param ids group id allocator of the port's device
     * @return the wanted rules, groups and statuses
     */
    public CompiledPort compile(PortSnapshot s, GroupIdAllocator ids) {
        List<FlowRule> rules = new ArrayList<>();
        List<GroupDescription> groups = new ArrayList<>();
        Map<TapFlowId, TapStatus> status = new LinkedHashMap<>();
        List<Member> out = new ArrayList<>();
        List<Member> in = new ArrayList<>();

        for (TapFlow f : s.flows()) {
            TapService service = s.services().get(f.tapServiceId());
            if (service == null) {
                continue;
            }
            TapStatus problem = problem(s, f, service);
            if (problem != null) {
                status.put(f.id(), problem);
                continue;
            }
            RemoteRoute route = s.route(service.id());
            boolean remote = !service.isTunnel() && !service.port().deviceId().equals(s.port().deviceId());
            Member m = service.isTunnel() ? tunnelMember(s, f, service.tunnel().get())
                    : new Member(f.vlanFilter().orElse(null), remote
                    ? Copy.port(route.egress(), route.vlan()) : Copy.port(service.port().port(), null));
            if (f.direction().includesOut()) {
                out.add(m);
            }
            if (f.direction().includesIn() && !s.hostMacs().isEmpty()) {
                in.add(m);
            }
            // not all of it can be installed: not ACTIVE (the OUT half still mirrors)
            TapStatus active = f.direction() == Direction.BOTH && s.hostMacs().isEmpty()
                    ? TapStatus.down("partly mirrored: OUT copies are made; IN copies need the MAC of a host on "
                                     + s.port() + " and none is known")
                    : TapStatus.active();
            status.put(f.id(), remote ? active.withPath(route.path()) : active);
        }

        if (!out.isEmpty()) {
            compileSide(s, Side.OUT, out, META_FRESH, ids, rules, groups);
        }
        if (!in.isEmpty()) {
            compileSide(s, Side.IN, in, META_FRESH, ids, rules, groups);
            compileSide(s, Side.IN, in, META_OUT_DONE, ids, rules, groups);
        }

        TapStatus serviceStatus = null;
        if (s.tapServiceHere() != null) {
            serviceStatus = serviceStatus(s);
            if (dropTapPortIngress && s.deviceAvailable() && s.portState() != PortState.ABSENT) {
                rules.add(rule(s.port().deviceId(),
                               DefaultTrafficSelector.builder().matchInPort(s.port().port()).build(),
                               DefaultTrafficTreatment.builder().drop().build(),
                               OFFSET_TAP_PORT_DROP));
            }
        }
        return new CompiledPort(s.port(), rules, groups, status, serviceStatus);
    }

    // A tunnel tap service's copies: out of the device's tunnel port of its type, to its
    // remote IP, with the key of the side they were copied on.
    private static Member tunnelMember(PortSnapshot s, TapFlow f, TapTunnel t) {
        PortNumber out = s.tunnelPort(t.type());
        Ip4Address ip = t.remoteIp().getIp4Address();
        return new Member(f.vlanFilter().orElse(null), Copy.tunnel(out, ip, t.outKey()),
                          Copy.tunnel(out, ip, t.inKey()));
    }

    // Why a tap flow cannot be mirrored now, or null if it can.
    private TapStatus problem(PortSnapshot s, TapFlow f, TapService service) {
        DeviceId device = s.port().deviceId();
        if (!s.deviceAvailable()) {
            return TapStatus.down("device " + device + " is not available");
        }
        if (s.portState() == PortState.ABSENT) {
            return TapStatus.down("source port " + s.port() + " does not exist");
        }
        if (s.portState() == PortState.DOWN) {
            return TapStatus.down("source port " + s.port() + " is down");
        }
        PortState tap = service.isTunnel() ? PortState.UP : s.tapPortState(service.port());
        if (tap != PortState.UP) {
            return TapStatus.down("tap port " + service.port()
                    + (tap == PortState.ABSENT ? " does not exist" : " is down"));
        }
        if (s.nicira() == null) {
            return TapStatus.error("device " + device + " (driver '" + s.driverName()
                    + "') lacks the Nicira extensions mirroring needs; set its driver to ovs in network"
                    + " config: {\"devices\":{\"" + device + "\":{\"basic\":{\"driver\":\"ovs\"}}}}");
        }
        if (service.isTunnel()) {
            TapStatus tunnel = tunnelProblem(s, service.tunnel().get());
            if (tunnel != null) {
                return tunnel;
            }
        } else if (!service.port().deviceId().equals(device) && s.route(service.id()) == null) {
            return TapStatus.down(service.transportVlan().isPresent()
                    ? "no path from " + device + " to tap port " + service.port()
                    : "tap service " + service.id() + " has no transport VLAN yet");
        }
        RemoteRoute route = service.isTunnel() || service.port().deviceId().equals(device) ? null
                : s.route(service.id());
        if (route != null && route.hold() != null) {
            // a device on the path lacks the rules the copies need there: send none yet
            return route.hold().withPath(route.path());
        }
        if (f.direction() == Direction.IN && s.hostMacs().isEmpty()) {
            return TapStatus.down("no host known on source port " + s.port()
                    + "; IN copies need the MAC of the host there");
        }
        return null;
    }

    // The device lacks the tunnel port or cannot set a tunnel destination.
    private TapStatus tunnelProblem(PortSnapshot s, TapTunnel t) {
        DeviceId device = s.port().deviceId();
        if (s.tunnelPort(t.type()) == null) {
            return TapStatus.error("no " + t.type().text() + " tunnel port '" + tunnelPorts.name(t.type())
                    + "' (enabled) on " + device + "; add it on the switch: "
                    + tunnelPorts.addPortCommand(t.type(), device, s.bridgeName()));
        }
        try {
            s.nicira().setTunnelDst(t.remoteIp().getIp4Address());
        } catch (RuntimeException e) {
            return TapStatus.error("device " + device + " (driver '" + s.driverName()
                    + "') cannot set a tunnel destination (Nicira NICIRA_SET_TUNNEL_DST): " + e.getMessage());
        }
        return null;
    }

    private static TapStatus serviceStatus(PortSnapshot s) {
        if (!s.deviceAvailable()) {
            return TapStatus.down("device " + s.port().deviceId() + " is not available");
        }
        if (s.portState() == PortState.ABSENT) {
            return TapStatus.down("tap port " + s.port() + " does not exist");
        }
        if (s.portState() == PortState.DOWN) {
            return TapStatus.down("tap port " + s.port() + " is down");
        }
        return TapStatus.active();
    }

    // Classifiers and groups of one side (and, for IN, one incoming metadata value).
    private void compileSide(PortSnapshot s, Side side, List<Member> members, long metaIn,
                             GroupIdAllocator ids, List<FlowRule> rules, List<GroupDescription> groups) {
        SortedSet<Copy> unfiltered = new TreeSet<>();
        SortedSet<Integer> named = new TreeSet<>();
        for (Member m : members) {
            if (m.filter == null) {
                unfiltered.add(m.copy(side));
            } else {
                named.addAll(m.filter.vlanIds());
            }
        }
        // VLAN ids grouped by the set of tap ports that want them; ids wanting exactly the
        // unfiltered set are left to the unfiltered classifier.
        Map<String, SortedSet<Copy>> classPorts = new TreeMap<>();
        Map<String, SortedSet<Integer>> classVlans = new TreeMap<>();
        for (int vid : named) {
            SortedSet<Copy> ports = new TreeSet<>(unfiltered);
            for (Member m : members) {
                if (m.filter != null && m.filter.contains(vid)) {
                    ports.add(m.copy(side));
                }
            }
            if (!unfiltered.isEmpty() && ports.equals(unfiltered)) {
                continue;
            }
            String portsKey = ports.toString();
            classPorts.put(portsKey, ports);
            classVlans.computeIfAbsent(portsKey, k -> new TreeSet<>()).add(vid);
        }
        long metaOut = side == Side.OUT ? META_OUT_DONE : metaIn | META_IN_DONE_BIT;
        for (Map.Entry<String, SortedSet<Integer>> c : classVlans.entrySet()) {
            SortedSet<Integer> vlans = c.getValue();
            String classId = VlanFilter.of(vlans.stream().mapToInt(Integer::intValue).toArray()).format();
            GroupDescription g = group(s, side, classId, metaIn, metaOut, classPorts.get(c.getKey()), ids);
            groups.add(g);
            for (int vid : vlans) {
                VlanId vlan = vid == VlanFilter.UNTAGGED ? VlanId.NONE : VlanId.vlanId((short) vid);
                classifiers(s, side, metaIn, vlan, g, rules);
            }
        }
        if (!unfiltered.isEmpty()) {
            GroupDescription g = group(s, side, ALL_VLANS, metaIn, metaOut, unfiltered, ids);
            groups.add(g);
            classifiers(s, side, metaIn, null, g, rules);
        }
    }

    private void classifiers(PortSnapshot s, Side side, long metaIn, VlanId vlan, GroupDescription g,
                             List<FlowRule> rules) {
        TrafficTreatment toGroup = DefaultTrafficTreatment.builder()
                .group(new GroupId(g.givenGroupId())).build();
        if (side == Side.OUT) {
            TrafficSelector.Builder sel = DefaultTrafficSelector.builder()
                    .matchInPort(s.port().port()).matchMetadata(metaIn);
            if (vlan != null) {
                sel.matchVlanId(vlan);
            }
            rules.add(rule(s.port().deviceId(), sel.build(), toGroup,
                           vlan != null ? OFFSET_OUT_VLAN : OFFSET_OUT_ALL));
        } else {
            for (MacAddress mac : s.hostMacs()) {
                TrafficSelector.Builder sel = DefaultTrafficSelector.builder()
                        .matchEthDst(mac).matchMetadata(metaIn);
                if (vlan != null) {
                    sel.matchVlanId(vlan);
                }
                rules.add(rule(s.port().deviceId(), sel.build(), toGroup,
                               vlan != null ? OFFSET_IN_VLAN : OFFSET_IN_ALL));
            }
        }
    }

    private GroupDescription group(PortSnapshot s, Side side, String classId, long metaIn, long metaOut,
                                   Set<Copy> copies, GroupIdAllocator ids) {
        DeviceId device = s.port().deviceId();
        List<GroupBucket> buckets = new ArrayList<>();
        for (Copy copy : copies) {
            TrafficTreatment.Builder t = DefaultTrafficTreatment.builder();
            if (copy.vlan != null) {
                // transport tag on top of whatever the frame carries: it arrives as captured
                t.pushVlan().setVlanId(VlanId.vlanId(copy.vlan.shortValue()));
            }
            if (copy.tunnelDst != null) {
                // tunnel metadata of this bucket's copy only: the frame itself is untouched
                t.extension(s.nicira().setTunnelDst(copy.tunnelDst), device).setTunnelId(copy.key);
            }
            buckets.add(DefaultGroupBucket.createAllGroupBucket(t.setOutput(copy.out).build()));
        }
        buckets.add(DefaultGroupBucket.createAllGroupBucket(DefaultTrafficTreatment.builder()
                .extension(s.nicira().loadMetadata(metaOut), device)
                .extension(s.nicira().resubmit(TABLE), device)
                .build()));
        GroupKey key = ids.key(groupName(s.port(), side, classId, metaIn));
        return new DefaultGroupDescription(device, GroupDescription.Type.ALL, new GroupBuckets(buckets),
                                           key, ids.groupId(key), appId);
    }

    /**
     * Compiles the transport of one tap service's remote copies: on each device of the tree,
     * for each port copies arrive on, {@code in_port, vlan_vid=V → output next hop} (on the tap
     * device: pop the tag, output the tap port); and on every device given, a lower-priority
     * {@code vlan_vid=V → drop}, so a copy meeting a switch without its transit rule (while a
     * path moves) is dropped, never forwarded by other applications.
     *
     * @param tree    the service's transport tree
     * @param vlan    the service's transport VLAN id
     * @param devices every available device (they all get the drop rule)
     * @return rules by device
     */
    public Map<DeviceId, List<FlowRule>> compileTransport(TransportTree tree, int vlan,
                                                          Iterable<DeviceId> devices) {
        Map<DeviceId, List<FlowRule>> rules = new LinkedHashMap<>();
        VlanId v = VlanId.vlanId((short) vlan);
        for (DeviceId d : devices) {
            rules.computeIfAbsent(d, k -> new ArrayList<>()).add(transportDrop(d, vlan));
        }
        for (Map.Entry<DeviceId, Set<PortNumber>> e : tree.ingressPorts().entrySet()) {
            DeviceId d = e.getKey();
            TrafficTreatment forward;
            if (d.equals(tree.tapPort().deviceId())) {
                forward = DefaultTrafficTreatment.builder().popVlan().setOutput(tree.tapPort().port()).build();
            } else {
                Link next = tree.nextHops().get(d);
                forward = DefaultTrafficTreatment.builder().setOutput(next.src().port()).build();
            }
            List<PortNumber> ins = new ArrayList<>(e.getValue());
            ins.sort(java.util.Comparator.comparingLong(PortNumber::toLong));
            for (PortNumber in : ins) {
                rules.computeIfAbsent(d, k -> new ArrayList<>()).add(rule(d,
                        DefaultTrafficSelector.builder().matchInPort(in).matchVlanId(v).build(),
                        forward, OFFSET_TRANSIT));
            }
        }
        return rules;
    }

    /**
     * Returns the rule that drops copies tagged with a transport VLAN on a device:
     * {@code vlan_vid=V → drop}, below the transit rules.
     *
     * @param device device
     * @param vlan   transport VLAN id
     * @return flow rule
     */
    public FlowRule transportDrop(DeviceId device, int vlan) {
        return rule(device, DefaultTrafficSelector.builder().matchVlanId(VlanId.vlanId((short) vlan)).build(),
                    DefaultTrafficTreatment.builder().drop().build(), OFFSET_TRANSPORT_DROP);
    }

    /**
     * Returns the name of a mirror group: the port, the side, the VLAN class and, for IN, the
     * metadata the classifier matched. Its key adds a generation ({@link GroupIdAllocator}).
     *
     * @param port    source port
     * @param side    OUT or IN
     * @param classId canonical VLAN set of the class, or "all"
     * @param metaIn  metadata matched by the classifier
     * @return group name
     */
    static String groupName(ConnectPoint port, Side side, String classId, long metaIn) {
        return "taas:" + port + ":" + side + ":" + classId + (side == Side.IN ? ":m" + metaIn : "");
    }

    private FlowRule rule(DeviceId device, TrafficSelector selector, TrafficTreatment treatment, int offset) {
        return DefaultFlowRule.builder()
                .forDevice(device)
                .forTable(TABLE)
                .withSelector(selector)
                .withTreatment(treatment)
                .withPriority(priorityBase + offset)
                .fromApp(appId)
                .makePermanent()
                .build();
    }

    /**
     * Which frames of a source port a classifier selects.
     */
    enum Side {
        /** Frames entering on the port. */
        OUT,
        /** Frames to the MACs of the hosts on the port. */
        IN
    }

    // One copy a group makes: out of a port, tagged with a transport VLAN for a remote tap
    // port, or through a tunnel port to a remote IP with a key.
    private static final class Copy implements Comparable<Copy> {
        private final PortNumber out;
        private final Integer vlan;
        private final Ip4Address tunnelDst;
        private final long key;

        private Copy(PortNumber out, Integer vlan, Ip4Address tunnelDst, long key) {
            this.out = out;
            this.vlan = vlan;
            this.tunnelDst = tunnelDst;
            this.key = key;
        }

        static Copy port(PortNumber out, Integer vlan) {
            return new Copy(out, vlan, null, 0);
        }

        static Copy tunnel(PortNumber out, Ip4Address dst, long key) {
            return new Copy(out, null, dst, key);
        }

        @Override
        public int compareTo(Copy o) {
            int c = Long.compare(out.toLong(), o.out.toLong());
            if (c == 0) {
                c = Integer.compare(vlan == null ? -1 : vlan, o.vlan == null ? -1 : o.vlan);
            }
            if (c == 0) {
                c = Long.compare(tunnelDst == null ? -1 : tunnelDst.toInt() & 0xFFFFFFFFL,
                                 o.tunnelDst == null ? -1 : o.tunnelDst.toInt() & 0xFFFFFFFFL);
            }
            return c != 0 ? c : Long.compare(key, o.key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Copy && compareTo((Copy) o) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(out, vlan, tunnelDst, key);
        }

        @Override
        public String toString() {
            return tunnelDst != null ? out + "/" + tunnelDst + "/key" + key
                    : vlan == null ? out.toString() : out + "/vlan" + vlan;
        }
    }

    // One tap flow's contribution to a side: its filter (null = every frame) and the copy each
    // side makes (the same but for a tunnel's key).
    private static final class Member {
        private final VlanFilter filter;
        private final Copy outCopy;
        private final Copy inCopy;

        private Member(VlanFilter filter, Copy copy) {
            this(filter, copy, copy);
        }

        private Member(VlanFilter filter, Copy outCopy, Copy inCopy) {
            this.filter = filter;
            this.outCopy = outCopy;
            this.inCopy = inCopy;
        }

        Copy copy(Side side) {
            return side == Side.OUT ? outCopy : inCopy;
        }
    }
}

package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableMap;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapTunnel;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attributes the counters of the application's mirror group buckets and of the rules that
 * deliver remote copies to tap services and tap flows. Pure: counters and taps in, statistics
 * out.
 * <ul>
 * <li>A group's name says its source port, side (OUT / IN) and VLAN class
 * ({@link TapFlowCompiler#groupName}); each copy bucket outputs to a tap port on the same
 * device, or pushes a tap service's transport VLAN and outputs towards it.</li>
 * <li>A tap service counts the buckets that output to its tap port (local copies) and the
 * rules that pop its transport VLAN and output to its tap port (remote copies, last hop).</li>
 * <li>A tap flow counts the buckets that copy its frames: groups of its source port and of a
 * side its direction includes, whose class its VLAN filter reaches, and whose copy goes to
 * its tap service. A bucket that also copies for another tap flow (same source, side and
 * service, e.g. an unfiltered flow and a filtered one) is counted whole for each, and each
 * names the others in sharedWith: the switch counts their frames together.</li>
 * </ul>
 */
final class TapStatsCalculator {

    private static final String ALL_VLANS = "all";
    private static final Pattern NAME = Pattern.compile("^taas:(.+):(OUT|IN):([^:]+?)(?::m(\\d+))?$");

    private TapStatsCalculator() {
    }

    /**
     * Counters of one group bucket or rule: packets and bytes, the time of their sample, and
     * the rate between their last two samples.
     */
    static final class Counter {
        final long packets;
        final long bytes;
        final Long time;
        final Double packetsPerSecond;
        final Double bitsPerSecond;

        /**
         * Creates counters.
         *
         * @param packets          packets
         * @param bytes            bytes
         * @param time             sample time in ms since the epoch, or null if not sampled yet
         * @param packetsPerSecond rate, or null if not known
         * @param bitsPerSecond    rate, or null if not known
         */
        Counter(long packets, long bytes, Long time, Double packetsPerSecond, Double bitsPerSecond) {
            this.packets = packets;
            this.bytes = bytes;
            this.time = time;
            this.packetsPerSecond = packetsPerSecond;
            this.bitsPerSecond = bitsPerSecond;
        }
    }

    /** A copy bucket of a mirror group: where it outputs, the VLAN it pushes (or null). */
    static final class Bucket {
        final PortNumber out;
        final Integer vlan;
        final String tunnel;
        final Counter counter;

        Bucket(PortNumber out, Integer vlan, Counter counter) {
            this(out, vlan, null, counter);
        }

        Bucket(PortNumber out, Integer vlan, String tunnel, Counter counter) {
            this.out = out;
            this.vlan = vlan;
            this.tunnel = tunnel;
            this.counter = counter;
        }
    }

    /** A mirror group: its device, its name (key without generation) and its copy buckets. */
    static final class Group {
        final DeviceId device;
        final String name;
        final List<Bucket> buckets;

        Group(DeviceId device, String name, List<Bucket> buckets) {
            this.device = device;
            this.name = name;
            this.buckets = List.copyOf(buckets);
        }
    }

    /** A rule delivering remote copies: pops transport VLAN {@code vlan}, outputs to {@code out}. */
    static final class LastHop {
        final DeviceId device;
        final PortNumber out;
        final int vlan;
        final Counter counter;

        LastHop(DeviceId device, PortNumber out, int vlan, Counter counter) {
            this.device = device;
            this.out = out;
            this.vlan = vlan;
            this.counter = counter;
        }
    }

    /** What a source port copies to one tap service. */
    static final class SourceKey {
        final ConnectPoint source;
        final TapServiceId service;

        SourceKey(ConnectPoint source, TapServiceId service) {
            this.source = source;
            this.service = service;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SourceKey && ((SourceKey) o).source.equals(source)
                    && ((SourceKey) o).service.equals(service);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, service);
        }
    }

    /** Statistics of every tap service, tap flow and (source port, tap service) pair. */
    static final class Result {
        final Map<TapServiceId, TapStats> services;
        final Map<TapFlowId, TapStats> flows;
        final Map<SourceKey, TapStats> sources;

        Result(Map<TapServiceId, TapStats> services, Map<TapFlowId, TapStats> flows,
               Map<SourceKey, TapStats> sources) {
            this.services = ImmutableMap.copyOf(services);
            this.flows = ImmutableMap.copyOf(flows);
            this.sources = ImmutableMap.copyOf(sources);
        }

        static Result empty() {
            return new Result(Map.of(), Map.of(), Map.of());
        }
    }

    /** A parsed group name. */
    static final class GroupName {
        final ConnectPoint port;
        final TapFlowCompiler.Side side;
        /** VLAN ids of the class, or null for the class of every other frame. */
        final VlanFilter vlans;

        private GroupName(ConnectPoint port, TapFlowCompiler.Side side, VlanFilter vlans) {
            this.port = port;
            this.side = side;
            this.vlans = vlans;
        }

        /**
         * Parses a mirror group's name, {@code taas:<port>:<OUT|IN>:<class>[:m<metadata>]}.
         *
         * @param name group name (key without generation)
         * @return parsed name, or null if it is no mirror group's name
         */
        static GroupName parse(String name) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                return null;
            }
            try {
                ConnectPoint port = ConnectPoint.deviceConnectPoint(m.group(1));
                VlanFilter vlans = m.group(3).equals(ALL_VLANS) ? null : VlanFilter.parse(m.group(3));
                return new GroupName(port, TapFlowCompiler.Side.valueOf(m.group(2)), vlans);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * Identifies a tunnel copy in the counters: the collector's address and the key.
     *
     * @param remoteIp tunnel destination
     * @param key      GRE key or ERSPAN session id
     * @return identifier
     */
    static String tunnelCopy(Object remoteIp, long key) {
        return remoteIp + "/" + key;
    }

    /**
     * Computes the statistics.
     *
     * @param services tap services
     * @param flows    tap flows
     * @param groups   the application's mirror groups with their copy buckets' counters
     * @param lastHops the application's last-hop rules with their counters
     * @param now      time of the computation (the sample time of an object nothing copies for)
     * @return statistics by object
     */
    static Result compute(Collection<TapService> services, Collection<TapFlow> flows,
                          Collection<Group> groups, Collection<LastHop> lastHops, Instant now) {
        Map<ConnectPoint, TapService> byPort = new HashMap<>();
        Map<Integer, TapService> byVlan = new HashMap<>();
        Map<String, TapService> byTunnel = new HashMap<>();
        for (TapService s : services) {
            if (s.isTunnel()) {
                TapTunnel t = s.tunnel().get();
                byTunnel.put(tunnelCopy(t.remoteIp(), t.inKey()), s);
                byTunnel.put(tunnelCopy(t.remoteIp(), t.outKey()), s);
                continue;
            }
            byPort.put(s.port(), s);
            s.transportVlan().ifPresent(v -> byVlan.put(v, s));
        }
        Map<ConnectPoint, List<TapFlow>> bySource = new HashMap<>();
        for (TapFlow f : flows) {
            bySource.computeIfAbsent(f.sourcePort(), k -> new ArrayList<>()).add(f);
        }

        // VLAN ids that have a class of their own, per source port and side
        List<GroupName> names = new ArrayList<>();
        Map<String, Set<Integer>> classified = new HashMap<>();
        for (Group g : groups) {
            GroupName n = GroupName.parse(g.name);
            names.add(n);
            if (n != null && n.vlans != null) {
                classified.computeIfAbsent(n.port + "/" + n.side, k -> new HashSet<>()).addAll(n.vlans.vlanIds());
            }
        }

        Map<TapServiceId, List<Counter>> serviceCounters = new HashMap<>();
        Map<TapFlowId, List<Counter>> flowCounters = new HashMap<>();
        Map<TapFlowId, Set<TapFlowId>> shared = new HashMap<>();
        Map<SourceKey, List<Counter>> sourceCounters = new HashMap<>();
        int i = 0;
        for (Group g : groups) {
            GroupName n = names.get(i++);
            if (n == null || !n.port.deviceId().equals(g.device)) {
                continue;
            }
            Set<Integer> ownClasses = classified.getOrDefault(n.port + "/" + n.side, Set.of());
            for (Bucket b : g.buckets) {
                TapService s = b.tunnel != null ? byTunnel.get(b.tunnel)
                        : b.vlan == null ? byPort.get(new ConnectPoint(g.device, b.out)) : byVlan.get(b.vlan);
                if (s == null) {
                    continue;
                }
                if (b.vlan == null) {
                    // delivered to the tap port, or sent into the tunnel (what the collector gets
                    // beyond the switch is not counted anywhere)
                    serviceCounters.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(b.counter);
                }
                sourceCounters.computeIfAbsent(new SourceKey(n.port, s.id()), k -> new ArrayList<>())
                        .add(b.counter);
                List<TapFlow> served = new ArrayList<>();
                for (TapFlow f : bySource.getOrDefault(n.port, List.of())) {
                    if (f.tapServiceId().equals(s.id()) && includes(f, n.side) && reaches(f, n.vlans, ownClasses)) {
                        served.add(f);
                    }
                }
                for (TapFlow f : served) {
                    flowCounters.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(b.counter);
                    Set<TapFlowId> others = shared.computeIfAbsent(f.id(), k -> new LinkedHashSet<>());
                    served.stream().filter(o -> !o.id().equals(f.id())).forEach(o -> others.add(o.id()));
                }
            }
        }
        for (LastHop r : lastHops) {
            TapService s = byPort.get(new ConnectPoint(r.device, r.out));
            if (s != null && s.transportVlan().isPresent() && s.transportVlan().get() == r.vlan) {
                serviceCounters.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(r.counter);
            }
        }

        Map<TapFlowId, TapStats> flowStats = new HashMap<>();
        Map<TapServiceId, Boolean> serviceExpects = new HashMap<>();
        for (TapFlow f : flows) {
            boolean expected = expectsCounters(f.status());
            if (expected) {
                serviceExpects.put(f.tapServiceId(), true);
            }
            flowStats.put(f.id(), aggregate(flowCounters.get(f.id()), shared.get(f.id()), expected, now));
        }
        Map<TapServiceId, TapStats> serviceStats = new HashMap<>();
        for (TapService s : services) {
            serviceStats.put(s.id(), aggregate(serviceCounters.get(s.id()), null,
                                               serviceExpects.getOrDefault(s.id(), false), now));
        }
        Map<SourceKey, TapStats> sourceStats = new HashMap<>();
        sourceCounters.forEach((k, c) -> sourceStats.put(k, aggregate(c, null, false, now)));
        for (TapFlow f : flows) {
            // without counters: not sampled yet if a flow's rules are (being) installed, else idle
            SourceKey k = new SourceKey(f.sourcePort(), f.tapServiceId());
            if (sourceCounters.containsKey(k)) {
                continue;
            }
            if (expectsCounters(f.status())) {
                sourceStats.put(k, TapStats.notSampled());
            } else {
                sourceStats.putIfAbsent(k, TapStats.idle(now));
            }
        }
        return new Result(serviceStats, flowStats, sourceStats);
    }

    // A flow whose rules are (being) installed has counters, even if none was sampled yet.
    private static boolean expectsCounters(TapStatus status) {
        return status.state() == TapStatus.State.ACTIVE || status.state() == TapStatus.State.BUILD;
    }

    private static boolean includes(TapFlow f, TapFlowCompiler.Side side) {
        return side == TapFlowCompiler.Side.OUT ? f.direction().includesOut() : f.direction().includesIn();
    }

    // Whether some frame a flow selects falls into a group's class: a VLAN class reached by
    // the flow's filter, or the class of every other frame (ids without a class of their own).
    private static boolean reaches(TapFlow f, VlanFilter classVlans, Set<Integer> ownClasses) {
        if (f.vlanFilter().isEmpty()) {
            return true;
        }
        VlanFilter filter = f.vlanFilter().get();
        if (classVlans != null) {
            return classVlans.vlanIds().stream().anyMatch(filter::contains);
        }
        return filter.vlanIds().stream().anyMatch(v -> !ownClasses.contains(v));
    }

    /**
     * Sums counters into statistics: packets and bytes add up; the sample time is the oldest
     * (unknown if any is); the rate is the sum of the rates (unknown if any is). Without
     * counters: not sampled if some are expected, else zero as of now.
     *
     * @param counters   counters, or null
     * @param sharedWith flows the figure is shared with, or null
     * @param expected   whether counters should exist (rules installed or being installed)
     * @param now        time of the computation
     * @return statistics
     */
    static TapStats aggregate(List<Counter> counters, Set<TapFlowId> sharedWith, boolean expected, Instant now) {
        if (counters == null || counters.isEmpty()) {
            return expected ? TapStats.notSampled() : TapStats.idle(now);
        }
        long packets = 0;
        long bytes = 0;
        Long oldest = null;
        boolean timeKnown = true;
        Double pps = 0.0;
        Double bps = 0.0;
        for (Counter c : counters) {
            packets += c.packets;
            bytes += c.bytes;
            if (c.time == null) {
                timeKnown = false;
            } else if (oldest == null || c.time < oldest) {
                oldest = c.time;
            }
            pps = pps == null || c.packetsPerSecond == null ? null : pps + c.packetsPerSecond;
            bps = bps == null || c.bitsPerSecond == null ? null : bps + c.bitsPerSecond;
        }
        return TapStats.of(packets, bytes, pps, bps, timeKnown ? Instant.ofEpochMilli(oldest) : null, sharedWith);
    }
}

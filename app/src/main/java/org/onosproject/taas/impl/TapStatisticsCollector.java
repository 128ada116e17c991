package org.onosproject.taas.impl;

import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.VlanIdCriterion;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.flow.instructions.L2ModificationInstruction;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupBucket;
import org.onosproject.net.group.GroupEvent;
import org.onosproject.net.group.GroupKey;
import org.onosproject.net.group.GroupListener;
import org.onosproject.net.group.GroupService;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.onlab.util.Tools.groupedThreads;
import static org.slf4j.LoggerFactory.getLogger;

/**
 * Collects the counters of the application's mirror groups and last-hop rules and attributes
 * them to tap services and tap flows ({@link TapStatsCalculator}).
 * <p>
 * The counters are those the controller polled from the switches: ONOS's group provider
 * reads groups and their buckets every 10 s, and the group store then posts GROUP_UPDATED (or
 * GROUP_ADDED) for each group, on every instance; the time of that event is the time of the
 * group's sample. Rules are read every second from FlowRuleService (ONOS polls them every
 * 5 s); the time of their sample is their {@code lastSeen}. Only the last-hop rules of remote
 * tap services count (they deliver remote copies to the tap port); the other counters are
 * those of group buckets. Each instance keeps the last two samples of every counter in
 * memory for the rates, and recomputes the statistics every second.
 */
@Component(immediate = true, service = TaasStatsService.class)
public class TapStatisticsCollector implements TaasStatsService {

    /** How often the statistics are recomputed, in ms. */
    static final long REFRESH_MS = 1000;
    /** A group without a new sample for this long is looked up again (gone, or its device away). */
    static final long STALE_MS = 30_000;

    private static final Set<FlowEntry.FlowEntryState> GONE = EnumSet.of(
            FlowEntry.FlowEntryState.PENDING_REMOVE, FlowEntry.FlowEntryState.REMOVED,
            FlowEntry.FlowEntryState.FAILED);

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected TaasService taasService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected DeviceService deviceService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected FlowRuleService flowRuleService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected GroupService groupService;

    /** Clock of the computations (ms since the epoch); tests replace it. */
    LongSupplier clock = System::currentTimeMillis;

    private ApplicationId appId;
    private final Map<GroupRef, GroupSample> groups = new ConcurrentHashMap<>();
    private final CounterHistory history = new CounterHistory();
    private final GroupListener groupListener = this::onGroupEvent;
    private volatile TapStatsCalculator.Result result = TapStatsCalculator.Result.empty();
    private ScheduledExecutorService timer;

    @Activate
    protected void activate() {
        appId = coreService.registerApplication(TaasManager.APP_NAME);
        groupService.addListener(groupListener);
        for (Device d : deviceService.getDevices()) {
            for (Group g : groupService.getGroups(d.id(), appId)) {
                remember(g, null);
            }
        }
        timer = Executors.newSingleThreadScheduledExecutor(groupedThreads("onos/taas", "stats", log));
        timer.scheduleWithFixedDelay(this::refreshSafely, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
        log.info("Started");
    }

    @Deactivate
    protected void deactivate() {
        groupService.removeListener(groupListener);
        if (timer != null) {
            timer.shutdownNow();
        }
        groups.clear();
        result = TapStatsCalculator.Result.empty();
        log.info("Stopped");
    }

    @Override
    public TapStats tapServiceStats(TapServiceId id) {
        return result.services.getOrDefault(id, TapStats.notSampled());
    }

    @Override
    public TapStats tapFlowStats(TapFlowId id) {
        return result.flows.getOrDefault(id, TapStats.notSampled());
    }

    @Override
    public TapStats sourceStats(ConnectPoint source, TapServiceId service) {
        TapStats s = result.sources.get(new TapStatsCalculator.SourceKey(source, service));
        return s != null ? s : TapStats.idle(Instant.ofEpochMilli(clock.getAsLong()));
    }

    // ---- group samples, from the group store's events

    private void onGroupEvent(GroupEvent e) {
        Group g = e.subject();
        if (g == null || !Objects.equals(appId, g.appId())) {
            return;
        }
        switch (e.type()) {
            case GROUP_ADDED:
            case GROUP_UPDATED:
                remember(g, e.time());
                break;
            case GROUP_REMOVED:
                groups.remove(new GroupRef(g.deviceId(), g.appCookie()));
                break;
            default:
                break;
        }
    }

    // The tunnel destination a Nicira set-tunnel-destination extension sets, or null.
    private static Object tunnelDst(ExtensionTreatment e) {
        if (!e.type().equals(ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_SET_TUNNEL_DST.type())) {
            return null;
        }
        try {
            return e.getPropertyValue("tunnelDst");
        } catch (Exception ex) {
            return null;
        }
    }

    // Copies what the counters of a group's copy buckets are now; time null = not a new sample.
    private void remember(Group g, Long time) {
        if (g.appCookie() == null) {
            return;
        }
        List<BucketSample> copies = new ArrayList<>();
        for (GroupBucket b : g.buckets().buckets()) {
            PortNumber out = null;
            Integer vlan = null;
            boolean pushed = false;
            Object tunnelDst = null;
            Long tunnelKey = null;
            for (Instruction i : b.treatment().allInstructions()) {
                if (i.type() == Instruction.Type.OUTPUT) {
                    out = ((Instructions.OutputInstruction) i).port();
                } else if (i instanceof Instructions.ExtensionInstructionWrapper) {
                    tunnelDst = tunnelDst(((Instructions.ExtensionInstructionWrapper) i).extensionInstruction());
                } else if (i instanceof L2ModificationInstruction) {
                    L2ModificationInstruction l2 = (L2ModificationInstruction) i;
                    if (l2.subtype() == L2ModificationInstruction.L2SubType.TUNNEL_ID) {
                        tunnelKey = ((L2ModificationInstruction.ModTunnelIdInstruction) l2).tunnelId();
                    } else if (l2.subtype() == L2ModificationInstruction.L2SubType.VLAN_PUSH) {
                        pushed = true;
                    } else if (l2.subtype() == L2ModificationInstruction.L2SubType.VLAN_ID) {
                        vlan = (int) ((L2ModificationInstruction.ModVlanIdInstruction) l2).vlanId().toShort();
                    }
                }
            }
            if (out != null) {
                String tunnel = tunnelDst != null && tunnelKey != null
                        ? TapStatsCalculator.tunnelCopy(tunnelDst, tunnelKey) : null;
                copies.add(new BucketSample(out, pushed ? vlan : null, tunnel, b.packets(), b.bytes()));
            }
        }
        GroupRef ref = new GroupRef(g.deviceId(), g.appCookie());
        GroupSample before = groups.get(ref);
        Long when = time != null ? time : before != null ? before.time : null;
        groups.put(ref, new GroupSample(DeviceGroupIds.nameOf(g.appCookie()), copies, when, clock.getAsLong()));
    }

    // ---- the computation, every second

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Computing tap statistics failed", e);
        }
    }

    /**
     * Reads the counters, records their samples and recomputes every statistic.
     */
    synchronized void refresh() {
        long now = clock.getAsLong();
        Collection<TapService> services = taasService.getTapServices();
        Collection<TapFlow> flows = taasService.getTapFlows();
        lookUpStaleGroups(now);

        Set<String> keys = new HashSet<>();
        List<TapStatsCalculator.Group> counted = new ArrayList<>();
        groups.forEach((ref, sample) -> {
            List<TapStatsCalculator.Bucket> buckets = new ArrayList<>();
            for (BucketSample b : sample.copies) {
                String key = ref.device + "|" + ref.text() + "|" + b.out + "/" + b.vlan
                        + (b.tunnel == null ? "" : "/" + b.tunnel);
                keys.add(key);
                buckets.add(new TapStatsCalculator.Bucket(b.out, b.vlan, b.tunnel,
                        history.record(key, b.packets, b.bytes, sample.time)));
            }
            counted.add(new TapStatsCalculator.Group(ref.device, sample.name, buckets));
        });

        List<TapStatsCalculator.LastHop> lastHops = new ArrayList<>();
        Map<DeviceId, List<FlowEntry>> entries = new HashMap<>();
        for (TapService s : services) {
            if (s.transportVlan().isEmpty()) {
                continue;
            }
            DeviceId d = s.port().deviceId();
            for (FlowEntry e : entries.computeIfAbsent(d, this::ourEntries)) {
                TapStatsCalculator.LastHop hop = lastHop(e, s);
                if (hop != null) {
                    String key = d + "|" + e.id();
                    keys.add(key);
                    lastHops.add(new TapStatsCalculator.LastHop(d, hop.out, hop.vlan,
                            history.record(key, e.packets(), e.bytes(), e.lastSeen())));
                }
            }
        }
        history.retain(keys);
        result = TapStatsCalculator.compute(services, flows, counted, lastHops, Instant.ofEpochMilli(now));
    }

    // A group without a sample for a while is gone (its removal event was missed, e.g. its
    // device was purged) or its device is away: ask the group store.
    private void lookUpStaleGroups(long now) {
        for (Map.Entry<GroupRef, GroupSample> e : List.copyOf(groups.entrySet())) {
            GroupSample s = e.getValue();
            long last = Math.max(s.time == null ? 0 : s.time, s.seen);
            if (now - last < STALE_MS) {
                continue;
            }
            Group g = groupService.getGroup(e.getKey().device, e.getKey().key);
            if (g == null) {
                groups.remove(e.getKey(), s);
            } else {
                remember(g, null);
            }
        }
    }

    private List<FlowEntry> ourEntries(DeviceId d) {
        List<FlowEntry> ours = new ArrayList<>();
        for (FlowEntry e : flowRuleService.getFlowEntries(d)) {
            if (e.appId() == appId.id() && !GONE.contains(e.state())) {
                ours.add(e);
            }
        }
        return ours;
    }

    // The rule delivering a tap service's remote copies: in_port=LINK, vlan_vid=T -> pop_vlan,
    // output:TAP (TapFlowCompiler.compileTransport on the tap device); null for any other.
    static TapStatsCalculator.LastHop lastHop(FlowEntry e, TapService s) {
        Criterion vid = e.selector().getCriterion(Criterion.Type.VLAN_VID);
        if (vid == null || e.selector().getCriterion(Criterion.Type.IN_PORT) == null) {
            return null;
        }
        boolean pop = false;
        PortNumber out = null;
        for (Instruction i : e.treatment().allInstructions()) {
            if (i.type() == Instruction.Type.OUTPUT) {
                out = ((Instructions.OutputInstruction) i).port();
            } else if (i instanceof L2ModificationInstruction
                    && ((L2ModificationInstruction) i).subtype() == L2ModificationInstruction.L2SubType.VLAN_POP) {
                pop = true;
            }
        }
        int vlan = ((VlanIdCriterion) vid).vlanId().toShort();
        if (!pop || out == null || !new ConnectPoint(e.deviceId(), out).equals(s.port())
                || s.transportVlan().isEmpty() || s.transportVlan().get() != vlan) {
            return null;
        }
        return new TapStatsCalculator.LastHop(e.deviceId(), out, vlan, null);
    }

    /**
     * Returns how many counters have samples remembered; for tests.
     *
     * @return count
     */
    int remembered() {
        return history.size();
    }

    private static final class GroupRef {
        private final DeviceId device;
        private final GroupKey key;

        private GroupRef(DeviceId device, GroupKey key) {
            this.device = device;
            this.key = key;
        }

        private String text() {
            return new String(key.key(), java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GroupRef && ((GroupRef) o).device.equals(device) && ((GroupRef) o).key.equals(key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(device, key);
        }
    }

    private static final class GroupSample {
        private final String name;
        private final List<BucketSample> copies;
        private final Long time;
        private final long seen;

        private GroupSample(String name, List<BucketSample> copies, Long time, long seen) {
            this.name = name;
            this.copies = List.copyOf(copies);
            this.time = time;
            this.seen = seen;
        }
    }

    private static final class BucketSample {
        private final PortNumber out;
        private final Integer vlan;
        private final String tunnel;
        private final long packets;
        private final long bytes;

        private BucketSample(PortNumber out, Integer vlan, String tunnel, long packets, long bytes) {
            this.out = out;
            this.vlan = vlan;
            this.tunnel = tunnel;
            this.packets = packets;
            this.bytes = bytes;
        }
    }
}

package org.onosproject.taas.impl;

import org.onosproject.cluster.ClusterService;
import org.onosproject.cluster.ControllerNode;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.mastership.MastershipInfo;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.VlanIdCriterion;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.flow.instructions.L2ModificationInstruction;
import org.onosproject.net.group.Group;
import org.onosproject.core.GroupId;
import org.onosproject.net.group.DefaultGroup;
import org.onosproject.net.group.GroupBucket;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupKey;
import org.onosproject.net.group.GroupService;
import org.onosproject.taas.api.TaasStore;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.TransportHop;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * The engine's worker-thread half: compiles dirty ports, devices and transport trees, compares
 * them with what this instance installed (or, for a device, with what FlowRuleService and
 * GroupService report), applies the difference and writes statuses once the switch confirms.
 * Only the master of a device programs it. Not thread-safe: {@link TapProgrammer} calls it
 * from its single worker thread only, except for the two owner lookups.
 */
final class MirrorReconciler {

    /**
     * What the reconciler asks of the programmer: marking work and running on the worker.
     */
    interface Scheduler {
        /**
         * Marks a port dirty.
         *
         * @param cp port
         */
        void markPort(ConnectPoint cp);

        /**
         * Marks a device dirty.
         *
         * @param id device
         */
        void markDevice(DeviceId id);

        /**
         * Runs a mark later, counting it as pending work.
         *
         * @param mark    what to mark
         * @param delayMs delay
         */
        void retryLater(Runnable mark, long delayMs);

        /**
         * Runs a task on the worker thread.
         *
         * @param task task
         */
        void runOnWorker(Runnable task);
    }

    private static final long RETRY_MIN_MS = 500;
    // Owner of the transport VLAN drop rules kept after their tree went.
    private static final String LINGERING = "transport VLAN drop kept for copies on their way";
    static final long RETRY_MAX_MS = 30_000;
    // longer than ONOS's OpenFlow provider waits for a batch's barrier before failing it
    private static final long BATCH_ANSWER_MS = 30_000;

    private final Logger log = getLogger(getClass());

    private final ApplicationId appId;
    private final TaasStore store;
    private final DeviceService deviceService;
    private final FlowRuleService flowRuleService;
    private final GroupService groupService;
    private final MastershipService mastershipService;
    private final ClusterService clusterService;
    private final NetworkReader network;
    private final TapStatusWriter statuses;
    private final Scheduler scheduler;
    private volatile TapFlowCompiler compiler;

    // What this instance installed, per device and port / transport tree.
    private final Map<DeviceId, Map<ConnectPoint, CompiledPort>> ledger = new HashMap<>();
    private final Map<DeviceId, Map<TapServiceId, List<FlowRule>>> treeLedger = new HashMap<>();
    private final Map<TapServiceId, CompiledTree> trees = new HashMap<>();
    private final Map<DeviceId, DeviceGroupIds> groupIds = new HashMap<>();
    private final Map<GroupKey, ConnectPoint> groupOwner = new ConcurrentHashMap<>();
    private final Map<RuleDiff.RuleKey, Object> ruleOwner = new ConcurrentHashMap<>();
    private final Map<ConnectPoint, Long> rulesPending = new HashMap<>();
    private final Map<DeviceId, Long> retryDelay = new HashMap<>();
    // Per device, the batch that last carried each tree's rules, until the switch answers it.
    private final Map<DeviceId, Map<TapServiceId, Long>> treesPending = new HashMap<>();
    // Devices with transport VLAN drop rules no tree wants, kept while a source may still
    // send copies with their VLAN; read by the programmer's listener.
    private final Set<DeviceId> lingering = ConcurrentHashMap.newKeySet();
    private final Set<DeviceId> reconnected = ConcurrentHashMap.newKeySet();
    // devices whose last batch was refused: every rule is sent again, as an add
    private final Set<DeviceId> resend = ConcurrentHashMap.newKeySet();
    // the highest mastership term seen per device while it had a master
    private final Map<DeviceId, Long> lastTerms = new ConcurrentHashMap<>();
    // rule batches sent and not yet answered, by device: generation -> time sent
    private final Map<DeviceId, Map<Long, Long>> batchesInFlight = new HashMap<>();
    private final List<GroupRemoval> groupRemovals = new ArrayList<>();
    // Group adds ONOS holds back, by device: after a connection it queues a device's group adds
    // until its first group audit and lists them nowhere until then
    private final Map<DeviceId, Map<GroupKey, GroupDescription>> heldGroupAdds = new HashMap<>();
    private long generation;

    MirrorReconciler(ApplicationId appId, TaasStore store, DeviceService deviceService,
                     FlowRuleService flowRuleService, GroupService groupService,
                     MastershipService mastershipService, ClusterService clusterService,
                     NetworkReader network, TapStatusWriter statuses, Scheduler scheduler,
                     TapFlowCompiler compiler) {
        this.appId = appId;
        this.store = store;
        this.deviceService = deviceService;
        this.flowRuleService = flowRuleService;
        this.groupService = groupService;
        this.mastershipService = mastershipService;
        this.clusterService = clusterService;
        this.network = network;
        this.statuses = statuses;
        this.scheduler = scheduler;
        this.compiler = compiler;
    }

    /**
     * Uses another compiler from now on (configuration changed).
     *
     * @param newCompiler compiler
     */
    void setCompiler(TapFlowCompiler newCompiler) {
        this.compiler = newCompiler;
    }

    /**
     * Returns the port that owns a group of the application, or null.
     *
     * @param key group key
     * @return owning port or null
     */
    ConnectPoint groupOwner(GroupKey key) {
        return groupOwner.get(key);
    }

    /**
     * Returns true if a rule with this identity is still wanted.
     *
     * @param rule flow rule
     * @return true if owned
     */
    boolean ownsRule(FlowRule rule) {
        return ruleOwner.containsKey(new RuleDiff.RuleKey(rule));
    }

    /**
     * Returns the tap services whose transport tree is known.
     *
     * @return ids
     */
    Set<TapServiceId> treeIds() {
        return new HashSet<>(trees.keySet());
    }

    /**
     * Notes that a device (re)connected: the next time it is read back, its groups are made
     * anew under fresh keys and every rule is sent again, with a barrier, so its taps are
     * exact within one round trip whatever ONOS re-pushes from its stores and when (its group
     * audit runs on the group poll; a rule re-pushed before its group fails with BAD_OUT_GROUP).
     *
     * @param d device
     */
    void reconnected(DeviceId d) {
        reconnected.add(d);
    }

    /**
     * Forgets everything (the rules and groups were removed).
     */
    void clear() {
        ledger.clear();
        treeLedger.clear();
        trees.clear();
        groupIds.clear();
        groupOwner.clear();
        ruleOwner.clear();
        rulesPending.clear();
        batchesInFlight.clear();
        groupRemovals.clear();
        heldGroupAdds.clear();
        treesPending.clear();
        lingering.clear();
    }

    /**
     * Returns the devices that keep transport VLAN drop rules of trees that went, while
     * sources may still send copies with them.
     *
     * @return device ids
     */
    Set<DeviceId> lingeringDevices() {
        return new HashSet<>(lingering);
    }

    boolean mayProgram(DeviceId d) {
        return deviceService.isAvailable(d) && mastershipService.isLocalMaster(d);
    }

    // The master reports statuses; for a device without master, the lowest active instance does.
    private boolean mayReport(DeviceId d) {
        if (mastershipService.isLocalMaster(d)) {
            return true;
        }
        if (mastershipService.getMasterFor(d) != null) {
            return false;
        }
        ControllerNode local = clusterService.getLocalNode();
        NodeId lowest = clusterService.getNodes().stream().map(ControllerNode::id)
                .filter(id -> clusterService.getState(id).isActive())
                .min(Comparator.comparing(NodeId::toString)).orElse(null);
        return local != null && (lowest == null || lowest.equals(local.id()));
    }

    // Ports that matter, by device: tap flow sources and tap ports (one pass over the store).
    Map<DeviceId, Set<ConnectPoint>> portsByDevice() {
        Map<DeviceId, Set<ConnectPoint>> ports = new HashMap<>();
        store.getTapFlows().forEach(f -> ports.computeIfAbsent(f.sourcePort().deviceId(), k -> new HashSet<>())
                .add(f.sourcePort()));
        store.getTapServices().stream().filter(s -> !s.isTunnel())
                .forEach(s -> ports.computeIfAbsent(s.port().deviceId(), k -> new HashSet<>()).add(s.port()));
        return ports;
    }

    private void reconcileDevice(DeviceId d) {
        reconcileDevice(d, portsByDevice().getOrDefault(d, Set.of()));
    }

    // Compares everything wanted on a device with everything the app has installed there.
    void reconcileDevice(DeviceId d, Set<ConnectPoint> tapPorts) {
        // note the device's mastership term while it has a master (see reportTerm)
        reportTerm(d, false);
        Set<ConnectPoint> ports = new HashSet<>(tapPorts);
        ports.addAll(ledger.getOrDefault(d, Map.of()).keySet());
        if (!mayProgram(d)) {
            forget(d);
            heldGroupAdds.remove(d);
            if (mastershipService.isLocalMaster(d)) {
                // unavailable: its rules may be gone when it comes back
                withdrawReports(d, Map.of(), true);
            }
            if (mayReport(d)) {
                // nobody programs the device: what would be ACTIVE is DOWN until it is connected
                // again and a master appears
                DeviceGroupIds scratch = new DeviceGroupIds();
                TapStatus noMaster = TapStatus.down(deviceService.isAvailable(d)
                        ? "no ONOS instance is master of device " + d
                        : "device " + d + " is not available");
                long term = reportTerm(d, !mastershipService.isLocalMaster(d));
                for (ConnectPoint p : ports) {
                    CompiledPort c = compiler.compile(network.snapshot(p, this::route), scratch);
                    c.flowStatus().forEach((id, st) -> statuses.writeFlow(id,
                            st.state() == TapStatus.State.ACTIVE ? noMaster : st, term));
                    TapStatus service = c.serviceStatus();
                    if (service != null) {
                        statuses.writeService(p, service.state() == TapStatus.State.ACTIVE ? noMaster : service, term);
                    }
                }
            }
            return;
        }
        boolean fresh = reconnected.remove(d);
        boolean resendAll = resend.remove(d) | fresh;
        DeviceGroupIds ids = new DeviceGroupIds();
        List<Group> installedGroups = new ArrayList<>();
        Map<GroupKey, GroupDescription> held = heldGroupAdds.getOrDefault(d, new HashMap<>());
        for (Group g : groupService.getGroups(d, appId)) {
            held.remove(g.appCookie());
            boolean live = g.state() != Group.GroupState.PENDING_DELETE;
            // after a reconnection no group keeps its key: each is made again, then the old removed
            ids.reserve(g.appCookie(), g.id().id(), live && !fresh);
            if (live) {
                installedGroups.add(g);
            }
        }
        // a group add ONOS still holds counts as made (the newest of its name), not to be made again
        for (GroupDescription g : held.values()) {
            ids.reserve(g.appCookie(), g.givenGroupId(), !fresh);
            if (!fresh) {
                installedGroups.add(new DefaultGroup(new GroupId(g.givenGroupId()), g));
            }
        }
        List<FlowEntry> installedRules = new ArrayList<>();
        for (FlowEntry r : flowRuleService.getFlowEntries(d)) {
            if (r.appId() == appId.id()) {
                installedRules.add(r);
            }
        }
        forget(d);
        groupIds.put(d, ids);
        Map<ConnectPoint, CompiledPort> wanted = new HashMap<>();
        for (ConnectPoint p : ports) {
            wanted.put(p, compiler.compile(network.snapshot(p, this::route), ids));
        }
        Map<TapServiceId, List<FlowRule>> transport = new HashMap<>();
        for (TapService s : store.getTapServices()) {
            CompiledTree t = treeFor(s.id());
            List<FlowRule> here = t == null ? List.of() : t.rules().getOrDefault(d, List.of());
            if (!here.isEmpty()) {
                transport.put(s.id(), here);
            }
        }
        List<FlowRule> wantedRules = allRules(wanted.values());
        transport.values().forEach(wantedRules::addAll);
        // after a reconnection the switch may have lost its rules: no source sends copies to it
        // until it confirmed them again
        withdrawReports(d, fresh ? Map.of() : transport, true);
        Set<RuleDiff.RuleKey> wantedKeys = new HashSet<>();
        wantedRules.forEach(r -> wantedKeys.add(new RuleDiff.RuleKey(r)));
        List<FlowRule> kept = lingeringDrops(d, installedRules, wantedKeys);
        wantedRules.addAll(kept);
        if (kept.isEmpty()) {
            lingering.remove(d);
        } else {
            lingering.add(d);
        }
        RuleDiff diff = RuleDiff.of(installedRules, installedGroups, wantedRules, allGroups(wanted.values()));
        if (resendAll) {
            // the switch may have lost them (a reconnection) or not have them (a refused batch):
            // send every wanted rule again, under the barrier, as an add (an OpenFlow 1.3 modify
            // of a rule the switch does not have changes nothing, and ONOS sends a modify as
            // OFPFC_MODIFY; ONOS's own re-push waits for its next flow poll)
            diff.modifyRules.clear();
            diff.addRules.clear();
            diff.addRules.addAll(wantedRules);
        }
        ledger.put(d, wanted);
        treeLedger.put(d, transport);
        wanted.values().forEach(this::own);
        transport.forEach((id, rules) -> rules.forEach(r -> ruleOwner.put(new RuleDiff.RuleKey(r), id)));
        kept.forEach(r -> ruleOwner.put(new RuleDiff.RuleKey(r), LINGERING));
        apply(d, diff, wanted.values(), transport.keySet());
    }

    void reconcilePort(ConnectPoint p) {
        DeviceId d = p.deviceId();
        if (!ledger.containsKey(d)) {
            // first time this instance programs the device: read back what it has
            reconcileDevice(d);
            return;
        }
        if (!mayProgram(d)) {
            reconcileDevice(d);
            return;
        }
        Map<ConnectPoint, CompiledPort> ports = ledger.get(d);
        CompiledPort old = ports.get(p);
        CompiledPort now = compiler.compile(network.snapshot(p, this::route), groupIds.get(d));
        List<FlowRule> oldRules = old == null ? List.of() : old.flowRules();
        List<GroupDescription> oldGroups = old == null ? List.of() : old.groups();
        RuleDiff diff = RuleDiff.of(oldRules, oldGroups, now.flowRules(), now.groups());
        if (old != null) {
            disown(old);
        }
        if (now.flowRules().isEmpty() && now.groups().isEmpty() && now.flowStatus().isEmpty()
                && now.serviceStatus() == null) {
            ports.remove(p);
        } else {
            ports.put(p, now);
            own(now);
        }
        apply(d, diff, List.of(now), List.of());
    }

    // Applies a diff to a device; the ports' statuses and the trees' hop reports follow the
    // switch's answer.
    private void apply(DeviceId d, RuleDiff diff, Collection<CompiledPort> ports,
                       Collection<TapServiceId> trees) {
        long term = reportTerm(d, false);
        if (diff.isEmpty()) {
            ports.forEach(p -> confirm(p, term));
            reportHops(d, trees, null);
            if (!batchesInFlight.containsKey(d)) {
                store.setEmittedVlans(d, emittedBy(d));
            }
            return;
        }
        // the transport VLANs the device is about to send are recorded before it may send them
        Set<Integer> recorded = store.getEmittedVlans(d);
        Set<Integer> sending = emittedBy(d);
        if (!recorded.containsAll(sending)) {
            Set<Integer> both = new HashSet<>(recorded);
            both.addAll(sending);
            store.setEmittedVlans(d, both);
        }
        log.debug("Programming {}: {}", d, diff);
        DeviceGroupIds ids = groupIds.get(d);
        if (ids != null) {
            // the name of a group going away gets a new key (and id) when it is wanted again
            diff.removeGroups.forEach(g -> ids.retire(g.appCookie()));
        }
        for (GroupDescription g : diff.addGroups) {
            groupService.addGroup(g);
            if (groupService.getGroup(d, g.appCookie()) == null) {
                // not in ONOS's group store: held until the device's first group audit
                heldGroupAdds.computeIfAbsent(d, k -> new HashMap<>()).put(g.appCookie(), g);
            }
        }
        for (GroupDescription g : diff.modifyGroups) {
            groupService.setBucketsForGroup(d, g.appCookie(), g.buckets(), g.appCookie(), appId);
        }
        long gen = ++generation;
        batchesInFlight.computeIfAbsent(d, k -> new HashMap<>()).put(gen, System.currentTimeMillis());
        for (CompiledPort p : ports) {
            statuses.writeBuild(p, term);
            rulesPending.put(p.port(), gen);
        }
        Map<TapServiceId, Long> pendingTrees = treesPending.computeIfAbsent(d, k -> new HashMap<>());
        trees.forEach(id -> pendingTrees.put(id, gen));
        FlowRuleOperations.Builder ops = FlowRuleOperations.builder();
        diff.addRules.forEach(ops::add);
        // a changed rule is sent as an add, which replaces exactly the rule of its match and
        // priority (counters kept, OpenFlow 1.3): ONOS sends a modify as a non-strict
        // OFPFC_MODIFY, which would also rewrite every rule whose match includes this one's
        // (a source's VLAN classifiers under its all-VLAN one, other applications' rules) and
        // adds nothing the switch lacks
        diff.modifyRules.forEach(ops::add);
        diff.removeRules.forEach(ops::remove);
        if (!diff.changesRules()) {
            // only groups changed: re-send the rules that use them, for the barrier that tells
            // when the switch has the groups (ONOS confirms groups only on its 10 s poll)
            List<FlowRule> users = rulesUsing(diff, ports);
            if (users.isEmpty()) {
                scheduler.runOnWorker(() -> rulesConfirmed(d, diff, ports, trees, gen));
                return;
            }
            users.forEach(ops::add);
        }
        flowRuleService.apply(ops.build(new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations o) {
                scheduler.runOnWorker(() -> rulesConfirmed(d, diff, ports, trees, gen));
            }

            @Override
            public void onError(FlowRuleOperations o) {
                scheduler.runOnWorker(() -> rulesFailed(d, ports, trees, gen));
            }
        }));
    }


    // The rules of the ports that point at a group the diff adds or modifies.
    private static List<FlowRule> rulesUsing(RuleDiff diff, Collection<CompiledPort> ports) {
        Set<Integer> changed = new HashSet<>();
        diff.addGroups.forEach(g -> changed.add(g.givenGroupId()));
        diff.modifyGroups.forEach(g -> changed.add(g.givenGroupId()));
        List<FlowRule> users = new ArrayList<>();
        for (CompiledPort p : ports) {
            for (FlowRule r : p.flowRules()) {
                boolean uses = r.treatment().allInstructions().stream()
                        .anyMatch(i -> i instanceof Instructions.GroupInstruction
                                && changed.contains(((Instructions.GroupInstruction) i).groupId().id()));
                if (uses) {
                    users.add(r);
                }
            }
        }
        return users;
    }

    private void rulesConfirmed(DeviceId d, RuleDiff diff, Collection<CompiledPort> ports,
                                Collection<TapServiceId> trees, long gen) {
        batchDone(d, gen, true);
        if (!batchesInFlight.containsKey(d)) {
            // nothing on its way: the device sends exactly what its groups say
            store.setEmittedVlans(d, emittedBy(d));
        }
        // groups go only after the rules that pointed at them: after this batch and after every
        // other batch still on its way to the device (ONOS sends rules and groups from
        // different threads, so a removal could overtake them; OVS deletes the rules that use a
        // group it deletes)
        if (!diff.removeGroups.isEmpty()) {
            groupRemovals.add(new GroupRemoval(d, diff.removeGroups.stream().map(GroupDescription::appCookie)
                    .collect(Collectors.toList()), batchesInFlight.getOrDefault(d, Map.of()).keySet()));
        }
        removeGroupsNoLongerUsed(d);
        retryDelay.remove(d);
        long term = reportTerm(d, false);
        for (CompiledPort p : ports) {
            if (Objects.equals(rulesPending.get(p.port()), gen)) {
                rulesPending.remove(p.port());
                CompiledPort now = latest(p);
                if (now != null) {
                    confirm(now, term);
                }
            }
        }
        reportHops(d, settled(d, trees, gen), null);
    }

    // A port as last compiled, or null if nothing is wanted on it any more. A batch's answer
    // writes the statuses of this, not of the port the batch was sent for: the port may have
    // been compiled again since with the same rules (a path gone while copies were held), and
    // that empty diff left its statuses to this answer.
    private CompiledPort latest(CompiledPort sent) {
        return ledger.getOrDefault(sent.port().deviceId(), Map.of()).get(sent.port());
    }

    // The transport VLANs the groups this instance wants on a device tag copies with.
    private Set<Integer> emittedBy(DeviceId d) {
        Set<Integer> vlans = new HashSet<>();
        for (CompiledPort p : ledger.getOrDefault(d, Map.of()).values()) {
            for (GroupDescription g : p.groups()) {
                for (GroupBucket b : g.buckets().buckets()) {
                    for (Instruction i : b.treatment().allInstructions()) {
                        if (i instanceof L2ModificationInstruction.ModVlanIdInstruction) {
                            vlans.add((int) ((L2ModificationInstruction.ModVlanIdInstruction) i).vlanId().toShort());
                        }
                    }
                }
            }
        }
        return vlans;
    }

    // Transport VLAN drop rules installed on a device that nothing else wants, to keep while
    // sources still send copies with their VLAN (read from the map itself, if there are any).
    private List<FlowRule> lingeringDrops(DeviceId d, Collection<? extends FlowRule> installed,
                                          Set<RuleDiff.RuleKey> wanted) {
        List<FlowRule> keep = new ArrayList<>();
        Set<Integer> sent = null;
        for (FlowRule r : installed) {
            Criterion c = r.selector().getCriterion(Criterion.Type.VLAN_VID);
            if (c == null || r.selector().criteria().size() != 1) {
                continue;
            }
            int vlan = ((VlanIdCriterion) c).vlanId().toShort();
            FlowRule drop = compiler.transportDrop(d, vlan);
            RuleDiff.RuleKey key = new RuleDiff.RuleKey(drop);
            if (!key.equals(new RuleDiff.RuleKey(r)) || wanted.contains(key)) {
                continue;
            }
            if (sent == null) {
                sent = store.readEmittedVlans();
            }
            if (sent.contains(vlan)) {
                keep.add(drop);
            }
        }
        return keep;
    }

    // The trees whose rules on a device were last sent in the given batch, no longer pending.
    private List<TapServiceId> settled(DeviceId d, Collection<TapServiceId> trees, long gen) {
        Map<TapServiceId, Long> pending = treesPending.getOrDefault(d, Map.of());
        List<TapServiceId> done = new ArrayList<>();
        for (TapServiceId id : trees) {
            if (Objects.equals(pending.get(id), gen)) {
                pending.remove(id);
                done.add(id);
            }
        }
        return done;
    }

    // Withdraws, before any rule goes, the reports on a device that claim rules it will no
    // longer have (wanted: trees with the rules they will have there, every tree of the device
    // or only those given; a device without a transit or last-hop rule reports nothing): a
    // source that starts after this finds them gone (route), and a report comes again once
    // the switch confirmed the new rules.
    private void withdrawReports(DeviceId d, Map<TapServiceId, List<FlowRule>> wanted, boolean everyTree) {
        for (TransportHop h : store.getTransportHops(d)) {
            List<FlowRule> rules = wanted.get(h.tapServiceId());
            if (rules == null && !everyTree) {
                continue;
            }
            if (rules == null || !carries(rules) || !ruleTexts(rules).containsAll(h.rules())) {
                store.removeTransportHop(h.tapServiceId(), d);
            }
        }
    }

    // True if a tree's rules on a device forward copies (not only drop them).
    private static boolean carries(List<FlowRule> rules) {
        return rules.stream().anyMatch(r -> r.selector().getCriterion(Criterion.Type.IN_PORT) != null);
    }

    // Reports the transport rules of trees on a device as confirmed (refusal null) or refused,
    // except those with a batch still on its way and those that only drop copies.
    private void reportHops(DeviceId d, Collection<TapServiceId> trees, String refusal) {
        Map<TapServiceId, List<FlowRule>> here = treeLedger.getOrDefault(d, Map.of());
        Map<TapServiceId, Long> pending = treesPending.getOrDefault(d, Map.of());
        long term = reportTerm(d, false);
        for (TapServiceId id : trees) {
            List<FlowRule> rules = here.get(id);
            if (rules == null || !carries(rules) || pending.containsKey(id)) {
                continue;
            }
            TapStatus st = refusal == null ? TapStatus.active() : TapStatus.error(refusal);
            store.putTransportHop(new TransportHop(id, d, ruleTexts(rules), st.withTerm(term)));
        }
    }

    /**
     * Returns rules as the text hop reports compare: priority, match and actions.
     *
     * @param rules flow rules
     * @return texts
     */
    static Set<String> ruleTexts(Collection<FlowRule> rules) {
        return rules.stream().map(r -> r.priority() + " " + r.selector().criteria() + " "
                + r.treatment().allInstructions()).collect(Collectors.toSet());
    }

    private void rulesFailed(DeviceId d, Collection<CompiledPort> ports, Collection<TapServiceId> trees,
                             long gen) {
        batchDone(d, gen, false);
        removeGroupsNoLongerUsed(d);
        // some of the batch may be on the switch, some not, while ONOS's store holds all of it
        resend.add(d);
        long delay = Math.min(RETRY_MAX_MS, retryDelay.getOrDefault(d, RETRY_MIN_MS / 2) * 2);
        retryDelay.put(d, delay);
        long term = reportTerm(d, false);
        for (CompiledPort sent : ports) {
            CompiledPort p = latest(sent);
            if (p != null && Objects.equals(rulesPending.get(p.port()), gen)) {
                p.flowStatus().forEach((id, st) -> {
                    if (st.state() == TapStatus.State.ACTIVE) {
                        statuses.writeFlow(id, TapStatus.error("switch " + d
                                + " refused the mirror rules; retrying in " + delay + " ms"), term);
                    }
                });
            }
        }
        reportHops(d, settled(d, trees, gen), "switch " + d + " refused the transport rules; retrying in "
                + delay + " ms");
        log.warn("Switch {} refused mirror rules; re-reading it in {} ms", d, delay);
        scheduler.retryLater(() -> scheduler.markDevice(d), delay);
    }


    // A batch was answered; the group removals that waited for it wait no more, or, if it
    // failed (rules may still use the groups), are dropped: the device is read back and its
    // unwanted groups found again.
    private void batchDone(DeviceId d, long gen, boolean ok) {
        Map<Long, Long> inFlight = batchesInFlight.get(d);
        if (inFlight != null) {
            inFlight.remove(gen);
            // a batch unanswered for this long was failed by ONOS (its provider's batch timeout)
            inFlight.values().removeIf(sent -> System.currentTimeMillis() - sent > BATCH_ANSWER_MS);
            if (inFlight.isEmpty()) {
                batchesInFlight.remove(d);
            }
        }
        if (!ok) {
            groupRemovals.removeIf(r -> r.device.equals(d) && r.waitFor.contains(gen));
        }
    }

    private void removeGroupsNoLongerUsed(DeviceId d) {
        Set<Long> inFlight = batchesInFlight.getOrDefault(d, Map.of()).keySet();
        List<GroupRemoval> ready = groupRemovals.stream()
                .filter(r -> r.device.equals(d) && r.waitFor.stream().noneMatch(inFlight::contains))
                .collect(Collectors.toList());
        groupRemovals.removeAll(ready);
        for (GroupRemoval r : ready) {
            for (GroupKey key : r.keys) {
                if (!groupOwner.containsKey(key)) {
                    groupService.removeGroup(d, key, appId);
                }
            }
        }
    }

    // Groups of a device to remove once the batches sent before the decision are answered.
    private static final class GroupRemoval {
        private final DeviceId device;
        private final List<GroupKey> keys;
        private final Set<Long> waitFor;

        private GroupRemoval(DeviceId device, List<GroupKey> keys, Set<Long> waitFor) {
            this.device = device;
            this.keys = keys;
            this.waitFor = Set.copyOf(waitFor);
        }
    }

    // Writes the compiled statuses once the switch has answered the barrier after the port's
    // groups and rules: one OpenFlow connection is handled in order, so the groups sent before
    // the batch are in the switch when its barrier returns (a refused group comes back as
    // GROUP_ADD_FAILED or GROUP_UPDATE_FAILED, and the device is read back).
    private void confirm(CompiledPort p, long term) {
        if (rulesPending.containsKey(p.port())) {
            return;
        }
        statuses.writeFinal(p, term);
    }

    // The term of this instance's reports on a device (TapStatus.term): twice the device's
    // mastership term as this instance knows it, plus one for a report made because the
    // device has no master, which thus comes after its last master's and before the next's.
    private long reportTerm(DeviceId d, boolean noMaster) {
        MastershipInfo info = mastershipService.getMastershipFor(d);
        long term = info == null ? 0 : info.term();
        if (info != null && info.master().isPresent()) {
            lastTerms.merge(d, term, Math::max);
        } else {
            // without a master ONOS says term 0 (ConsistentDeviceMastershipStore): the report
            // must still beat what the last master wrote, so the last term seen counts
            term = Math.max(term, lastTerms.getOrDefault(d, 0L));
        }
        return 2 * term + (noMaster ? 1 : 0);
    }

    private void own(CompiledPort p) {
        p.groups().forEach(g -> groupOwner.put(g.appCookie(), p.port()));
        p.flowRules().forEach(r -> ruleOwner.put(new RuleDiff.RuleKey(r), p.port()));
    }

    private void disown(CompiledPort p) {
        p.groups().forEach(g -> groupOwner.remove(g.appCookie(), p.port()));
        p.flowRules().forEach(r -> ruleOwner.remove(new RuleDiff.RuleKey(r), p.port()));
    }

    private void forget(DeviceId d) {
        Map<ConnectPoint, CompiledPort> ports = ledger.remove(d);
        if (ports != null) {
            ports.values().forEach(this::disown);
            ports.keySet().forEach(rulesPending::remove);
        }
        Map<TapServiceId, List<FlowRule>> transport = treeLedger.remove(d);
        if (transport != null) {
            transport.forEach((id, rules) -> rules.forEach(r -> ruleOwner.remove(new RuleDiff.RuleKey(r), id)));
        }
        groupIds.remove(d);
    }

    private static List<FlowRule> allRules(Collection<CompiledPort> ports) {
        return ports.stream().flatMap(p -> p.flowRules().stream()).collect(Collectors.toList());
    }

    private static List<GroupDescription> allGroups(Collection<CompiledPort> ports) {
        return ports.stream().flatMap(p -> p.groups().stream()).collect(Collectors.toList());
    }

    // ---- remote tap services: one transport tree per tap service

    // How copies leave a source device; held until every device after it on the path
    // reported the rules the copies need there, whichever instance masters it.
    private RemoteRoute route(TapService s, DeviceId source) {
        CompiledTree t = treeFor(s.id());
        RemoteRoute r = t == null ? null : t.routeFrom(source);
        if (r == null) {
            return null;
        }
        Map<DeviceId, List<FlowRule>> needs = t.rulesOnPathFrom(source);
        TapStatus hold = hold(s.id(), needs, false);
        if (hold != null) {
            return r.held(hold);
        }
        Set<Integer> recorded = store.getEmittedVlans(source);
        if (!recorded.contains(t.vlan()) && mayProgram(source)) {
            // about to start: record the VLAN, then check the hops in the map itself; a hop
            // whose tree went removes its report before it reads the records (reconcileTree),
            // so either it keeps its drop rule or this finds its report gone
            Set<Integer> more = new HashSet<>(recorded);
            more.add(t.vlan());
            store.setEmittedVlans(source, more);
            hold = hold(s.id(), needs, true);
        }
        return hold == null ? r : r.held(hold);
    }

    // Why copies may not be sent to the devices of a path yet, or null: a device whose master
    // has not reported the rules they need there, or reported them refused.
    private TapStatus hold(TapServiceId id, Map<DeviceId, List<FlowRule>> needs, boolean fromMap) {
        for (Map.Entry<DeviceId, List<FlowRule>> need : needs.entrySet()) {
            DeviceId hop = need.getKey();
            TransportHop report = fromMap ? store.readTransportHop(id, hop) : store.getTransportHop(id, hop);
            if (report != null && report.status().state() == TapStatus.State.ERROR) {
                return TapStatus.error(report.status().reason());
            }
            if (report == null || !report.rules().containsAll(ruleTexts(need.getValue()))) {
                return TapStatus.build("waiting for the transport rules on " + hop
                        + " (installed by its master) before sending copies there");
            }
        }
        return null;
    }

    private CompiledTree treeFor(TapServiceId id) {
        if (!trees.containsKey(id)) {
            trees.put(id, compileTree(id));
        }
        return trees.get(id);
    }

    // Reads the service, its remote sources and their paths, and compiles the transport rules.
    private CompiledTree compileTree(TapServiceId id) {
        TapService s = store.getTapService(id);
        if (s == null || s.isTunnel() || !s.transportVlan().isPresent()) {
            return null;
        }
        DeviceId tapDevice = s.port().deviceId();
        Set<DeviceId> sources = store.getTapFlows(id).stream().map(f -> f.sourcePort().deviceId())
                .filter(d -> !d.equals(tapDevice)).collect(Collectors.toSet());
        if (sources.isEmpty()) {
            return null;
        }
        TransportTree tree = TransportTree.build(s.port(), network.paths(sources, tapDevice));
        return new CompiledTree(tree, s.transportVlan().get(),
                                compiler.compileTransport(tree, s.transportVlan().get(), network.availableDevices()));
    }

    // Moves a service's transport rules to its new tree, last hop first, and re-marks the
    // source ports whose route changed.
    void reconcileTree(TapServiceId id) {
        CompiledTree old = trees.remove(id);
        CompiledTree now = compileTree(id);
        if (now != null) {
            trees.put(id, now);
        }
        Set<DeviceId> devices = new HashSet<>();
        if (old != null) {
            devices.addAll(old.rules().keySet());
        }
        if (now != null) {
            devices.addAll(now.rules().keySet());
        }
        List<DeviceId> order = new ArrayList<>(devices);
        order.sort(Comparator.comparingInt(d -> (now != null ? now : old).hopsToTap(d)));
        for (DeviceId d : order) {
            if (mayProgram(d)) {
                withdrawReports(d, Map.of(id, now == null ? List.of() : now.rules().getOrDefault(d, List.of())),
                                false);
            }
        }
        // then the old VLAN's drop rules stay where sources may still send copies with it
        boolean vlanGoes = old != null && (now == null || now.vlan() != old.vlan());
        Set<Integer> sent = vlanGoes ? store.readEmittedVlans() : Set.of();
        for (DeviceId d : order) {
            if (!mayProgram(d)) {
                continue;
            }
            if (!ledger.containsKey(d)) {
                scheduler.markDevice(d);
                continue;
            }
            Map<TapServiceId, List<FlowRule>> mine = treeLedger.computeIfAbsent(d, k -> new HashMap<>());
            List<FlowRule> before = mine.getOrDefault(id, List.of());
            List<FlowRule> after = now == null ? List.of() : now.rules().getOrDefault(d, List.of());
            before.forEach(r -> ruleOwner.remove(new RuleDiff.RuleKey(r), id));
            after.forEach(r -> ruleOwner.put(new RuleDiff.RuleKey(r), id));
            if (after.isEmpty()) {
                mine.remove(id);
            } else {
                mine.put(id, after);
            }
            List<FlowRule> kept = new ArrayList<>(after);
            if (vlanGoes && sent.contains(old.vlan())) {
                FlowRule drop = compiler.transportDrop(d, old.vlan());
                RuleDiff.RuleKey key = new RuleDiff.RuleKey(drop);
                if (before.stream().anyMatch(r -> key.equals(new RuleDiff.RuleKey(r)))
                        && after.stream().noneMatch(r -> key.equals(new RuleDiff.RuleKey(r)))) {
                    kept.add(drop);
                    ruleOwner.put(key, LINGERING);
                    lingering.add(d);
                }
            }
            RuleDiff diff = RuleDiff.of(before, List.of(), kept, List.of());
            apply(d, diff, List.of(), after.isEmpty() ? List.of() : List.of(id));
        }
        // sources whose route changed get their groups rewritten
        for (TapFlow f : store.getTapFlows(id)) {
            DeviceId src = f.sourcePort().deviceId();
            boolean changed = old == null || now == null
                    || !Objects.equals(old.tree().nextHops().get(src), now.tree().nextHops().get(src))
                    || !old.tree().pathFrom(src).equals(now.tree().pathFrom(src)) || old.vlan() != now.vlan();
            if (changed) {
                scheduler.markPort(f.sourcePort());
            }
        }
    }
}

package org.onosproject.taas.impl;

import org.onosproject.cluster.ClusterService;
import org.onosproject.cluster.ControllerNode;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupKey;
import org.onosproject.net.group.GroupService;
import org.onosproject.taas.api.TaasStore;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
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
    static final long RETRY_MAX_MS = 30_000;

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
    private final Set<DeviceId> reconnected = ConcurrentHashMap.newKeySet();
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
        Set<ConnectPoint> ports = new HashSet<>(tapPorts);
        ports.addAll(ledger.getOrDefault(d, Map.of()).keySet());
        if (!mayProgram(d)) {
            forget(d);
            if (mayReport(d)) {
                // nobody programs the device: what would be ACTIVE is DOWN until a master appears
                DeviceGroupIds scratch = new DeviceGroupIds();
                TapStatus noMaster = TapStatus.down("no ONOS instance is master of device " + d);
                for (ConnectPoint p : ports) {
                    CompiledPort c = compiler.compile(network.snapshot(p, this::route), scratch);
                    c.flowStatus().forEach((id, st) -> statuses.writeFlow(id,
                            st.state() == TapStatus.State.ACTIVE ? noMaster : st));
                    if (c.serviceStatus() != null) {
                        statuses.writeService(p, c.serviceStatus());
                    }
                }
            }
            return;
        }
        boolean fresh = reconnected.remove(d);
        DeviceGroupIds ids = new DeviceGroupIds();
        List<Group> installedGroups = new ArrayList<>();
        for (Group g : groupService.getGroups(d, appId)) {
            boolean live = g.state() != Group.GroupState.PENDING_DELETE;
            // after a reconnection no group keeps its key: each is made again, then the old removed
            ids.reserve(g.appCookie(), g.id().id(), live && !fresh);
            if (live) {
                installedGroups.add(g);
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
        RuleDiff diff = RuleDiff.of(installedRules, installedGroups, wantedRules, allGroups(wanted.values()));
        if (fresh) {
            // the switch may have lost them: send every wanted rule again, under the barrier
            Set<RuleDiff.RuleKey> sent = new HashSet<>();
            diff.addRules.forEach(r -> sent.add(new RuleDiff.RuleKey(r)));
            diff.modifyRules.forEach(r -> sent.add(new RuleDiff.RuleKey(r)));
            wantedRules.stream().filter(r -> !sent.contains(new RuleDiff.RuleKey(r))).forEach(diff.modifyRules::add);
        }
        ledger.put(d, wanted);
        treeLedger.put(d, transport);
        wanted.values().forEach(this::own);
        transport.forEach((id, rules) -> rules.forEach(r -> ruleOwner.put(new RuleDiff.RuleKey(r), id)));
        apply(d, diff, wanted.values());
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
        apply(d, diff, List.of(now));
    }

    private void apply(DeviceId d, RuleDiff diff, Collection<CompiledPort> ports) {
        if (diff.isEmpty()) {
            ports.forEach(this::confirm);
            return;
        }
        log.debug("Programming {}: {}", d, diff);
        DeviceGroupIds ids = groupIds.get(d);
        if (ids != null) {
            // the name of a group going away gets a new key (and id) when it is wanted again
            diff.removeGroups.forEach(g -> ids.retire(g.appCookie()));
        }
        for (GroupDescription g : diff.addGroups) {
            groupService.addGroup(g);
        }
        for (GroupDescription g : diff.modifyGroups) {
            groupService.setBucketsForGroup(d, g.appCookie(), g.buckets(), g.appCookie(), appId);
        }
        long gen = ++generation;
        for (CompiledPort p : ports) {
            statuses.writeBuild(p);
            rulesPending.put(p.port(), gen);
        }
        FlowRuleOperations.Builder ops = FlowRuleOperations.builder();
        diff.addRules.forEach(ops::add);
        diff.modifyRules.forEach(ops::modify);
        diff.removeRules.forEach(ops::remove);
        if (!diff.changesRules()) {
            // only groups changed: re-send the rules that use them, for the barrier that tells
            // when the switch has the groups (ONOS confirms groups only on its 10 s poll)
            List<FlowRule> users = rulesUsing(diff, ports);
            if (users.isEmpty()) {
                scheduler.runOnWorker(() -> rulesConfirmed(d, diff, ports, gen));
                return;
            }
            users.forEach(ops::modify);
        }
        flowRuleService.apply(ops.build(new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations o) {
                scheduler.runOnWorker(() -> rulesConfirmed(d, diff, ports, gen));
            }

            @Override
            public void onError(FlowRuleOperations o) {
                scheduler.runOnWorker(() -> rulesFailed(d, ports, gen));
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

    private void rulesConfirmed(DeviceId d, RuleDiff diff, Collection<CompiledPort> ports, long gen) {
        // groups go only after the rules that pointed at them
        for (GroupDescription g : diff.removeGroups) {
            if (!groupOwner.containsKey(g.appCookie())) {
                groupService.removeGroup(d, g.appCookie(), appId);
            }
        }
        retryDelay.remove(d);
        for (CompiledPort p : ports) {
            if (Objects.equals(rulesPending.get(p.port()), gen)) {
                rulesPending.remove(p.port());
                confirm(p);
            }
        }
    }

    private void rulesFailed(DeviceId d, Collection<CompiledPort> ports, long gen) {
        long delay = Math.min(RETRY_MAX_MS, retryDelay.getOrDefault(d, RETRY_MIN_MS / 2) * 2);
        retryDelay.put(d, delay);
        for (CompiledPort p : ports) {
            if (Objects.equals(rulesPending.get(p.port()), gen)) {
                p.flowStatus().forEach((id, st) -> {
                    if (st.state() == TapStatus.State.ACTIVE) {
                        statuses.writeFlow(id, TapStatus.error("switch " + d
                                + " refused the mirror rules; retrying in " + delay + " ms"));
                    }
                });
            }
        }
        log.warn("Switch {} refused mirror rules; re-reading it in {} ms", d, delay);
        scheduler.retryLater(() -> scheduler.markDevice(d), delay);
    }


    // Writes the compiled statuses once the switch has answered the barrier after the port's
    // groups and rules: one OpenFlow connection is handled in order, so the groups sent before
    // the batch are in the switch when its barrier returns (a refused group comes back as
    // GROUP_ADD_FAILED or GROUP_UPDATE_FAILED, and the device is read back).
    private void confirm(CompiledPort p) {
        if (rulesPending.containsKey(p.port())) {
            return;
        }
        statuses.writeFinal(p);
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

    private RemoteRoute route(TapService s, DeviceId source) {
        CompiledTree t = treeFor(s.id());
        return t == null ? null : t.routeFrom(source);
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
            RuleDiff diff = RuleDiff.of(before, List.of(), after, List.of());
            if (!diff.isEmpty()) {
                apply(d, diff, List.of());
            }
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

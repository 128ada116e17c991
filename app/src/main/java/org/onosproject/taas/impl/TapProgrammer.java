package org.onosproject.taas.impl;

import org.onlab.util.Tools;
import org.onosproject.cfg.ComponentConfigService;
import org.onosproject.cluster.ClusterService;
import org.onosproject.cluster.ControllerNode;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.mastership.MastershipEvent;
import org.onosproject.mastership.MastershipListener;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostLocation;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.driver.DriverService;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleEvent;
import org.onosproject.net.flow.FlowRuleListener;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupEvent;
import org.onosproject.net.group.GroupKey;
import org.onosproject.net.group.GroupListener;
import org.onosproject.net.group.GroupService;
import org.onosproject.net.host.HostEvent;
import org.onosproject.net.host.HostListener;
import org.onosproject.net.host.HostService;
import org.onosproject.net.topology.PathService;
import org.onosproject.net.topology.TopologyEvent;
import org.onosproject.net.topology.TopologyListener;
import org.onosproject.net.topology.TopologyService;
import org.onosproject.taas.api.TaasEvent;
import org.onosproject.taas.api.TaasListener;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStore;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.onlab.util.Tools.groupedThreads;
import static org.onosproject.taas.impl.OsgiPropertyConstants.AUDIT_PERIOD;
import static org.onosproject.taas.impl.OsgiPropertyConstants.AUDIT_PERIOD_DEFAULT;
import static org.onosproject.taas.impl.OsgiPropertyConstants.DROP_TAP_PORT_INGRESS;
import static org.onosproject.taas.impl.OsgiPropertyConstants.DROP_TAP_PORT_INGRESS_DEFAULT;
import static org.onosproject.taas.impl.OsgiPropertyConstants.PRIORITY_BASE;
import static org.onosproject.taas.impl.OsgiPropertyConstants.PRIORITY_BASE_DEFAULT;
import static org.slf4j.LoggerFactory.getLogger;

/**
 * Keeps the switches' mirror rules equal to what the tap services and tap flows ask for.
 * Every event (a tap changed, a port or device came or went, a host moved, mastership moved,
 * a rule or group vanished) only marks ports or devices dirty; one worker thread compiles
 * them with {@link TapFlowCompiler}, compares with what is installed and applies the
 * difference through FlowRuleService and GroupService, then writes each tap's status.
 * Only the master instance of a device programs it.
 */
@Component(immediate = true,
        property = {
                PRIORITY_BASE + ":Integer=" + PRIORITY_BASE_DEFAULT,
                DROP_TAP_PORT_INGRESS + ":Boolean=" + DROP_TAP_PORT_INGRESS_DEFAULT,
                AUDIT_PERIOD + ":Integer=" + AUDIT_PERIOD_DEFAULT,
        })
public class TapProgrammer {

    private static final long RETRY_MIN_MS = 500;
    private static final long RETRY_MAX_MS = 30_000;

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected TaasService taasService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected TaasStore store;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected DeviceService deviceService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected FlowRuleService flowRuleService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected GroupService groupService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected HostService hostService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected MastershipService mastershipService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected PathService pathService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected TopologyService topologyService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ClusterService clusterService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected DriverService driverService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ComponentConfigService cfgService;

    /** Priority of the lowest mirror classifier. */
    private int priorityBase = PRIORITY_BASE_DEFAULT;

    /** Drop frames entering tap service ports. */
    private boolean dropTapPortIngress = DROP_TAP_PORT_INGRESS_DEFAULT;

    /** Seconds between full audits of every mastered device. */
    private int auditPeriod = AUDIT_PERIOD_DEFAULT;

    private ApplicationId appId;
    private TapFlowCompiler compiler;
    private NetworkReader network;
    private TapStatusWriter statuses;
    private ScheduledExecutorService worker;
    private ScheduledFuture<?> audit;

    // Marked by listeners on any thread, drained by the worker.
    private final Set<ConnectPoint> dirtyPorts = ConcurrentHashMap.newKeySet();
    private final Set<DeviceId> dirtyDevices = ConcurrentHashMap.newKeySet();
    private final Set<TapServiceId> dirtyTrees = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger retriesPending =
            new java.util.concurrent.atomic.AtomicInteger();

    // Worker-thread state: what this instance installed, per device and port.
    private final Map<DeviceId, Map<ConnectPoint, CompiledPort>> ledger = new HashMap<>();
    private final Map<DeviceId, Map<TapServiceId, List<FlowRule>>> treeLedger = new HashMap<>();
    private final Map<TapServiceId, CompiledTree> trees = new HashMap<>();
    private final Map<DeviceId, DeviceGroupIds> groupIds = new HashMap<>();
    private final Map<GroupKey, ConnectPoint> groupOwner = new ConcurrentHashMap<>();
    private final Map<RuleDiff.RuleKey, Object> ruleOwner = new ConcurrentHashMap<>();
    private final Map<ConnectPoint, Long> rulesPending = new HashMap<>();
    private final Map<DeviceId, Long> retryDelay = new HashMap<>();
    private long generation;
    private volatile RuntimeException lastFailure;

    private final TaasListener taasListener = this::onTaasEvent;
    private final DeviceListener deviceListener = this::onDeviceEvent;
    private final HostListener hostListener = this::onHostEvent;
    private final MastershipListener mastershipListener = this::onMastershipEvent;
    private final FlowRuleListener flowRuleListener = this::onFlowRuleEvent;
    private final GroupListener groupListener = this::onGroupEvent;
    private final TopologyListener topologyListener = this::onTopologyEvent;

    @Activate
    protected void activate(ComponentContext context) {
        appId = coreService.registerApplication(TaasManager.APP_NAME);
        cfgService.registerProperties(getClass());
        readConfig(context);
        compiler = new TapFlowCompiler(appId, priorityBase, dropTapPortIngress);
        network = new NetworkReader(store, deviceService, hostService, driverService, pathService);
        statuses = new TapStatusWriter(store);
        worker = Executors.newSingleThreadScheduledExecutor(groupedThreads("onos/taas", "programmer", log));
        taasService.addListener(taasListener);
        deviceService.addListener(deviceListener);
        hostService.addListener(hostListener);
        mastershipService.addListener(mastershipListener);
        flowRuleService.addListener(flowRuleListener);
        groupService.addListener(groupListener);
        topologyService.addListener(topologyListener);
        markEverything();
        scheduleAudit();
        log.info("Started: priority base {}, drop at tap ports {}, audit every {} s",
                 priorityBase, dropTapPortIngress, auditPeriod);
    }

    @Deactivate
    protected void deactivate() {
        taasService.removeListener(taasListener);
        deviceService.removeListener(deviceListener);
        hostService.removeListener(hostListener);
        mastershipService.removeListener(mastershipListener);
        flowRuleService.removeListener(flowRuleListener);
        groupService.removeListener(groupListener);
        topologyService.removeListener(topologyListener);
        cfgService.unregisterProperties(getClass(), false);
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeEverything();
        log.info("Stopped; removed every rule and group of {}", appId.name());
    }

    @Modified
    protected void modified(ComponentContext context) {
        readConfig(context);
        compiler = new TapFlowCompiler(appId, priorityBase, dropTapPortIngress);
        scheduleAudit();
        markEverything();
    }

    private void readConfig(ComponentContext context) {
        Dictionary<?, ?> p = context == null ? null : context.getProperties();
        if (p == null) {
            return;
        }
        int base = Tools.getIntegerProperty(p, PRIORITY_BASE, priorityBase);
        if (base < 1 || base > 65535 - TapFlowCompiler.MAX_OFFSET) {
            log.warn("Ignoring {}={}: must be 1..{}", PRIORITY_BASE, base, 65535 - TapFlowCompiler.MAX_OFFSET);
        } else {
            priorityBase = base;
        }
        Boolean drop = Tools.isPropertyEnabled(p, DROP_TAP_PORT_INGRESS);
        if (drop != null) {
            dropTapPortIngress = drop;
        }
        int period = Tools.getIntegerProperty(p, AUDIT_PERIOD, auditPeriod);
        if (period < 0) {
            log.warn("Ignoring {}={}: must be 0 (off) or positive", AUDIT_PERIOD, period);
        } else {
            auditPeriod = period;
        }
    }

    private void scheduleAudit() {
        if (audit != null) {
            audit.cancel(false);
            audit = null;
        }
        if (auditPeriod > 0 && worker != null) {
            audit = worker.scheduleWithFixedDelay(this::markEverything, auditPeriod, auditPeriod,
                                                  TimeUnit.SECONDS);
        }
    }

    // ---- marking

    private void markEverything() {
        deviceService.getDevices().forEach(d -> dirtyDevices.add(d.id()));
        store.getTapFlows().forEach(f -> dirtyDevices.add(f.sourcePort().deviceId()));
        store.getTapServices().forEach(s -> dirtyDevices.add(s.port().deviceId()));
        markAllTrees();
    }

    private void markAllTrees() {
        store.getTapServices().forEach(s -> dirtyTrees.add(s.id()));
        dirtyTrees.addAll(trees.keySet());
        scheduleDrain();
    }

    private void markTree(TapServiceId id) {
        dirtyTrees.add(id);
        scheduleDrain();
    }

    private void markPort(ConnectPoint cp) {
        if (cp != null) {
            dirtyPorts.add(cp);
            scheduleDrain();
        }
    }

    private void markDevice(DeviceId id) {
        dirtyDevices.add(id);
        scheduleDrain();
    }

    // Marks a tap port and every source that feeds the tap service on it.
    private void markTapPortAndSources(ConnectPoint cp) {
        markPort(cp);
        TapService s = store.getTapServiceByPort(cp);
        if (s != null) {
            store.getTapFlows(s.id()).forEach(f -> markPort(f.sourcePort()));
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                drainScheduled.set(false);
            }
        }
    }

    // ---- listeners (any thread: mark only)

    private void onTaasEvent(TaasEvent e) {
        switch (e.type()) {
            case TAP_FLOW_ADDED:
            case TAP_FLOW_REMOVED:
                if (isRemote(e.tapFlow())) {
                    markTree(e.tapFlow().tapServiceId());
                }
                markPort(e.tapFlow().sourcePort());
                break;
            case TAP_FLOW_UPDATED:
                TapFlow before = (TapFlow) e.prevSubject();
                if (before == null || !before.selectsSameAs(e.tapFlow())) {
                    markPort(e.tapFlow().sourcePort());
                }
                break;
            case TAP_SERVICE_ADDED:
            case TAP_SERVICE_REMOVED:
                markTree(e.tapService().id());
                markTapPortAndSources(e.tapService().port());
                break;
            case TAP_SERVICE_UPDATED:
                TapService was = (TapService) e.prevSubject();
                if (was != null && !was.transportVlan().equals(e.tapService().transportVlan())) {
                    markTree(e.tapService().id());
                }
                break;
            default:
                break;
        }
    }

    // A flow whose tap port is on another device (or whose service is gone) moves the tree.
    private boolean isRemote(TapFlow f) {
        TapService s = store.getTapService(f.tapServiceId());
        return s == null || !s.port().deviceId().equals(f.sourcePort().deviceId());
    }

    private void onDeviceEvent(DeviceEvent e) {
        switch (e.type()) {
            case DEVICE_ADDED:
            case DEVICE_AVAILABILITY_CHANGED:
            case DEVICE_REMOVED:
            case DEVICE_SUSPENDED:
                markDevice(e.subject().id());
                markAllTrees();
                break;
            case DEVICE_UPDATED:
                markDevice(e.subject().id());
                break;
            case PORT_ADDED:
            case PORT_UPDATED:
            case PORT_REMOVED:
                if (e.port() != null) {
                    markTapPortAndSources(new ConnectPoint(e.subject().id(), e.port().number()));
                }
                break;
            default:
                break;
        }
    }

    private void onHostEvent(HostEvent e) {
        markHostLocations(e.subject());
        if (e.prevSubject() != null) {
            markHostLocations(e.prevSubject());
        }
    }

    private void markHostLocations(Host h) {
        for (HostLocation loc : h.locations()) {
            markPort(new ConnectPoint(loc.elementId(), loc.port()));
        }
    }

    private void onTopologyEvent(TopologyEvent e) {
        // links came or went: paths of remote copies may move
        markAllTrees();
    }

    private void onMastershipEvent(MastershipEvent e) {
        markDevice(e.subject());
    }

    private void onFlowRuleEvent(FlowRuleEvent e) {
        if (e.type() == FlowRuleEvent.Type.RULE_REMOVED && e.subject().appId() == appId.id()
                && ruleOwner.containsKey(new RuleDiff.RuleKey(e.subject()))) {
            // a rule we still want was removed by someone else: read the device back and re-install
            markDevice(e.subject().deviceId());
        }
    }

    private void onGroupEvent(GroupEvent e) {
        Group g = e.subject();
        ConnectPoint owner = groupOwner.get(g.appCookie());
        if (owner == null || !owner.deviceId().equals(g.deviceId())) {
            return;
        }
        switch (e.type()) {
            case GROUP_ADDED:
            case GROUP_UPDATED:
                markPort(owner);
                break;
            case GROUP_REMOVED:
            case GROUP_ADD_FAILED:
            case GROUP_UPDATE_FAILED:
                markDevice(g.deviceId());
                break;
            default:
                break;
        }
    }

    // ---- worker

    private void drain() {
        drainScheduled.set(false);
        try {
            // take both sets before reading the store: a port marked later stays for the next pass
            List<DeviceId> devices = new ArrayList<>(dirtyDevices);
            dirtyDevices.removeAll(devices);
            List<ConnectPoint> ports = new ArrayList<>(dirtyPorts);
            dirtyPorts.removeAll(ports);
            Map<DeviceId, Set<ConnectPoint>> portsByDevice = devices.isEmpty() ? Map.of() : portsByDevice();
            for (DeviceId d : devices) {
                reconcileDevice(d, portsByDevice.getOrDefault(d, Set.of()));
            }
            List<TapServiceId> treeIds = new ArrayList<>(dirtyTrees);
            dirtyTrees.removeAll(treeIds);
            for (TapServiceId id : treeIds) {
                reconcileTree(id);
            }
            for (ConnectPoint p : ports) {
                if (!devices.contains(p.deviceId())) {
                    reconcilePort(p);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Mirror reconciliation failed; retrying", e);
            lastFailure = e;
            retryLater(this::markEverything, RETRY_MIN_MS);
        }
    }

    private boolean mayProgram(DeviceId d) {
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
    private Map<DeviceId, Set<ConnectPoint>> portsByDevice() {
        Map<DeviceId, Set<ConnectPoint>> ports = new HashMap<>();
        store.getTapFlows().forEach(f -> ports.computeIfAbsent(f.sourcePort().deviceId(), k -> new HashSet<>())
                .add(f.sourcePort()));
        store.getTapServices().forEach(s -> ports.computeIfAbsent(s.port().deviceId(), k -> new HashSet<>())
                .add(s.port()));
        return ports;
    }

    private void reconcileDevice(DeviceId d) {
        reconcileDevice(d, portsByDevice().getOrDefault(d, Set.of()));
    }

    // Compares everything wanted on a device with everything the app has installed there.
    private void reconcileDevice(DeviceId d, Set<ConnectPoint> tapPorts) {
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
        DeviceGroupIds ids = new DeviceGroupIds();
        List<Group> installedGroups = new ArrayList<>();
        for (Group g : groupService.getGroups(d, appId)) {
            ids.reserve(g.appCookie(), g.id().id());
            installedGroups.add(g);
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
        ledger.put(d, wanted);
        treeLedger.put(d, transport);
        wanted.values().forEach(this::own);
        transport.forEach((id, rules) -> rules.forEach(r -> ruleOwner.put(new RuleDiff.RuleKey(r), id)));
        apply(d, diff, wanted.values());
    }

    private void reconcilePort(ConnectPoint p) {
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
        if (!diff.changesRules()) {
            worker.execute(() -> rulesConfirmed(d, diff, ports, gen));
            return;
        }
        FlowRuleOperations.Builder ops = FlowRuleOperations.builder();
        diff.addRules.forEach(ops::add);
        diff.modifyRules.forEach(ops::modify);
        diff.removeRules.forEach(ops::remove);
        flowRuleService.apply(ops.build(new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations o) {
                runOnWorker(() -> rulesConfirmed(d, diff, ports, gen));
            }

            @Override
            public void onError(FlowRuleOperations o) {
                runOnWorker(() -> rulesFailed(d, ports, gen));
            }
        }));
    }

    private void runOnWorker(Runnable r) {
        try {
            worker.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Worker stopped; dropping a callback");
        }
    }

    private void rulesConfirmed(DeviceId d, RuleDiff diff, Collection<CompiledPort> ports, long gen) {
        // groups go only after the rules that pointed at them
        DeviceGroupIds ids = groupIds.get(d);
        for (GroupDescription g : diff.removeGroups) {
            if (!groupOwner.containsKey(g.appCookie())) {
                groupService.removeGroup(d, g.appCookie(), appId);
                if (ids != null) {
                    ids.release(g.appCookie());
                }
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
        retryLater(() -> markDevice(d), delay);
    }

    private void retryLater(Runnable mark, long delayMs) {
        retriesPending.incrementAndGet();
        worker.schedule(() -> {
            retriesPending.decrementAndGet();
            mark.run();
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    // Writes the compiled statuses once the rules are acknowledged and every group is ADDED.
    private void confirm(CompiledPort p) {
        if (rulesPending.containsKey(p.port())) {
            return;
        }
        for (GroupDescription g : p.groups()) {
            Group installed = groupService.getGroup(p.port().deviceId(), g.appCookie());
            if (installed == null || installed.state() != Group.GroupState.ADDED) {
                return; // GROUP_ADDED will bring us back
            }
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
        if (s == null || !s.transportVlan().isPresent()) {
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
    private void reconcileTree(TapServiceId id) {
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
                markDevice(d);
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
                markPort(f.sourcePort());
            }
        }
    }


    // ---- deactivation

    private void removeEverything() {
        flowRuleService.removeFlowRulesById(appId);
        for (Device d : deviceService.getDevices()) {
            for (Group g : groupService.getGroups(d.id(), appId)) {
                groupService.removeGroup(d.id(), g.appCookie(), appId);
            }
        }
        ledger.clear();
        treeLedger.clear();
        trees.clear();
        groupIds.clear();
        groupOwner.clear();
        ruleOwner.clear();
        rulesPending.clear();
    }

    // ---- for tests and the sandbox

    /**
     * Waits until every marked port and device has been processed and every callback run.
     *
     * @param timeoutMillis how long to wait at most
     * @return true if the worker went idle in time
     */
    public boolean awaitIdle(long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        int quietRounds = 0;
        while (System.currentTimeMillis() < end) {
            try {
                worker.submit(() -> { }).get(Math.max(1, end - System.currentTimeMillis()),
                                             TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
            if (dirtyPorts.isEmpty() && dirtyDevices.isEmpty() && dirtyTrees.isEmpty() && !drainScheduled.get()
                    && retriesPending.get() == 0) {
                if (++quietRounds >= 3) {
                    return true;
                }
            } else {
                quietRounds = 0;
            }
        }
        return false;
    }

    /**
     * Returns the last failure of a reconciliation pass, or null; for tests.
     *
     * @return exception or null
     */
    public RuntimeException lastFailure() {
        return lastFailure;
    }

    /**
     * Returns the application id.
     *
     * @return application id
     */
    public ApplicationId appId() {
        return appId;
    }
}

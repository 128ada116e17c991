package org.onosproject.taas.impl;

import org.onlab.util.Tools;
import org.onosproject.app.ApplicationService;
import org.onosproject.app.ApplicationState;
import org.onosproject.cfg.ComponentConfigService;
import org.onosproject.cluster.ClusterService;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.mastership.MastershipEvent;
import org.onosproject.mastership.MastershipListener;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.AnnotationKeys;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostLocation;
import org.onosproject.net.Port;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.driver.DriverService;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleEvent;
import org.onosproject.net.flow.FlowRuleListener;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupEvent;
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
import org.onosproject.taas.api.TransportHop;
import org.onosproject.taas.api.TapTunnel;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.onlab.util.Tools.groupedThreads;
import static org.onosproject.taas.impl.OsgiPropertyConstants.AUDIT_PERIOD;
import static org.onosproject.taas.impl.OsgiPropertyConstants.AUDIT_PERIOD_DEFAULT;
import static org.onosproject.taas.impl.OsgiPropertyConstants.DROP_TAP_PORT_INGRESS;
import static org.onosproject.taas.impl.OsgiPropertyConstants.DROP_TAP_PORT_INGRESS_DEFAULT;
import static org.onosproject.taas.impl.OsgiPropertyConstants.ERSPAN_TUNNEL_PORT;
import static org.onosproject.taas.impl.OsgiPropertyConstants.ERSPAN_TUNNEL_PORT_DEFAULT;
import static org.onosproject.taas.impl.OsgiPropertyConstants.GRE_TUNNEL_PORT;
import static org.onosproject.taas.impl.OsgiPropertyConstants.GRE_TUNNEL_PORT_DEFAULT;
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
                GRE_TUNNEL_PORT + "=" + GRE_TUNNEL_PORT_DEFAULT,
                ERSPAN_TUNNEL_PORT + "=" + ERSPAN_TUNNEL_PORT_DEFAULT,
        })
public class TapProgrammer {

    private static final long RETRY_MIN_MS = 500;

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

    /** Tells an application deactivation (remove everything) from an instance stopping. */
    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ApplicationService applicationService;

    /** Priority of the lowest mirror classifier. */
    private int priorityBase = PRIORITY_BASE_DEFAULT;

    /** Drop frames entering tap service ports. */
    private boolean dropTapPortIngress = DROP_TAP_PORT_INGRESS_DEFAULT;

    /** Seconds between full audits of every mastered device. */
    private int auditPeriod = AUDIT_PERIOD_DEFAULT;

    /** Name of the flow-based GRE port copies of GRE tap services leave through. */
    private String greTunnelPort = GRE_TUNNEL_PORT_DEFAULT;

    /** Name of the flow-based ERSPAN port copies of ERSPAN tap services leave through. */
    private String erspanTunnelPort = ERSPAN_TUNNEL_PORT_DEFAULT;

    private volatile TunnelPorts tunnelPorts = TunnelPorts.DEFAULT;
    private NetworkReader networkReader;
    private ApplicationId appId;
    private TapFlowCompiler compiler;
    private MirrorReconciler reconciler;
    private ScheduledExecutorService worker;
    private ScheduledFuture<?> audit;

    // Marked by listeners on any thread, drained by the worker.
    private final Set<ConnectPoint> dirtyPorts = ConcurrentHashMap.newKeySet();
    private final Set<DeviceId> dirtyDevices = ConcurrentHashMap.newKeySet();
    private final Set<TapServiceId> dirtyTrees = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger retriesPending =
            new java.util.concurrent.atomic.AtomicInteger();
    // switch answers queued for the worker and not yet run
    private final java.util.concurrent.atomic.AtomicInteger callbacksPending =
            new java.util.concurrent.atomic.AtomicInteger();

    private volatile RuntimeException lastFailure;

    private final TaasListener taasListener = this::onTaasEvent;
    private final DeviceListener deviceListener = this::onDeviceEvent;
    private final HostListener hostListener = this::onHostEvent;
    private final HostMemory hostMemory = new HostMemory();
    private final MastershipListener mastershipListener = this::onMastershipEvent;
    private final FlowRuleListener flowRuleListener = this::onFlowRuleEvent;
    private final GroupListener groupListener = this::onGroupEvent;
    private final TopologyListener topologyListener = this::onTopologyEvent;
    private final Consumer<TransportHop> hopListener = this::onTransportHop;
    private final Consumer<DeviceId> emissionListener = this::onEmission;
    private final MirrorReconciler.Scheduler scheduler = new MirrorReconciler.Scheduler() {
        @Override
        public void markPort(ConnectPoint cp) {
            TapProgrammer.this.markPort(cp);
        }

        @Override
        public void markDevice(DeviceId id) {
            TapProgrammer.this.markDevice(id);
        }

        @Override
        public void retryLater(Runnable mark, long delayMs) {
            TapProgrammer.this.retryLater(mark, delayMs);
        }

        @Override
        public void runOnWorker(Runnable task) {
            TapProgrammer.this.runOnWorker(task);
        }
    };

    @Activate
    protected void activate(ComponentContext context) {
        appId = coreService.registerApplication(TaasManager.APP_NAME);
        cfgService.registerProperties(getClass());
        readConfig(context);
        compiler = new TapFlowCompiler(appId, priorityBase, dropTapPortIngress, tunnelPorts);
        networkReader = new NetworkReader(store, deviceService, hostService, driverService, pathService, hostMemory);
        networkReader.setTunnelPorts(tunnelPorts);
        reconciler = new MirrorReconciler(appId, store, deviceService, flowRuleService, groupService,
                mastershipService, clusterService, networkReader,
                new TapStatusWriter(store), scheduler, compiler);
        worker = Executors.newSingleThreadScheduledExecutor(groupedThreads("onos/taas", "programmer", log));
        taasService.addListener(taasListener);
        deviceService.addListener(deviceListener);
        hostService.addListener(hostListener);
        mastershipService.addListener(mastershipListener);
        flowRuleService.addListener(flowRuleListener);
        groupService.addListener(groupListener);
        topologyService.addListener(topologyListener);
        store.addTransportHopListener(hopListener);
        store.addEmissionListener(emissionListener);
        markEverything();
        scheduleAudit();
        log.info("Started: priority base {}, drop at tap ports {}, audit every {} s, tunnel ports {}",
                 priorityBase, dropTapPortIngress, auditPeriod, tunnelPorts);
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
        store.removeTransportHopListener(hopListener);
        store.removeEmissionListener(emissionListener);
        cfgService.unregisterProperties(getClass(), false);
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (applicationDeactivated()) {
            removeEverything();
            log.info("Stopped; removed the rules and groups of {} on the devices this instance masters",
                     appId.name());
        } else {
            // the instance stops, the application stays: the next masters keep the devices' taps
            reconciler.clear();
            hostMemory.clear();
            log.info("Stopped; the application stays active, its rules and groups are left in place");
        }
    }

    // The application itself is deactivated (or uninstalled), not just this instance stopping.
    // Without an ApplicationService (the sandbox), stopping the component is the application's.
    private boolean applicationDeactivated() {
        if (applicationService == null) {
            return true;
        }
        try {
            return applicationService.getState(appId) != ApplicationState.ACTIVE;
        } catch (RuntimeException e) {
            log.warn("Cannot read the application's state; leaving its rules in place", e);
            return false;
        }
    }

    @Modified
    protected void modified(ComponentContext context) {
        readConfig(context);
        compiler = new TapFlowCompiler(appId, priorityBase, dropTapPortIngress, tunnelPorts);
        networkReader.setTunnelPorts(tunnelPorts);
        reconciler.setCompiler(compiler);
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
        String gre = Tools.get(p, GRE_TUNNEL_PORT);
        String erspan = Tools.get(p, ERSPAN_TUNNEL_PORT);
        try {
            tunnelPorts = new TunnelPorts(gre == null ? greTunnelPort : gre.trim(),
                                          erspan == null ? erspanTunnelPort : erspan.trim());
            greTunnelPort = tunnelPorts.name(TapTunnel.Type.GRE);
            erspanTunnelPort = tunnelPorts.name(TapTunnel.Type.ERSPAN);
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring {}={} / {}={}: {}; keeping {}", GRE_TUNNEL_PORT, gre, ERSPAN_TUNNEL_PORT, erspan,
                     e.getMessage(), tunnelPorts);
        }
    }

    private void scheduleAudit() {
        if (audit != null) {
            audit.cancel(false);
            audit = null;
        }
        if (auditPeriod > 0 && worker != null) {
            audit = worker.scheduleWithFixedDelay(this::markForAudit, auditPeriod, auditPeriod,
                                                  TimeUnit.SECONDS);
        }
    }

    // The periodic audit: the devices this instance masters (or reports for, having no master)
    // are read back and compared; trees are recompiled only on topology and tap changes.
    private void markForAudit() {
        try {
            for (Device d : deviceService.getDevices()) {
                if (mastershipService.isLocalMaster(d.id()) || mastershipService.getMasterFor(d.id()) == null) {
                    dirtyDevices.add(d.id());
                }
            }
            scheduleDrain();
        } catch (RuntimeException e) {
            log.warn("Marking devices for the audit failed; retrying", e);
            lastFailure = e;
            retryLater(this::markForAudit, RETRY_MIN_MS);
        }
    }

    // ---- marking

    private void markEverything() {
        // runs periodically: an exception (a storage timeout during a leader change) must not
        // cancel the audit for good
        try {
            deviceService.getDevices().forEach(d -> dirtyDevices.add(d.id()));
            store.getTapFlows().forEach(f -> dirtyDevices.add(f.sourcePort().deviceId()));
            store.getTapServices().stream().filter(s -> !s.isTunnel())
                    .forEach(s -> dirtyDevices.add(s.port().deviceId()));
            markAllTrees();
        } catch (RuntimeException e) {
            log.warn("Marking everything for the audit failed; retrying", e);
            lastFailure = e;
            retryLater(this::markEverything, RETRY_MIN_MS);
        }
    }

    private void markAllTrees() {
        store.getTapServices().forEach(s -> dirtyTrees.add(s.id()));
        dirtyTrees.addAll(reconciler.treeIds());
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
        if (cp == null) {
            return;
        }
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
        return s == null || !s.isTunnel() && !s.port().deviceId().equals(f.sourcePort().deviceId());
    }

    private void onDeviceEvent(DeviceEvent e) {
        switch (e.type()) {
            case DEVICE_ADDED:
            case DEVICE_AVAILABILITY_CHANGED:
            case DEVICE_REMOVED:
            case DEVICE_SUSPENDED:
                if (e.type() != DeviceEvent.Type.DEVICE_REMOVED && deviceService.isAvailable(e.subject().id())) {
                    reconciler.reconnected(e.subject().id());
                }
                markDevice(e.subject().id());
                markAllTrees();
                break;
            case DEVICE_UPDATED:
                markDevice(e.subject().id());
                break;
            case PORT_ADDED:
            case PORT_UPDATED:
            case PORT_REMOVED:
                String portName = e.port() == null ? null : e.port().annotations().value(AnnotationKeys.PORT_NAME);
                if (tunnelPorts.matchesAny(portName)) {
                    // a tunnel port came, went or changed: every source of the device may use it
                    markDevice(e.subject().id());
                } else if (e.port() != null) {
                    markTapPortAndSources(new ConnectPoint(e.subject().id(), e.port().number()));
                }
                break;
            default:
                break;
        }
    }

    private void onHostEvent(HostEvent e) {
        if (e.type() == HostEvent.Type.HOST_REMOVED) {
            if (outage(e.subject())) {
                hostMemory.forgotten(e.subject());
            }
        } else {
            hostMemory.seen(e.subject()).forEach(this::markPort);
        }
        markHostLocations(e.subject());
        if (e.prevSubject() != null) {
            markHostLocations(e.prevSubject());
        }
    }

    // ONOS removed the host because its device or port went away, not because it left
    private boolean outage(Host h) {
        for (HostLocation loc : h.locations()) {
            Port port = deviceService.getPort(loc.deviceId(), loc.port());
            if (!deviceService.isAvailable(loc.deviceId()) || port == null || !port.isEnabled()) {
                return true;
            }
        }
        return false;
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

    // The transport VLANs a source sends changed: drop rules kept for copies on their way may go.
    private void onEmission(DeviceId source) {
        for (DeviceId d : reconciler.lingeringDevices()) {
            if (mastershipService.isLocalMaster(d)) {
                markDevice(d);
            }
        }
    }

    // A device's master reported (or withdrew) the transport rules of a tap service: the
    // sources of that service on devices this instance masters may send copies, or must stop.
    private void onTransportHop(TransportHop h) {
        TapService s = store.getTapService(h.tapServiceId());
        for (TapFlow f : store.getTapFlows(h.tapServiceId())) {
            DeviceId src = f.sourcePort().deviceId();
            boolean remote = s == null || s.isTunnel() || !s.port().deviceId().equals(src);
            if (remote && mastershipService.isLocalMaster(src)) {
                markPort(f.sourcePort());
            }
        }
    }

    private void onFlowRuleEvent(FlowRuleEvent e) {
        if (e.type() == FlowRuleEvent.Type.RULE_REMOVED && e.subject().appId() == appId.id()
                && reconciler.ownsRule(e.subject())) {
            // a rule we still want was removed by someone else: read the device back and re-install
            markDevice(e.subject().deviceId());
        }
    }

    private void onGroupEvent(GroupEvent e) {
        Group g = e.subject();
        ConnectPoint owner = reconciler.groupOwner(g.appCookie());
        if (owner == null || !owner.deviceId().equals(g.deviceId())) {
            return;
        }
        switch (e.type()) {
            // GROUP_ADDED and GROUP_UPDATED come only with ONOS's group poll (every 10 s) and
            // change nothing: statuses are confirmed by the barrier after the groups and rules
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
            Map<DeviceId, Set<ConnectPoint>> portsByDevice = devices.isEmpty() ? Map.of()
                    : reconciler.portsByDevice();
            for (DeviceId d : devices) {
                reconciler.reconcileDevice(d, portsByDevice.getOrDefault(d, Set.of()));
            }
            List<TapServiceId> treeIds = new ArrayList<>(dirtyTrees);
            dirtyTrees.removeAll(treeIds);
            for (TapServiceId id : treeIds) {
                reconciler.reconcileTree(id);
            }
            for (ConnectPoint p : ports) {
                if (!devices.contains(p.deviceId())) {
                    reconciler.reconcilePort(p);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Mirror reconciliation failed; retrying", e);
            lastFailure = e;
            retryLater(this::markEverything, RETRY_MIN_MS);
        }
    }

    // Runs a callback (a switch's answer) on the worker; one that fails (a storage timeout
    // while writing a status) makes everything be compared again, so nothing stays in BUILD.
    private void runOnWorker(Runnable r) {
        callbacksPending.incrementAndGet();
        try {
            worker.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("Handling a switch's answer failed; comparing everything again", e);
                    lastFailure = e;
                    retryLater(this::markEverything, RETRY_MIN_MS);
                } finally {
                    callbacksPending.decrementAndGet();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            callbacksPending.decrementAndGet();
            log.debug("Worker stopped; dropping a callback");
        }
    }

    private void retryLater(Runnable mark, long delayMs) {
        retriesPending.incrementAndGet();
        worker.schedule(() -> {
            retriesPending.decrementAndGet();
            try {
                mark.run();
            } catch (RuntimeException e) {
                log.warn("A retry failed; retrying again", e);
                lastFailure = e;
                retryLater(mark, Math.min(MirrorReconciler.RETRY_MAX_MS, delayMs * 2));
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    // ---- deactivation

    // Each instance removes what is on the devices it masters (every instance deactivates with
    // the application), so each rule is removed once; a device without master by everyone.
    private void removeEverything() {
        List<FlowRule> rules = new ArrayList<>();
        for (Device d : deviceService.getDevices()) {
            if (!mastershipService.isLocalMaster(d.id()) && mastershipService.getMasterFor(d.id()) != null) {
                continue;
            }
            for (FlowEntry r : flowRuleService.getFlowEntries(d.id())) {
                if (r.appId() == appId.id()) {
                    rules.add(r);
                }
            }
            for (Group g : groupService.getGroups(d.id(), appId)) {
                groupService.removeGroup(d.id(), g.appCookie(), appId);
            }
            // the transport rules are gone: when the application comes back, sources wait for
            // this device's master to install and report them again
            for (TransportHop h : store.getTransportHops(d.id())) {
                store.removeTransportHop(h.tapServiceId(), d.id());
            }
            store.setEmittedVlans(d.id(), Set.of());
        }
        flowRuleService.removeFlowRules(rules.toArray(new FlowRule[0]));
        reconciler.clear();
        hostMemory.clear();
    }

    // ---- for tests and the sandbox

    /**
     * Waits until every marked port and device has been processed and every switch answer
     * received so far handled (answers still to come from the switches are not waited for).
     *
     * @param timeoutMillis how long to wait at most
     * @return true if the worker went idle in time
     */
    public boolean awaitIdle(long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        int quietRounds = 0;
        while (System.currentTimeMillis() < end) {
            boolean quiet;
            try {
                // checked on the worker: no pass runs meanwhile, and whatever a pass queued is counted
                quiet = worker.submit(this::isQuiet).get(Math.max(1, end - System.currentTimeMillis()),
                                                          TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
            quietRounds = quiet ? quietRounds + 1 : 0;
            if (quietRounds >= 2) {
                return true;
            }
        }
        return false;
    }

    private boolean isQuiet() {
        return dirtyPorts.isEmpty() && dirtyDevices.isEmpty() && dirtyTrees.isEmpty() && !drainScheduled.get()
                && retriesPending.get() == 0 && callbacksPending.get() == 0;
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

package org.onosproject.taas.sandbox;

import org.onosproject.cfg.ComponentConfigAdapter;
import org.onosproject.cfg.ComponentConfigService;
import org.onosproject.cluster.ClusterService;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultHost;
import org.onosproject.net.DeviceId;
import org.onosproject.net.HostId;
import org.onosproject.net.HostLocation;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.driver.DriverService;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowId;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.group.GroupService;
import org.onosproject.net.host.HostService;
import org.onosproject.net.topology.PathService;
import org.onosproject.net.topology.TopologyService;
import org.onosproject.taas.impl.SandboxComponents;
import org.onosproject.taas.sandbox.net.OvsDeviceService;
import org.onosproject.taas.sandbox.net.OvsFlowRuleService;
import org.onosproject.taas.sandbox.net.OvsGroupService;
import org.onosproject.taas.sandbox.net.OvsSwitches;
import org.onosproject.taas.sandbox.net.SandboxClusterService;
import org.onosproject.taas.sandbox.net.SandboxCoreService;
import org.onosproject.taas.sandbox.net.SandboxDriverService;
import org.onosproject.taas.sandbox.net.SandboxHostService;
import org.onosproject.taas.sandbox.net.SandboxMastershipService;
import org.onosproject.taas.sandbox.net.SandboxTopologyService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * One running sandbox: a topology built in OVS and namespaces, the in-process ONOS services
 * over it, the "other applications" rules, and the application's components.
 */
public final class Sandbox implements AutoCloseable {

    /** Application id the simulated forwarding applications install under. */
    public static final String OTHER_APPS = "org.onosproject.fwd";

    private static final long DEVICE_POLL_MS = 200;
    // ONOS's OpenFlow providers poll a switch's rules and groups first this long after it connects
    private static final long FIRST_POLL_AFTER_CONNECT_MS = 1000;
    private static final long RECONCILE_MS = 500;
    /** ONOS 2.7's OpenFlowGroupProvider polls groups every 10 s; only then are they ADDED. */
    private static final long GROUP_POLL_MS = 10_000;
    /** System property that changes the group poll period (ms) of sandboxes started after it is set. */
    public static final String GROUP_POLL_PROPERTY = "sandbox.groupPollMs";

    private final Topology topology;
    private final Plumbing plumbing;
    private final OvsSwitches switches = new OvsSwitches();
    private final OvsDeviceService devices = new OvsDeviceService(switches);
    private final OvsFlowRuleService flows = new OvsFlowRuleService(switches);
    private final OvsGroupService groups = new OvsGroupService(switches);
    private final SandboxHostService hosts = new SandboxHostService(switches);
    private final SandboxCoreService core = new SandboxCoreService();
    private final SandboxDriverService drivers = new SandboxDriverService();
    private final SandboxTopologyService topologyService = new SandboxTopologyService(switches, devices);
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-poller");
        t.setDaemon(true);
        return t;
    });
    private SandboxComponents components;
    private ApplicationId otherApps;
    private boolean engine;

    /**
     * Creates a sandbox for a topology; nothing is built yet.
     *
     * @param runId    short id of this run, part of every name created
     * @param topology topology
     */
    public Sandbox(String runId, Topology topology) {
        this.topology = topology.copy();
        this.plumbing = new Plumbing(runId, this.topology);
    }

    /**
     * Builds the topology, starts the services, installs the other applications' rules and
     * starts the application's components.
     *
     * @throws IllegalStateException if any of it fails
     */
    public void start() {
        startNetwork();
        startComponents();
    }

    /**
     * Builds the topology, starts the ONOS services over it and installs the other
     * applications' rules; the application's components are not started.
     *
     * @throws IllegalStateException if any of it fails
     */
    public void startNetwork() {
        plumbing.build();
        for (Topology.Switch s : topology.switches().values()) {
            DeviceId id = OvsSwitches.deviceId(s.dpid);
            switches.add(id, plumbing.bridge(s));
            drivers.assign(id, s.driver);
        }
        waitForPorts();
        for (Topology.Link l : topology.links()) {
            topologyService.addLink(
                    new ConnectPoint(deviceId(l.switchA), PortNumber.portNumber(l.portA)),
                    new ConnectPoint(deviceId(l.switchB), PortNumber.portNumber(l.portB)));
        }
        topologyService.refresh();
        for (Topology.Host h : topology.hosts().values()) {
            hosts.put(onosHost(h));
        }
        otherApps = core.registerApplication(OTHER_APPS);
        List<FlowRule> rules = OtherApps.rules(topology, otherApps);
        flows.applyFlowRules(rules.toArray(new FlowRule[0]));
        switches.quiesce(2);
        long added = StreamSupport.stream(flows.getFlowEntriesById(otherApps).spliterator(), false)
                .filter(e -> e.state() == FlowEntry.FlowEntryState.ADDED).count();
        if (added != rules.size()) {
            throw new IllegalStateException("only " + added + " of the " + rules.size()
                    + " forwarding rules were installed; see the sandbox log");
        }
        // ONOS's OpenFlow providers first poll a switch's groups and rules 1 s after it connects
        // (FlowStatsCollector, GroupStatsCollector), and the stores re-push what the switch
        // lacks: groups first here, so that no rule waits for one
        devices.onReconnect(id -> poller.schedule(() -> {
            groups.reconcile(id);
            flows.reconcile(id);
        }, FIRST_POLL_AFTER_CONNECT_MS, TimeUnit.MILLISECONDS));
        poller.scheduleWithFixedDelay(this::pollDevices, DEVICE_POLL_MS, DEVICE_POLL_MS, TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(this::reconcile, RECONCILE_MS, RECONCILE_MS, TimeUnit.MILLISECONDS);
        long groupPollMs = Long.getLong(GROUP_POLL_PROPERTY, GROUP_POLL_MS);
        poller.scheduleWithFixedDelay(this::pollGroups, groupPollMs, groupPollMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the application's components (store, manager, engine) over the services.
     */
    public void startComponents() {
        Map<Class<?>, Object> services = new LinkedHashMap<>();
        services.put(CoreService.class, core);
        services.put(DeviceService.class, devices);
        services.put(FlowRuleService.class, flows);
        services.put(GroupService.class, groups);
        services.put(HostService.class, hosts);
        services.put(MastershipService.class, new SandboxMastershipService(switches));
        services.put(ClusterService.class, new SandboxClusterService());
        services.put(DriverService.class, drivers);
        services.put(TopologyService.class, topologyService);
        services.put(PathService.class, topologyService);
        services.put(ComponentConfigService.class, new ComponentConfigAdapter());
        components = new SandboxComponents(services);
        engine = components.start();
    }

    private void pollDevices() {
        try {
            devices.poll();
        } catch (RuntimeException e) {
            // the bridge may be going away; the next poll tells
        }
    }

    private void reconcile() {
        try {
            flows.reconcile();
        } catch (RuntimeException e) {
            // as above
        }
    }

    private void pollGroups() {
        try {
            groups.reconcile();
        } catch (RuntimeException e) {
            // as above
        }
    }

    private void waitForPorts() {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            devices.poll();
            boolean all = topology.hosts().values().stream()
                    .allMatch(h -> devices.getPort(connectPoint(h)) != null)
                    && topology.links().stream().allMatch(l ->
                    devices.getPort(OvsSwitches.deviceId(topology.switches().get(l.switchA).dpid),
                            PortNumber.portNumber(l.portA)) != null);
            if (all) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                String cause = plumbing.datapathFailure();
                throw new IllegalStateException("the switches' ports did not all appear within 10 s"
                        + (cause == null ? "" : ": " + cause));
            }
            Waits.sleep(100);
        }
    }

    /**
     * Cuts or restores a link between two switches (carrier loss on both ends of its veth
     * pair) and polls the switches until the topology service has dropped or restored it,
     * as ONOS sees a port's LINK_DOWN at once.
     *
     * @param l  link of the topology
     * @param up true to restore it
     * @return milliseconds until TopologyService reported the change
     * @throws IllegalStateException if the topology did not change within 3 s
     */
    public long setLink(Topology.Link l, boolean up) {
        ConnectPoint a = new ConnectPoint(deviceId(l.switchA), PortNumber.portNumber(l.portA));
        ConnectPoint b = new ConnectPoint(deviceId(l.switchB), PortNumber.portNumber(l.portB));
        long start = System.currentTimeMillis();
        plumbing.setLink(l, up);
        while (true) {
            devices.poll();
            boolean isUp = topologyService.links().stream()
                    .anyMatch(k -> k.src().equals(a) && k.dst().equals(b));
            if (isUp == up) {
                return System.currentTimeMillis() - start;
            }
            if (System.currentTimeMillis() - start > 3000) {
                throw new IllegalStateException("the topology still shows link " + a + " - " + b
                        + (up ? " down" : " up") + " 3 s after the change");
            }
            Waits.sleep(10);
        }
    }

    /**
     * Stops the switches' ovs-vswitchd ({@link Plumbing#stopSwitches}): OVSDB keeps the
     * bridges, ports and controllers, the flow and group tables are lost. The device poll sees
     * every device unavailable before this returns.
     *
     * @return milliseconds it took
     */
    public long stopSwitches() {
        long start = System.currentTimeMillis();
        plumbing.stopSwitches();
        devices.poll();
        return System.currentTimeMillis() - start;
    }

    /**
     * Starts the switches' ovs-vswitchd again ({@link Plumbing#startSwitches}) and polls the
     * devices until every one is available; the stores re-push what the switches lost at their
     * first poll, 1 s after the connection, as ONOS does.
     *
     * @return milliseconds from the start until every device was available
     */
    public long startSwitches() {
        long start = System.currentTimeMillis();
        plumbing.startSwitches();
        List<DeviceId> ids = topology.switches().values().stream().map(s -> OvsSwitches.deviceId(s.dpid))
                .collect(Collectors.toList());
        while (true) {
            devices.poll();
            if (ids.stream().allMatch(devices::isAvailable)) {
                return System.currentTimeMillis() - start;
            }
            if (System.currentTimeMillis() - start > 10_000) {
                throw new IllegalStateException("devices still unavailable 10 s after the switches started: "
                        + ids.stream().filter(id -> !devices.isAvailable(id)).collect(Collectors.toList()));
            }
            Waits.sleep(10);
        }
    }

    /**
     * Restarts the switches: {@link #stopSwitches}, then {@link #startSwitches}.
     *
     * @return milliseconds from the restart until every device was available again
     */
    public long restartSwitches() {
        return stopSwitches() + startSwitches();
    }

    /**
     * Removes a host from the HostService (HOST_REMOVED), as an operator's host removal does on
     * ONOS; its port and device stay up.
     *
     * @param name host name
     */
    public void forgetHost(String name) {
        hosts.remove(onosHost(known(name)).id());
    }

    /**
     * Puts a host back into the HostService at its place (HOST_ADDED), as ONOS's host provider
     * does when the host sends again.
     *
     * @param name host name
     */
    public void learnHost(String name) {
        hosts.put(onosHost(known(name)));
    }

    private Topology.Host known(String name) {
        Topology.Host h = topology.hosts().get(name);
        if (h == null) {
            throw new IllegalArgumentException("unknown host '" + name + "'");
        }
        return h;
    }

    private DefaultHost onosHost(Topology.Host h) {
        return new DefaultHost(OvsDeviceService.PID, HostId.hostId(h.mac, h.vlan), h.mac, h.vlan,
                new HostLocation(connectPoint(h), System.currentTimeMillis()), Set.of(h.ip));
    }

    /**
     * Moves a host to another switch port, as when its cable is plugged elsewhere: its veth
     * pair's switch side leaves the old bridge and joins the new one at that port (same MAC
     * and IP); the switches are polled until the old port is gone and the new one is there
     * (PORT_REMOVED, PORT_ADDED); the other applications forward its MAC to the new port and
     * flood there instead of the old one; then HostService moves the host and posts
     * HOST_MOVED (subject: the host at its new location, previous subject: at the old one),
     * as ONOS's host store does when the host is seen at a new location.
     *
     * @param name       host name
     * @param switchName switch to attach it to
     * @param port       port number on that switch
     * @return milliseconds until the switches reported the ports
     * @throws IllegalArgumentException if the host or switch is unknown or the port is in use
     * @throws IllegalStateException    if the ports did not change within 3 s or the other
     *                                  applications' rules could not be changed
     */
    public long moveHost(String name, String switchName, int port) {
        Topology.Host from = topology.hosts().get(name);
        if (from == null) {
            throw new IllegalArgumentException("unknown host '" + name + "'");
        }
        if (!topology.switches().containsKey(switchName)) {
            throw new IllegalArgumentException("unknown switch '" + switchName + "'");
        }
        if (topology.portTaken(switchName, port)) {
            throw new IllegalArgumentException("port " + switchName + "/" + port + " is already used");
        }
        Topology.Host to = from.at(switchName, port);
        ConnectPoint oldCp = connectPoint(from);
        List<FlowRule> oldRules = OtherApps.rules(topology, otherApps);
        long start = System.currentTimeMillis();
        plumbing.moveHost(from, to);
        topology.move(to);
        ConnectPoint newCp = connectPoint(to);
        while (true) {
            devices.poll();
            switches.quiesce(1);
            if (devices.getPort(oldCp) == null && devices.getPort(newCp) != null) {
                break;
            }
            if (System.currentTimeMillis() - start > 3000) {
                throw new IllegalStateException("the switches did not report " + name + " moving from "
                        + oldCp + " to " + newCp + " within 3 s");
            }
            Waits.sleep(10);
        }
        long ms = System.currentTimeMillis() - start;
        replaceOtherAppsRules(oldRules, OtherApps.rules(topology, otherApps));
        hosts.put(onosHost(to));
        return ms;
    }

    // Removes the rules only the old set has, then adds those only the new one has and
    // those whose treatment changed (an add replaces the rule of the same match and priority,
    // as fwd installs its rules; an OpenFlow 1.3 modify is not strict and would change every
    // rule whose match includes this one's: all of them for the flood rule), and waits until
    // the switch took them.
    private void replaceOtherAppsRules(List<FlowRule> oldRules, List<FlowRule> newRules) {
        Map<FlowId, FlowRule> before = oldRules.stream().collect(Collectors.toMap(FlowRule::id, r -> r));
        Set<FlowId> newIds = newRules.stream().map(FlowRule::id).collect(Collectors.toSet());
        FlowRuleOperations.Builder ops = FlowRuleOperations.builder();
        oldRules.stream().filter(r -> !newIds.contains(r.id())).forEach(ops::remove);
        ops.newStage();
        for (FlowRule r : newRules) {
            FlowRule was = before.get(r.id());
            if (was == null) {
                ops.add(r);
            } else if (!was.treatment().equals(r.treatment())) {
                ops.add(r);
            }
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        flows.apply(ops.build(new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations o) {
                done.complete(true);
            }

            @Override
            public void onError(FlowRuleOperations o) {
                done.complete(false);
            }
        }));
        boolean ok;
        try {
            ok = done.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        } catch (ExecutionException | TimeoutException e) {
            ok = false;
        }
        if (!ok) {
            throw new IllegalStateException("the other applications' rules could not follow the host;"
                    + " see the sandbox log");
        }
    }

    /**
     * Returns the ONOS connect point of a host.
     *
     * @param h host
     * @return device and port
     */
    public ConnectPoint connectPoint(Topology.Host h) {
        return new ConnectPoint(OvsSwitches.deviceId(topology.switches().get(h.switchName).dpid),
                PortNumber.portNumber(h.port));
    }

    /**
     * Returns the ONOS connect point of a host where it is now (after any move).
     *
     * @param name host name
     * @return device and port, or null for an unknown host
     */
    public ConnectPoint location(String name) {
        Topology.Host h = topology.hosts().get(name);
        return h == null ? null : connectPoint(h);
    }

    /**
     * Returns the device id of a switch.
     *
     * @param name switch name
     * @return device id
     */
    public DeviceId deviceId(String name) {
        return OvsSwitches.deviceId(topology.switches().get(name).dpid);
    }

    /**
     * Waits until the OVS and event threads have run what is queued, and polls once.
     */
    public void quiesce() {
        devices.poll();
        switches.quiesce(3);
    }

    /**
     * Returns whether the rule engine runs.
     *
     * @return true if TapProgrammer was found and activated
     */
    public boolean engineRunning() {
        return engine && components.engineRunning();
    }

    /**
     * Returns the application's components.
     *
     * @return components
     */
    public SandboxComponents components() {
        return components;
    }

    /**
     * Returns the plumbing.
     *
     * @return plumbing
     */
    public Plumbing plumbing() {
        return plumbing;
    }

    /**
     * Returns the topology as it is now: a copy of the one given, whose hosts are where
     * {@link #moveHost} put them.
     *
     * @return topology
     */
    public Topology topology() {
        return topology;
    }

    /**
     * Returns the device service.
     *
     * @return service
     */
    public OvsDeviceService devices() {
        return devices;
    }

    /**
     * Returns the flow rule service.
     *
     * @return service
     */
    public OvsFlowRuleService flows() {
        return flows;
    }

    /**
     * Returns the core service.
     *
     * @return service
     */
    public SandboxCoreService core() {
        return core;
    }

    /**
     * Returns the group service.
     *
     * @return service
     */
    public OvsGroupService groups() {
        return groups;
    }

    @Override
    public void close() {
        try {
            if (components != null) {
                components.stop();
            }
        } finally {
            poller.shutdownNow();
            switches.shutdown();
            plumbing.destroy();
        }
    }
}

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
import org.onosproject.net.flow.FlowRule;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * One running sandbox: a topology built in OVS and namespaces, the in-process ONOS services
 * over it, the "other applications" rules, and the application's components.
 */
public final class Sandbox implements AutoCloseable {

    /** Application id the simulated forwarding applications install under. */
    public static final String OTHER_APPS = "org.onosproject.fwd";

    private static final long DEVICE_POLL_MS = 200;
    private static final long RECONCILE_MS = 500;

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
    private boolean engine;

    /**
     * Creates a sandbox for a topology; nothing is built yet.
     *
     * @param runId    short id of this run, part of every name created
     * @param topology topology
     */
    public Sandbox(String runId, Topology topology) {
        this.topology = topology;
        this.plumbing = new Plumbing(runId, topology);
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
            hosts.put(new DefaultHost(OvsDeviceService.PID, HostId.hostId(h.mac, h.vlan), h.mac, h.vlan,
                    new HostLocation(connectPoint(h), System.currentTimeMillis()), Set.of(h.ip)));
        }
        ApplicationId fwd = core.registerApplication(OTHER_APPS);
        List<FlowRule> rules = OtherApps.rules(topology, fwd);
        flows.applyFlowRules(rules.toArray(new FlowRule[0]));
        switches.quiesce(2);
        long added = StreamSupport.stream(flows.getFlowEntriesById(fwd).spliterator(), false)
                .filter(e -> e.state() == FlowEntry.FlowEntryState.ADDED).count();
        if (added != rules.size()) {
            throw new IllegalStateException("only " + added + " of the " + rules.size()
                    + " forwarding rules were installed; see the sandbox log");
        }
        poller.scheduleWithFixedDelay(this::pollDevices, DEVICE_POLL_MS, DEVICE_POLL_MS, TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(this::reconcile, RECONCILE_MS, RECONCILE_MS, TimeUnit.MILLISECONDS);
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
                throw new IllegalStateException("the switches' ports did not all appear within 10 s");
            }
            sleep(100);
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
            sleep(10);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
     * Returns the topology.
     *
     * @return topology
     */
    public Topology topology() {
        return topology;
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

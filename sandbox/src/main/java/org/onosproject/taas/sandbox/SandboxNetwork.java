package org.onosproject.taas.sandbox;

import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The in-process backend: the application's components over the sandbox's imitation of
 * ONOS's services ({@link Sandbox}). Tap objects go through TaasAdminService, CLI lines run
 * the command classes in-process, and {@link #tables()} is every rule and group of every
 * switch (the other applications' rules are static here, so the whole table is compared).
 */
public final class SandboxNetwork implements NetworkUnderTest {

    private static final long STATUS_TIMEOUT_MS = 5000;

    private final String runId;
    private Sandbox sandbox;
    private InProcessCli cli;
    private Map<String, String> beforeEngine;

    /**
     * Creates the backend; nothing is built until {@link #start}.
     *
     * @param runId short id of this run, part of every name created
     */
    public SandboxNetwork(String runId) {
        this.runId = runId;
    }

    @Override
    public void start(Scenario scenario) {
        sandbox = new Sandbox(runId, scenario.topology());
        sandbox.start();
        beforeEngine = sandbox.plumbing().tables();
        cli = new InProcessCli(sandbox.components().taas(), sandbox.components().admin());
    }

    @Override
    public String describe() {
        if (sandbox == null || !sandbox.engineRunning()) {
            return "sandbox (no rule engine on the classpath: nothing will be mirrored)";
        }
        return sandbox.components().unboundFields().isEmpty() ? "sandbox"
                : "sandbox (engine fields left unbound: " + sandbox.components().unboundFields() + ")";
    }

    @Override
    public Plumbing plumbing() {
        return sandbox.plumbing();
    }

    @Override
    public Topology topology() {
        return sandbox.topology();
    }

    @Override
    public DeviceId deviceId(String switchName) {
        return sandbox.deviceId(switchName);
    }

    @Override
    public ConnectPoint location(String hostName) {
        return sandbox.location(hostName);
    }

    @Override
    public TapService createTapService(TapService request) {
        return sandbox.components().admin().createTapService(request);
    }

    @Override
    public TapFlow createTapFlow(TapFlow request) {
        return sandbox.components().admin().createTapFlow(request);
    }

    @Override
    public List<TapFlow> createTapFlows(List<TapFlow> requests) {
        return sandbox.components().admin().createTapFlows(requests);
    }

    @Override
    public TapFlow updateTapFlow(TapFlow changed) {
        return sandbox.components().admin().updateTapFlow(changed);
    }

    @Override
    public void removeTapService(TapServiceId id) {
        sandbox.components().admin().removeTapService(id);
    }

    @Override
    public void removeTapFlow(TapFlowId id) {
        sandbox.components().admin().removeTapFlow(id);
    }

    @Override
    public Collection<TapService> tapServices() {
        return sandbox.components().taas().getTapServices();
    }

    @Override
    public Collection<TapFlow> tapFlows() {
        return sandbox.components().taas().getTapFlows();
    }

    @Override
    public TapStats tapServiceStats(TapServiceId id) {
        TaasStatsService stats = sandbox.components().service(TaasStatsService.class);
        return stats == null ? TapStats.notSampled() : stats.tapServiceStats(id);
    }

    @Override
    public TapStats tapFlowStats(TapFlowId id) {
        TaasStatsService stats = sandbox.components().service(TaasStatsService.class);
        return stats == null ? TapStats.notSampled() : stats.tapFlowStats(id);
    }

    @Override
    public CliResult cli(String line) {
        return cli.run(line);
    }

    @Override
    public Map<String, String> tables() {
        return sandbox.plumbing().tables();
    }

    @Override
    public Map<String, String> applicationTables() {
        return SwitchTables.ofApplication(tables(), sandbox.core().getAppId(OnosNetwork.APP).id());
    }

    @Override
    public long setPort(String hostName, boolean up) {
        long start = System.currentTimeMillis();
        sandbox.plumbing().setLink(sandbox.topology().hosts().get(hostName), up);
        sandbox.quiesce();
        return System.currentTimeMillis() - start;
    }

    @Override
    public long setLink(Topology.Link link, boolean up) {
        return sandbox.setLink(link, up);
    }

    @Override
    public long moveHost(String hostName, String switchName, int port) {
        return sandbox.moveHost(hostName, switchName, port);
    }

    @Override
    public long forgetHost(String hostName) {
        return quiescedAfter(() -> sandbox.forgetHost(hostName));
    }

    @Override
    public long learnHost(String hostName) {
        return quiescedAfter(() -> sandbox.learnHost(hostName));
    }

    // Milliseconds from the start of a change until the sandbox has quiesced after it.
    private long quiescedAfter(Runnable change) {
        long start = System.currentTimeMillis();
        change.run();
        sandbox.quiesce();
        return System.currentTimeMillis() - start;
    }

    @Override
    public String restartController() {
        // the sandbox's stores live in this JVM: there is no controller to restart apart from it
        return "skipped: the sandbox has no controller apart from itself; a real ONOS restarts with "
                + "ONOS_RESTART_COMMAND";
    }

    @Override
    public long stopSwitches() {
        return sandbox.stopSwitches();
    }

    @Override
    public long startSwitches() {
        return sandbox.startSwitches();
    }

    @Override
    public long settleAfterRestart() {
        // the sandbox's host store keeps the hosts and its links follow the ports
        return 0;
    }

    @Override
    public long setApplication(boolean active) {
        long start = System.currentTimeMillis();
        if (active) {
            sandbox.components().startEngine();
        } else {
            sandbox.components().stopEngine();
        }
        sandbox.quiesce();
        return System.currentTimeMillis() - start;
    }

    @Override
    public void quiesce() {
        sandbox.quiesce();
    }

    @Override
    public long statusTimeoutMs() {
        return STATUS_TIMEOUT_MS;
    }

    /**
     * Deactivates the rule engine and checks that every switch holds again exactly the rules
     * and groups it had before the engine started, and that no group add had to wait for
     * ONOS's group poll (a group key used again while its group was being deleted: on a real
     * ONOS, seconds without copies).
     */
    @Override
    public String finish() {
        if (!sandbox.engineRunning()) {
            return null;
        }
        sandbox.components().stopEngine();
        boolean same = Waits.until(() -> sandbox.plumbing().tables().equals(beforeEngine), STATUS_TIMEOUT_MS);
        int waited = sandbox.groups().waitedAdds();
        String left = same ? "" : SwitchTables.diff(beforeEngine, sandbox.plumbing().tables());
        if (waited > 0) {
            left += (left.isEmpty() ? "" : "\n") + "        " + waited + " group add(s) reused the key of a group "
                    + "being deleted and waited for the group poll";
        }
        return left.isEmpty() ? null : left;
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}

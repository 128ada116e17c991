package org.onosproject.taas.sandbox;

import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The network a scenario runs on: the scenario's switches, hosts and links built in Open
 * vSwitch and network namespaces ({@link Plumbing}, shared by every backend), and a
 * controller that runs the application over them. The scenario runner talks only to this
 * contract; the in-process sandbox ({@link SandboxNetwork}) and a real ONOS reached over
 * REST and ssh ({@link OnosNetwork}) implement it.
 * <p>
 * Tap objects are created, read and removed with the application's own model classes; a
 * backend translates them to its API. Every method that changes the network waits until the
 * controller has seen the change.
 */
public interface NetworkUnderTest extends AutoCloseable {

    /**
     * Builds the scenario's topology and brings the controller to the point where it sees
     * every device, link and host, with the application running.
     *
     * @param scenario scenario whose topology (and, for warm-up traffic, steps) to use
     * @throws IllegalStateException if any of it fails
     */
    void start(Scenario scenario);

    /**
     * Returns what this backend is, for the run's log.
     *
     * @return a short description
     */
    String describe();

    /**
     * Returns the plumbing: bridges, namespaces and veth pairs of the topology.
     *
     * @return plumbing
     */
    Plumbing plumbing();

    /**
     * Returns the topology as it is now (hosts where {@link #moveHost} put them).
     *
     * @return topology
     */
    Topology topology();

    /**
     * Returns the device id of a switch.
     *
     * @param switchName switch name
     * @return device id
     */
    DeviceId deviceId(String switchName);

    /**
     * Returns where a host is attached now.
     *
     * @param hostName host name
     * @return device and port, or null for an unknown host
     */
    ConnectPoint location(String hostName);

    /**
     * Creates a tap service.
     *
     * @param request tap service to create (its id is used)
     * @return the tap service as created
     * @throws RuntimeException with the controller's message if it is refused
     */
    TapService createTapService(TapService request);

    /**
     * Creates a tap flow.
     *
     * @param request tap flow to create (its id is used)
     * @return the tap flow as created
     * @throws RuntimeException with the controller's message if it is refused
     */
    TapFlow createTapFlow(TapFlow request);

    /**
     * Creates several tap flows at once, all or none.
     *
     * @param requests tap flows to create (their ids are used)
     * @return the tap flows as created, in order
     * @throws RuntimeException with the controller's message if any is refused
     */
    List<TapFlow> createTapFlows(List<TapFlow> requests);

    /**
     * Changes a tap flow in place (direction and VLAN filter).
     *
     * @param changed the tap flow with its new values
     * @return the tap flow as updated
     * @throws RuntimeException with the controller's message if it is refused
     */
    TapFlow updateTapFlow(TapFlow changed);

    /**
     * Removes a tap service and the tap flows that feed it.
     *
     * @param id tap service id
     */
    void removeTapService(TapServiceId id);

    /**
     * Removes a tap flow.
     *
     * @param id tap flow id
     */
    void removeTapFlow(TapFlowId id);

    /**
     * Returns every tap service, with its status.
     *
     * @return tap services
     */
    Collection<TapService> tapServices();

    /**
     * Returns every tap flow, with its status.
     *
     * @return tap flows
     */
    Collection<TapFlow> tapFlows();

    /**
     * Returns what a tap service received, from the controller's statistics (the
     * application's TaasStatsService; on ONOS the "stats" of its REST object).
     *
     * @param id tap service id
     * @return statistics; not sampled if there are none (yet)
     */
    TapStats tapServiceStats(TapServiceId id);

    /**
     * Returns what a tap flow copied, from the controller's statistics.
     *
     * @param id tap flow id
     * @return statistics; not sampled if there are none (yet)
     */
    TapStats tapFlowStats(TapFlowId id);

    /**
     * Types one ONOS CLI command.
     *
     * @param line command line
     * @return exit status and output
     */
    CliResult cli(String line);

    /**
     * Returns, per switch name, the rules and groups the comparisons of {@code snapshot} and
     * {@code same} look at, as sorted text without counters.
     *
     * @return text by switch name
     */
    Map<String, String> tables();

    /**
     * Returns {@link #tables()} reduced to the application's own rules and groups.
     *
     * @return canonical tables by switch name
     */
    Map<String, String> applicationTables();

    /**
     * Sets the switch side of a host's link down or up (carrier loss) and waits until the
     * controller has seen it.
     *
     * @param hostName host name
     * @param up       true to bring it up
     * @return milliseconds until the controller showed the change
     */
    long setPort(String hostName, boolean up);

    /**
     * Cuts or restores a link between switches and waits until the controller's topology
     * has dropped or restored it.
     *
     * @param link link of the topology
     * @param up   true to restore it
     * @return milliseconds until the topology changed
     */
    long setLink(Topology.Link link, boolean up);

    /**
     * Moves a host's link to another switch port and waits until the controller has the
     * host at its new place.
     *
     * @param hostName   host name
     * @param switchName switch to attach it to
     * @param port       port number on that switch
     * @return milliseconds until the controller saw the new port
     */
    long moveHost(String hostName, String switchName, int port);

    /**
     * Has the controller forget a host, as an operator's host removal does (the host, its port
     * and its device stay up), and waits until it no longer knows it.
     *
     * @param hostName host name
     * @return milliseconds until the controller no longer knew the host
     */
    long forgetHost(String hostName);

    /**
     * Has the host announce itself (broadcast frames, as a host that sends ARP or DHCP) until
     * the controller knows it at its port again.
     *
     * @param hostName host name
     * @return milliseconds until the controller knew the host
     */
    long learnHost(String hostName);

    /**
     * Stops the switches' ovs-vswitchd ({@link Plumbing#stopSwitches}: the bridges, ports and
     * controller settings stay in OVSDB, the flow and group tables are lost) and waits until the
     * controller shows every device unavailable. What the controller forgets then (a real ONOS
     * removes the hosts of a device that went away) is the backend's own.
     *
     * @return milliseconds from the stop until the controller showed every device unavailable
     */
    long stopSwitches();

    /**
     * Starts the switches' ovs-vswitchd again after {@link #stopSwitches} and waits until the
     * controller has seen every device connected again (and, on a real ONOS, the host and link
     * ports that were enabled before enabled again). What the controller then re-pushes from
     * its stores is the backend's own.
     *
     * @return milliseconds from the start until the controller showed every device available
     */
    long startSwitches();

    /**
     * Restarts the switches' ovs-vswitchd: {@link #stopSwitches} then {@link #startSwitches}.
     *
     * @return milliseconds from the restart until the controller showed every device available
     */
    default long restartSwitches() {
        return stopSwitches() + startSwitches();
    }

    /**
     * After {@link #startSwitches}: waits for what the network itself needs before traffic
     * can be compared with the traffic before the restart (a real ONOS: the links found again
     * by LLDP, the hosts it removed learnt again, else its forwarding floods their frames to
     * every port, tap ports included). Nothing of the application is waited for here.
     *
     * @return milliseconds it took
     */
    long settleAfterRestart();

    /**
     * Restarts the controller itself (every instance; the switches keep running, fail-mode
     * secure, so they keep their rules meanwhile) and waits until it is back: the application
     * ACTIVE, the devices, links and hosts seen again. Only a real controller can: the sandbox
     * (and a real ONOS without a restart command) skips it, saying so.
     *
     * @return what happened, with the figures (for the log)
     */
    String restartController();

    /**
     * Deactivates or activates the application itself (not the controller), as an operator
     * does, and waits until it is done.
     *
     * @param active true to activate it
     * @return milliseconds it took
     */
    long setApplication(boolean active);

    /**
     * Waits until what the controller has queued has run.
     */
    void quiesce();

    /**
     * Returns how long a status or path expectation may wait on this backend.
     *
     * @return milliseconds
     */
    long statusTimeoutMs();

    /**
     * Ends the scenario's use of the application: removes what the scenario left of it and
     * checks that the switches hold none of its rules or groups any more.
     *
     * @return null when clean, else what was left
     */
    String finish();

    /**
     * Takes everything down: the application's part of the scenario, the plumbing, and what
     * the controller learnt of the topology.
     */
    @Override
    void close();
}

package org.onosproject.taas.sandbox.net;

import org.onosproject.net.DeviceId;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * The Open vSwitch bridges the sandbox's ONOS services drive, by device id, with the two
 * threads they share: one that talks to OVS (so that everything sent to a switch is applied
 * in submission order, as one OpenFlow connection would) and one that delivers events to
 * listeners (as ONOS's event dispatcher does).
 */
public final class OvsSwitches {

    private final Logger log = getLogger(getClass());
    private final Map<DeviceId, String> bridges = new ConcurrentHashMap<>();
    private final Set<DeviceId> disconnected = ConcurrentHashMap.newKeySet();
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> daemon(r, "sandbox-ovs-io"));
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> daemon(r, "sandbox-events"));

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Returns the ONOS device id of a datapath id, as ONOS's OpenFlow provider names it.
     *
     * @param dpid datapath id
     * @return device id {@code of:} followed by 16 hex digits
     */
    public static DeviceId deviceId(long dpid) {
        return DeviceId.deviceId(String.format("of:%016x", dpid));
    }

    /**
     * Registers a bridge.
     *
     * @param deviceId device id of the bridge (from its datapath id)
     * @param bridge   bridge name in OVS
     */
    public void add(DeviceId deviceId, String bridge) {
        bridges.put(deviceId, bridge);
    }

    /**
     * Forgets a bridge.
     *
     * @param deviceId device id
     */
    public void remove(DeviceId deviceId) {
        bridges.remove(deviceId);
        disconnected.remove(deviceId);
    }

    /**
     * Records whether the controller's connection to a device is up, as OvsDeviceService's
     * poll finds it ({@code ovs-ofctl show} answers or not). A device is connected until
     * found otherwise.
     *
     * @param deviceId device id
     * @param up       true if it answers
     */
    public void setConnected(DeviceId deviceId, boolean up) {
        if (up) {
            disconnected.remove(deviceId);
        } else {
            disconnected.add(deviceId);
        }
    }

    /**
     * Returns whether the controller's connection to a device is up. The flow and group
     * polls skip a device that is not: ONOS polls only connected switches, and a switch that
     * has just come back is polled by its reconnection first (groups, then rules).
     *
     * @param deviceId device id
     * @return false if the last device poll found it not answering
     */
    public boolean connected(DeviceId deviceId) {
        return !disconnected.contains(deviceId);
    }

    /**
     * Returns the bridge of a device.
     *
     * @param deviceId device id
     * @return bridge name, or null if the device is not a sandbox bridge
     */
    public String bridge(DeviceId deviceId) {
        return bridges.get(deviceId);
    }

    /**
     * Returns the registered devices.
     *
     * @return device ids
     */
    public Set<DeviceId> devices() {
        return Set.copyOf(bridges.keySet());
    }

    /**
     * Runs {@code ovs-ofctl -O OpenFlow13 ARGS...} where an argument {@code "%BR"} is replaced
     * by the device's bridge. Call only from the OVS thread (see {@link #io}).
     *
     * @param deviceId device
     * @param stdin    standard input, or null
     * @param args     ovs-ofctl arguments
     * @return finished command
     */
    public Command ofctl(DeviceId deviceId, String stdin, String... args) {
        String bridge = bridge(deviceId);
        if (bridge == null) {
            throw new IllegalArgumentException("unknown device " + deviceId);
        }
        List<String> argv = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13"));
        for (String a : args) {
            argv.add(a.equals("%BR") ? bridge : a);
        }
        return Command.run(argv, stdin);
    }

    /**
     * Runs a task on the OVS thread.
     *
     * @param task task
     * @param <T>  result type
     * @return its result
     */
    public <T> CompletableFuture<T> io(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        io.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                log.warn("OVS task failed", e);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Delivers an event (or anything listener-bound) on the event thread.
     *
     * @param delivery delivery
     */
    public void post(Runnable delivery) {
        events.execute(() -> {
            try {
                delivery.run();
            } catch (RuntimeException e) {
                log.warn("Listener failed", e);
            }
        });
    }

    /**
     * Waits until the OVS thread and the event thread have run everything queued so far,
     * and what that queued in turn, a few rounds deep.
     *
     * @param rounds how many io/event round trips to wait for
     */
    public void quiesce(int rounds) {
        for (int i = 0; i < rounds; i++) {
            io(() -> null).join();
            CompletableFuture<Void> done = new CompletableFuture<>();
            events.execute(() -> done.complete(null));
            done.join();
        }
    }

    /**
     * Stops both threads.
     */
    public void shutdown() {
        io.shutdown();
        events.shutdown();
        try {
            io.awaitTermination(10, TimeUnit.SECONDS);
            events.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

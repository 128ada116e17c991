package org.onosproject.taas.impl;

import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Host;
import org.onosproject.net.HostLocation;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MACs last seen on ports whose hosts ONOS forgot because the port or its device went
 * away (ONOS's host provider removes the hosts of a device that disconnects and of a port
 * that goes down). IN mirroring of such a port keeps matching those MACs, so a switch restart
 * or a port flap does not stop IN copies until the host happens to send again. The memory of
 * a port ends when ONOS places a host there again, and a MAC's when ONOS sees that host
 * anywhere (then ONOS's view is followed).
 */
final class HostMemory {

    private final Map<ConnectPoint, Set<MacAddress>> remembered = new ConcurrentHashMap<>();

    /**
     * Remembers a host ONOS removed because its port or device went away.
     *
     * @param host the removed host
     */
    void forgotten(Host host) {
        for (HostLocation l : host.locations()) {
            remembered.computeIfAbsent(new ConnectPoint(l.elementId(), l.port()),
                                       k -> ConcurrentHashMap.newKeySet()).add(host.mac());
        }
    }

    /**
     * Follows ONOS again for a host it sees: its MAC is forgotten everywhere, and so is every
     * port where it is now.
     *
     * @param host the host as ONOS has it now
     * @return the ports whose remembered MACs changed
     */
    Set<ConnectPoint> seen(Host host) {
        Set<ConnectPoint> changed = new HashSet<>();
        remembered.forEach((port, macs) -> {
            if (macs.remove(host.mac())) {
                changed.add(port);
            }
        });
        for (HostLocation l : host.locations()) {
            ConnectPoint port = new ConnectPoint(l.elementId(), l.port());
            if (remembered.remove(port) != null) {
                changed.add(port);
            }
        }
        remembered.values().removeIf(Set::isEmpty);
        return changed;
    }

    /**
     * Returns the MACs remembered on a port.
     *
     * @param port connect point
     * @return MACs, empty if none
     */
    Set<MacAddress> at(ConnectPoint port) {
        return Set.copyOf(remembered.getOrDefault(port, Set.of()));
    }

    /**
     * Forgets everything.
     */
    void clear() {
        remembered.clear();
    }
}

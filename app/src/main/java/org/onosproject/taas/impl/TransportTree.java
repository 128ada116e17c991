package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableMap;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.Path;
import org.onosproject.net.PortNumber;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The links that carry one tap service's copies from its remote source devices to its tap
 * port: a tree rooted at the tap device, built from one path per source device (taken in
 * device-id order; a path stops where it meets the tree), so every device has one next hop
 * and transit rules of different sources never disagree. Pure.
 */
public final class TransportTree {

    private final ConnectPoint tapPort;
    private final Map<DeviceId, Link> nextHop;
    private final Map<DeviceId, Set<PortNumber>> ingress;

    private TransportTree(ConnectPoint tapPort, Map<DeviceId, Link> nextHop,
                          Map<DeviceId, Set<PortNumber>> ingress) {
        this.tapPort = tapPort;
        this.nextHop = ImmutableMap.copyOf(nextHop);
        this.ingress = ImmutableMap.copyOf(ingress);
    }

    /**
     * Builds the tree.
     *
     * @param tapPort tap service port
     * @param paths   a path from each source device to the tap device; sources without a path
     *                are simply absent
     * @return the tree
     */
    public static TransportTree build(ConnectPoint tapPort, Map<DeviceId, Path> paths) {
        Map<DeviceId, Link> next = new LinkedHashMap<>();
        Map<DeviceId, Set<PortNumber>> in = new HashMap<>();
        Map<DeviceId, Path> ordered = new TreeMap<>(Comparator.comparing(DeviceId::toString));
        ordered.putAll(paths);
        for (Map.Entry<DeviceId, Path> e : ordered.entrySet()) {
            for (Link l : e.getValue().links()) {
                DeviceId from = l.src().deviceId();
                if (next.containsKey(from) || from.equals(tapPort.deviceId())) {
                    break; // joined the tree
                }
                next.put(from, l);
                in.computeIfAbsent(l.dst().deviceId(), k -> new HashSet<>()).add(l.dst().port());
            }
        }
        return new TransportTree(tapPort, next, in);
    }

    /**
     * Returns the tap port.
     *
     * @return connect point
     */
    public ConnectPoint tapPort() {
        return tapPort;
    }

    /**
     * Returns true if copies from the device can reach the tap device.
     *
     * @param source source device
     * @return true if it is in the tree
     */
    public boolean reaches(DeviceId source) {
        return source.equals(tapPort.deviceId()) || nextHop.containsKey(source);
    }

    /**
     * Returns each device's link towards the tap device.
     *
     * @return next hop link by device
     */
    public Map<DeviceId, Link> nextHops() {
        return nextHop;
    }

    /**
     * Returns the ports on which each device receives copies from the previous hop.
     *
     * @return ingress ports by device
     */
    public Map<DeviceId, Set<PortNumber>> ingressPorts() {
        return ingress;
    }

    /**
     * Returns the path from a source device: each link's egress and ingress, then the tap port.
     *
     * @param source source device
     * @return hops, empty if the source is not in the tree
     */
    public List<ConnectPoint> pathFrom(DeviceId source) {
        List<ConnectPoint> hops = new ArrayList<>();
        if (!nextHop.containsKey(source)) {
            return hops;
        }
        DeviceId d = source;
        while (nextHop.containsKey(d) && hops.size() < 2 * nextHop.size() + 2) {
            Link l = nextHop.get(d);
            hops.add(l.src());
            hops.add(l.dst());
            d = l.dst().deviceId();
        }
        hops.add(tapPort);
        return hops;
    }
}

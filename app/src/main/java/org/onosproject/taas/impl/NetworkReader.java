package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableSet;
import org.onlab.packet.MacAddress;
import org.onosproject.net.AnnotationKeys;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.Path;
import org.onosproject.net.Port;
import org.onosproject.net.PortNumber;
import org.onosproject.net.behaviour.ExtensionTreatmentResolver;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.driver.DriverHandler;
import org.onosproject.net.driver.DriverService;
import org.onosproject.net.host.HostService;
import org.onosproject.net.topology.PathService;
import org.onosproject.taas.api.TaasStore;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapTunnel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The only place that reads the network for the compiler: devices, ports, hosts, drivers
 * and paths, turned into {@link PortSnapshot}s and path choices.
 */
final class NetworkReader {

    /** Shortest path first (fewest links), then a stable order, so every instance agrees. */
    private static final Comparator<Path> PATH_ORDER = Comparator
            .comparingInt((Path p) -> p.links().size())
            .thenComparing(p -> p.links().stream().map(l -> l.src() + ">" + l.dst())
                    .collect(Collectors.joining(",")));

    private final TaasStore store;
    private final DeviceService deviceService;
    private final HostService hostService;
    private final DriverService driverService;
    private final PathService pathService;
    private final HostMemory hostMemory;
    private volatile TunnelPorts tunnelPorts = TunnelPorts.DEFAULT;

    /**
     * Sets the names of the tunnel ports to look for.
     *
     * @param names tunnel port names
     */
    void setTunnelPorts(TunnelPorts names) {
        this.tunnelPorts = names;
    }

    NetworkReader(TaasStore store, DeviceService deviceService, HostService hostService,
                  DriverService driverService, PathService pathService, HostMemory hostMemory) {
        this.hostMemory = hostMemory;
        this.store = store;
        this.deviceService = deviceService;
        this.hostService = hostService;
        this.driverService = driverService;
        this.pathService = pathService;
    }

    /**
     * Takes a snapshot of one port for the compiler.
     *
     * @param p      the port
     * @param routes how copies reach a tap service on another device from this device
     * @return snapshot
     */
    PortSnapshot snapshot(ConnectPoint p, BiFunction<TapService, DeviceId, RemoteRoute> routes) {
        DeviceId d = p.deviceId();
        Device device = deviceService.getDevice(d);
        boolean available = device != null && deviceService.isAvailable(d);
        PortSnapshot.Builder b = PortSnapshot.builder(p).deviceAvailable(available).portState(portState(p));
        if (available) {
            resolveNicira(d, b);
        }
        Collection<TapFlow> flows = store.getTapFlowsBySource(p);
        Map<TapServiceId, TapService> services = new HashMap<>();
        Map<ConnectPoint, PortState> tapStates = new HashMap<>();
        Map<TapServiceId, RemoteRoute> remote = new HashMap<>();
        for (TapFlow f : flows) {
            TapService s = store.getTapService(f.tapServiceId());
            if (s != null) {
                services.put(s.id(), s);
            }
            // a tunnel's copies leave from this device: no tap port, no route
            if (s != null && !s.isTunnel()) {
                tapStates.computeIfAbsent(s.port(), this::portState);
                RemoteRoute r = s.port().deviceId().equals(d) ? null : routes.apply(s, d);
                if (r != null) {
                    remote.put(s.id(), r);
                }
            }
        }
        Set<MacAddress> macs = hostService.getConnectedHosts(p).stream().map(Host::mac).collect(Collectors.toSet());
        if (macs.isEmpty()) {
            // ONOS forgot them when the port or the device went away: keep mirroring them
            macs = hostMemory.at(p);
        }
        if (available && services.values().stream().anyMatch(TapService::isTunnel)) {
            readTunnelPorts(d, b);
        }
        return b.flows(flows).services(services).tapPortStates(tapStates).routes(remote)
                .hostMacs(ImmutableSet.copyOf(macs)).tapServiceHere(store.getTapServiceByPort(p)).build();
    }

    // The device's enabled tunnel ports (an exact name wins over a suffixed one) and bridge name.
    private void readTunnelPorts(DeviceId d, PortSnapshot.Builder b) {
        TunnelPorts names = tunnelPorts;
        Map<TapTunnel.Type, PortNumber> found = new EnumMap<>(TapTunnel.Type.class);
        String bridge = null;
        List<Port> ports = new ArrayList<>(deviceService.getPorts(d));
        ports.sort(Comparator.comparingLong(p -> p.number().toLong()));
        for (Port port : ports) {
            String name = port.annotations().value(AnnotationKeys.PORT_NAME);
            // LOCAL: ONOS numbers it -2, an OpenFlow dump 0xfffffffe
            if (PortNumber.LOCAL.equals(port.number()) || port.number().toLong() == 0xfffffffeL) {
                bridge = name;
                continue;
            }
            for (TapTunnel.Type type : TapTunnel.Type.values()) {
                if (port.isEnabled() && names.matches(type, name)
                        && (!found.containsKey(type) || name.equals(names.name(type)))) {
                    found.put(type, port.number());
                }
            }
        }
        b.tunnelPorts(found, bridge);
    }

    private void resolveNicira(DeviceId d, PortSnapshot.Builder b) {
        try {
            DriverHandler handler = driverService.createHandler(d);
            String name = handler.driver() == null ? "" : handler.driver().name();
            if (handler.driver() != null && handler.driver().hasBehaviour(ExtensionTreatmentResolver.class)) {
                b.nicira(new NiciraExtensions(d, handler.behaviour(ExtensionTreatmentResolver.class)), name);
            } else {
                b.nicira(null, name);
            }
        } catch (RuntimeException e) {
            // no driver bound to the device (ItemNotFoundException and the like)
            b.nicira(null, "none");
        }
    }

    /**
     * Returns the state of a port: ABSENT when the device is unavailable or the port unknown.
     *
     * @param cp connect point
     * @return state
     */
    PortState portState(ConnectPoint cp) {
        if (!deviceService.isAvailable(cp.deviceId())) {
            return PortState.ABSENT;
        }
        Port port = deviceService.getPort(cp);
        if (port == null) {
            return PortState.ABSENT;
        }
        return port.isEnabled() ? PortState.UP : PortState.DOWN;
    }

    /**
     * Returns one path from each available source device to the tap device.
     *
     * @param sources   source devices
     * @param tapDevice tap device
     * @return path by source; sources without a path are absent
     */
    Map<DeviceId, Path> paths(Set<DeviceId> sources, DeviceId tapDevice) {
        Map<DeviceId, Path> paths = new HashMap<>();
        if (!deviceService.isAvailable(tapDevice)) {
            return paths;
        }
        for (DeviceId src : sources) {
            if (deviceService.isAvailable(src)) {
                pathService.getPaths(src, tapDevice).stream().min(PATH_ORDER).ifPresent(p -> paths.put(src, p));
            }
        }
        return paths;
    }

    /**
     * Returns the available devices.
     *
     * @return device ids
     */
    List<DeviceId> availableDevices() {
        List<DeviceId> devices = new ArrayList<>();
        deviceService.getAvailableDevices().forEach(dev -> devices.add(dev.id()));
        return devices;
    }
}

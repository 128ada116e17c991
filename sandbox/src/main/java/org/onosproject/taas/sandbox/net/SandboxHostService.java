package org.onosproject.taas.sandbox.net;

import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostId;
import org.onosproject.net.host.HostEvent;
import org.onosproject.net.host.HostListener;
import org.onosproject.net.host.HostServiceAdapter;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * HostService holding the hosts of the scenario's topology, as ONOS's host provider would
 * have learned them; posts HOST_ADDED, HOST_MOVED and HOST_REMOVED.
 */
public class SandboxHostService extends HostServiceAdapter {

    private final OvsSwitches switches;
    private final ListenerRegistry<HostEvent, HostListener> listeners = new ListenerRegistry<>();
    private final Map<HostId, Host> hosts = new ConcurrentHashMap<>();

    /**
     * Creates the service.
     *
     * @param switches whose event thread delivers the events
     */
    public SandboxHostService(OvsSwitches switches) {
        this.switches = switches;
    }

    /**
     * Adds a host, or moves it if one with its id exists elsewhere.
     *
     * @param host host
     */
    public void put(Host host) {
        Host old = hosts.put(host.id(), host);
        HostEvent e = old == null ? new HostEvent(HostEvent.Type.HOST_ADDED, host)
                : !old.location().equals(host.location()) ? new HostEvent(HostEvent.Type.HOST_MOVED, host, old)
                : new HostEvent(HostEvent.Type.HOST_UPDATED, host, old);
        switches.post(() -> listeners.process(e));
    }

    /**
     * Removes a host.
     *
     * @param id host id
     */
    public void remove(HostId id) {
        Host old = hosts.remove(id);
        if (old != null) {
            HostEvent e = new HostEvent(HostEvent.Type.HOST_REMOVED, old);
            switches.post(() -> listeners.process(e));
        }
    }

    private Set<Host> select(Predicate<Host> filter) {
        return hosts.values().stream().filter(filter).collect(Collectors.toSet());
    }

    @Override
    public int getHostCount() {
        return hosts.size();
    }

    @Override
    public Iterable<Host> getHosts() {
        return List.copyOf(hosts.values());
    }

    @Override
    public Host getHost(HostId hostId) {
        return hosts.get(hostId);
    }

    @Override
    public Set<Host> getHostsByVlan(VlanId vlanId) {
        return select(h -> h.vlan().equals(vlanId));
    }

    @Override
    public Set<Host> getHostsByMac(MacAddress mac) {
        return select(h -> h.mac().equals(mac));
    }

    @Override
    public Set<Host> getHostsByIp(IpAddress ip) {
        return select(h -> h.ipAddresses().contains(ip));
    }

    @Override
    public Set<Host> getConnectedHosts(ConnectPoint connectPoint) {
        return select(h -> h.locations().stream().anyMatch(l -> l.deviceId().equals(connectPoint.deviceId())
                && l.port().equals(connectPoint.port())));
    }

    @Override
    public Set<Host> getConnectedHosts(DeviceId deviceId) {
        return select(h -> h.locations().stream().anyMatch(l -> l.deviceId().equals(deviceId)));
    }

    @Override
    public void addListener(HostListener listener) {
        listeners.addListener(listener);
    }

    @Override
    public void removeListener(HostListener listener) {
        listeners.removeListener(listener);
    }
}

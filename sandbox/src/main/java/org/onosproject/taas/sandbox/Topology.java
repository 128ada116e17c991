package org.onosproject.taas.sandbox;

import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Switches, hosts and links of a scenario.
 */
public final class Topology {

    /** A switch: an OVS bridge. */
    public static final class Switch {
        /** Scenario name, such as s1. */
        public final String name;
        /** Datapath id. */
        public final long dpid;
        /** ONOS driver the device gets: ovs or default. */
        public final String driver;

        Switch(String name, long dpid, String driver) {
            this.name = name;
            this.dpid = dpid;
            this.driver = driver;
        }
    }

    /** A host: a network namespace with one interface on a switch port. */
    public static final class Host {
        /** Scenario name, such as h1. */
        public final String name;
        /** Switch it is attached to. */
        public final String switchName;
        /** OpenFlow port number on that switch. */
        public final int port;
        /** MAC address. */
        public final MacAddress mac;
        /** IPv4 address. */
        public final IpAddress ip;
        /** Prefix length of its subnet. */
        public final int prefixLength;
        /** VLAN ONOS reports the host on; NONE if untagged. */
        public final VlanId vlan;

        Host(String name, String switchName, int port, MacAddress mac, IpAddress ip, int prefixLength,
             VlanId vlan) {
            this.name = name;
            this.switchName = switchName;
            this.port = port;
            this.mac = mac;
            this.ip = ip;
            this.prefixLength = prefixLength;
            this.vlan = vlan;
        }

        /**
         * Returns this host attached to another switch port: same name, MAC, IP and VLAN.
         *
         * @param newSwitch switch
         * @param newPort   port on it
         * @return the moved host
         */
        public Host at(String newSwitch, int newPort) {
            return new Host(name, newSwitch, newPort, mac, ip, prefixLength, vlan);
        }

        /**
         * Returns the broadcast address of the host's subnet.
         *
         * @return dotted IPv4 address
         */
        public String broadcast() {
            int address = ip.getIp4Address().toInt();
            int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
            return org.onlab.packet.Ip4Address.valueOf(address | ~mask).toString();
        }
    }

    /** A link between two switch ports: a veth pair. */
    public static final class Link {
        /** First switch. */
        public final String switchA;
        /** Port on the first switch. */
        public final int portA;
        /** Second switch. */
        public final String switchB;
        /** Port on the second switch. */
        public final int portB;

        Link(String switchA, int portA, String switchB, int portB) {
            this.switchA = switchA;
            this.portA = portA;
            this.switchB = switchB;
            this.portB = portB;
        }
    }

    /**
     * A collector: a namespace at the far end of the IP underlay that tunnel tap services
     * send their copies to (not a host of the controller's network).
     */
    public static final class Collector {
        /** Name. */
        public final String name;
        /** IPv4 address (/24 on the underlay). */
        public final IpAddress ip;

        Collector(String name, IpAddress ip) {
            this.name = name;
            this.ip = ip;
        }

        /**
         * Returns the collector's MAC address, derived from its IP: 02:00 and the four octets.
         *
         * @return MAC address
         */
        public MacAddress mac() {
            byte[] o = ip.toOctets();
            return MacAddress.valueOf(new byte[]{2, 0, o[0], o[1], o[2], o[3]});
        }
    }

    /**
     * A flow-based tunnel port of a switch ({@code remote_ip=flow, key=flow}).
     */
    public static final class TunnelPort {
        /** Switch name. */
        public final String switchName;
        /** {@code gre} or {@code erspan}. */
        public final String type;

        TunnelPort(String switchName, String type) {
            this.switchName = switchName;
            this.type = type;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TunnelPort && switchName.equals(((TunnelPort) o).switchName)
                    && type.equals(((TunnelPort) o).type);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(switchName, type);
        }
    }

    private final Map<String, Collector> collectors = new LinkedHashMap<>();
    private final List<TunnelPort> tunnelPorts = new ArrayList<>();
    private final Map<String, Switch> switches = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final List<Link> links = new ArrayList<>();

    void add(Switch s) {
        switches.put(s.name, s);
    }

    void add(Host h) {
        hosts.put(h.name, h);
    }

    void add(Link l) {
        links.add(l);
    }

    void add(Collector c) {
        collectors.put(c.name, c);
    }

    void add(TunnelPort t) {
        tunnelPorts.add(t);
    }

    /**
     * Returns the collectors, in declaration order.
     *
     * @return collectors by name
     */
    public Map<String, Collector> collectors() {
        return Collections.unmodifiableMap(collectors);
    }

    /**
     * Returns the tunnel ports built with the topology.
     *
     * @return tunnel ports
     */
    public List<TunnelPort> tunnelPorts() {
        return Collections.unmodifiableList(tunnelPorts);
    }

    /**
     * Returns a copy sharing the switch, host and link objects, whose hosts can then be moved
     * without changing this topology.
     *
     * @return copy
     */
    Topology copy() {
        Topology t = new Topology();
        switches.values().forEach(t::add);
        hosts.values().forEach(t::add);
        links.forEach(t::add);
        collectors.values().forEach(t::add);
        tunnelPorts.forEach(t::add);
        return t;
    }

    /**
     * Replaces a host by its moved self (same name); the declaration order is kept.
     *
     * @param moved host at its new place
     */
    void move(Host moved) {
        if (!hosts.containsKey(moved.name)) {
            throw new IllegalArgumentException("unknown host '" + moved.name + "'");
        }
        hosts.put(moved.name, moved);
    }

    /**
     * Returns the switches in declaration order.
     *
     * @return switches by name
     */
    public Map<String, Switch> switches() {
        return Collections.unmodifiableMap(switches);
    }

    /**
     * Returns the hosts in declaration order.
     *
     * @return hosts by name
     */
    public Map<String, Host> hosts() {
        return Collections.unmodifiableMap(hosts);
    }

    /**
     * Returns the links.
     *
     * @return links
     */
    public List<Link> links() {
        return Collections.unmodifiableList(links);
    }

    /**
     * Returns the link joining two switch ports, in either orientation.
     *
     * @param switchA one switch
     * @param portA   its port
     * @param switchB other switch
     * @param portB   its port
     * @return the link, or null if none is declared
     */
    public Link link(String switchA, int portA, String switchB, int portB) {
        return links.stream().filter(l -> l.switchA.equals(switchA) && l.portA == portA
                && l.switchB.equals(switchB) && l.portB == portB
                || l.switchA.equals(switchB) && l.portA == portB
                && l.switchB.equals(switchA) && l.portB == portA).findFirst().orElse(null);
    }

    /**
     * Returns whether a switch port is already used by a host or a link.
     *
     * @param switchName switch
     * @param port       port number
     * @return true if taken
     */
    boolean portTaken(String switchName, int port) {
        return hosts.values().stream().anyMatch(h -> h.switchName.equals(switchName) && h.port == port)
                || links.stream().anyMatch(l -> l.switchA.equals(switchName) && l.portA == port
                || l.switchB.equals(switchName) && l.portB == port);
    }
}

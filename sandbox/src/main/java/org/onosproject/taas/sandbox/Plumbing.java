package org.onosproject.taas.sandbox;

import org.onosproject.taas.sandbox.net.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a topology out of OVS bridges (userspace datapath, OpenFlow 1.3, fail_mode=secure),
 * network namespaces and veth pairs, and takes it down again. Everything it creates is named
 * after the run id ({@code t<RUN>...} interfaces and bridges, {@code taas-<RUN>-...}
 * namespaces), so the shell's exit trap can remove what a crash leaves behind, and nothing
 * else is ever touched. Hosts are quiet: IPv6 off, static neighbours, tx offload off.
 */
public final class Plumbing {

    private final String runId;
    private final Topology topology;
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> rootLinks = new ArrayList<>();
    private final List<String> bridges = new ArrayList<>();

    /**
     * Creates the plumbing of a topology; nothing is built yet.
     *
     * @param runId    short id of this run
     * @param topology topology
     */
    public Plumbing(String runId, Topology topology) {
        this.runId = runId;
        this.topology = topology;
    }

    /**
     * Returns the OVS bridge of a switch.
     *
     * @param s switch
     * @return bridge name
     */
    public String bridge(Topology.Switch s) {
        return "t" + runId + s.name;
    }

    /**
     * Returns the namespace of a host.
     *
     * @param h host
     * @return namespace name
     */
    public String namespace(Topology.Host h) {
        return "taas-" + runId + "-" + h.name;
    }

    /**
     * Returns the switch-side interface of a host's veth pair.
     *
     * @param h host
     * @return interface name
     */
    public String switchSide(Topology.Host h) {
        return "t" + runId + "-" + h.name;
    }

    /**
     * Runs a command in a host's namespace.
     *
     * @param h    host
     * @param argv command
     * @return finished command
     */
    public Command inHost(Topology.Host h, String... argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(h)));
        cmd.addAll(List.of(argv));
        return Command.run(cmd, null);
    }

    /**
     * Returns the argv prefix that runs a command in a host's namespace.
     *
     * @param h host
     * @return prefix
     */
    public List<String> inHostPrefix(Topology.Host h) {
        return List.of("ip", "netns", "exec", namespace(h));
    }

    private static void quietInterface(String ifName) {
        Command.run("sysctl", "-qw", "net.ipv6.conf." + ifName + ".disable_ipv6=1");
        Command.run("ethtool", "-K", ifName, "tx", "off");
    }

    /**
     * Builds bridges, hosts and links.
     *
     * @throws IllegalStateException naming the command that failed
     */
    public void build() {
        for (Topology.Switch s : topology.switches().values()) {
            String br = bridge(s);
            Command.check("ovs-vsctl", "add-br", br, "--", "set", "bridge", br, "datapath_type=netdev",
                    "protocols=OpenFlow13", "fail_mode=secure",
                    String.format("other-config:datapath-id=%016x", s.dpid),
                    "other-config:disable-in-band=true");
            bridges.add(br);
        }
        for (Topology.Host h : topology.hosts().values()) {
            buildHost(h);
        }
        int i = 0;
        for (Topology.Link l : topology.links()) {
            String a = "t" + runId + "l" + i + "a";
            String b = "t" + runId + "l" + i + "b";
            i++;
            Command.check("ip", "link", "add", a, "type", "veth", "peer", "name", b);
            rootLinks.add(a);
            for (String end : List.of(a, b)) {
                quietInterface(end);
                Command.check("ip", "link", "set", end, "up");
            }
            attach(topology.switches().get(l.switchA), a, l.portA);
            attach(topology.switches().get(l.switchB), b, l.portB);
        }
    }

    private void attach(Topology.Switch s, String ifName, int port) {
        Command.check("ovs-vsctl", "add-port", bridge(s), ifName, "--", "set", "interface", ifName,
                "ofport_request=" + port);
    }

    private void buildHost(Topology.Host h) {
        String ns = namespace(h);
        String outside = switchSide(h);
        Command.check("ip", "netns", "add", ns);
        namespaces.add(ns);
        Command.check("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", ns);
        quietInterface(outside);
        Command.check("ip", "link", "set", outside, "up");
        for (String key : List.of("all", "default", "eth0", "lo")) {
            inHost(h, "sysctl", "-qw", "net.ipv6.conf." + key + ".disable_ipv6=1");
        }
        inHost(h, "ethtool", "-K", "eth0", "tx", "off");
        // no ICMP errors (port unreachable for the UDP test frames) to pollute the captures
        inHost(h, "sysctl", "-qw", "net.ipv4.icmp_msgs_per_sec=0", "net.ipv4.icmp_msgs_burst=0",
                "net.ipv4.icmp_ratelimit=1000000");
        inHost(h, "ip", "link", "set", "lo", "up").orThrow();
        inHost(h, "ip", "link", "set", "eth0", "address", h.mac.toString()).orThrow();
        inHost(h, "ip", "addr", "add", h.ip + "/" + h.prefixLength, "dev", "eth0").orThrow();
        inHost(h, "ip", "link", "set", "eth0", "up").orThrow();
        for (Topology.Host other : topology.hosts().values()) {
            if (other != h) {
                inHost(h, "ip", "neigh", "replace", other.ip.toString(), "lladdr", other.mac.toString(),
                        "dev", "eth0", "nud", "permanent").orThrow();
            }
        }
        attach(topology.switches().get(h.switchName), outside, h.port);
    }

    /**
     * Moves a host's link to another switch port: the switch side of its veth pair leaves its
     * bridge and joins the new one with {@code ofport_request} set to the new port; the
     * namespace, its MAC and IP are untouched.
     *
     * @param from host at its current place
     * @param to   the same host at its new place
     * @throws IllegalStateException naming the command that failed
     */
    public void moveHost(Topology.Host from, Topology.Host to) {
        Command.check("ovs-vsctl", "del-port", bridge(topology.switches().get(from.switchName)), switchSide(from));
        attach(topology.switches().get(to.switchName), switchSide(to), to.port);
    }

    /**
     * Sets the switch side of a host's link down or up (the switch sees carrier loss).
     *
     * @param h  host
     * @param up true to bring it up
     */
    public void setLink(Topology.Host h, boolean up) {
        Command.check("ip", "link", "set", switchSide(h), up ? "up" : "down");
    }

    /**
     * Sets both ends of a link between switches down or up (both switches see carrier loss).
     *
     * @param l  link of this topology
     * @param up true to bring it up
     */
    public void setLink(Topology.Link l, boolean up) {
        int i = topology.links().indexOf(l);
        if (i < 0) {
            throw new IllegalArgumentException("not a link of this topology");
        }
        for (String end : List.of("a", "b")) {
            Command.check("ip", "link", "set", "t" + runId + "l" + i + end, up ? "up" : "down");
        }
    }

    /**
     * Returns the flow and group tables of every bridge without counters, sorted, for
     * comparisons.
     *
     * @return text by bridge
     */
    public Map<String, String> tables() {
        Map<String, String> tables = new java.util.TreeMap<>();
        for (Topology.Switch s : topology.switches().values()) {
            String br = bridge(s);
            List<String> lines = new ArrayList<>();
            for (String what : List.of("dump-flows", "dump-groups")) {
                Command c = Command.run("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", what, br);
                for (String line : c.out().split("\n")) {
                    String t = line.trim();
                    if (!t.isEmpty() && !t.startsWith("OFPST_") && !t.startsWith("NXST_")) {
                        lines.add(t);
                    }
                }
            }
            lines.sort(null);
            tables.put(s.name, String.join("\n", lines));
        }
        return tables;
    }

    /**
     * Removes everything built, bridges included. Safe to call more than once.
     */
    public void destroy() {
        for (String br : bridges) {
            Command.run("ovs-vsctl", "--if-exists", "del-br", br);
        }
        bridges.clear();
        for (String ns : namespaces) {
            Command.run("ip", "netns", "del", ns);
        }
        namespaces.clear();
        for (String link : rootLinks) {
            Command.run("ip", "link", "del", link);
        }
        rootLinks.clear();
    }
}

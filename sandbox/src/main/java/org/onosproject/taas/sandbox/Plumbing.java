package org.onosproject.taas.sandbox;

import org.onosproject.taas.sandbox.net.Command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a topology out of OVS bridges (userspace datapath, OpenFlow 1.3, fail_mode=secure),
 * network namespaces and veth pairs, and takes it down again. Everything it creates is named
 * after the run id ({@code t<RUN>...} interfaces and bridges, {@code taas-<RUN>-...}
 * namespaces), so the shell's exit trap can remove what a crash leaves behind, and nothing
 * else is ever touched. Hosts are quiet: IPv6 off, static neighbours, tx offload off.
 * <p>
 * The private OVS runs in a network namespace of its own when {@value #OVS_NETNS_ENV} names
 * one (tools/onos-test.sh does): a userspace OVS creates kernel tap devices (its datapath's
 * {@code ovs-netdev} and each bridge's LOCAL port) under fixed names, so two of them in one
 * namespace break each other. Every switch-side interface (the outer end of each host's veth
 * pair, both ends of the links between switches) then lives in that namespace, and every
 * {@code ip}, {@code ethtool} or {@code sysctl} on them goes through {@link #inOvs}. The OVS
 * command line tools reach the daemons over unix sockets in OVS_RUNDIR, from any namespace.
 */
public final class Plumbing {

    /** Environment variable naming the network namespace the private OVS runs in (unset: this one). */
    public static final String OVS_NETNS_ENV = "SANDBOX_OVS_NETNS";

    // what ovs-vswitchd logs when it cannot create or open its userspace datapath, e.g. when
    // another userspace OVS in the same namespace holds the tap device ovs-netdev
    // ovs-vswitchd's log line for a bridge connected to its controller: time, bridge
    private static final Pattern CONNECTED = Pattern.compile(
            "^(\\S+Z)\\|\\d+\\|rconn\\|INFO\\|([^<|]+)<->\\S+: connected$");
    private static final Pattern DATAPATH_FAILURE = Pattern.compile(
            "creating tap device failed|datapath .* cannot be opened|failed to (open|create) datapath"
                    + "|failed to create bridge");
    // ovs-vsctl exits 0 but says this when the switch could not set up a bridge or port
    private static final String SETUP_ERROR = "Error detected while setting up";
    private static final long LOG_WAIT_MS = 1000;

    private final String runId;
    private long lastStartLogOffset;
    private final Topology topology;
    private final String ovsNamespace;
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> switchLinks = new ArrayList<>();
    private final List<String> bridges = new ArrayList<>();
    private final List<String> collectorLinks = new ArrayList<>();
    private boolean underlayBuilt;

    /**
     * Creates the plumbing of a topology; nothing is built yet. The OVS namespace is taken
     * from {@value #OVS_NETNS_ENV} (see {@link Command#environment}).
     *
     * @param runId    short id of this run
     * @param topology topology
     */
    public Plumbing(String runId, Topology topology) {
        this(runId, topology, Command.environment(OVS_NETNS_ENV));
    }

    /**
     * Creates the plumbing of a topology; nothing is built yet.
     *
     * @param runId        short id of this run
     * @param topology     topology
     * @param ovsNamespace network namespace OVS runs in, or null (or empty) for this one
     */
    public Plumbing(String runId, Topology topology, String ovsNamespace) {
        this.runId = runId;
        this.topology = topology;
        this.ovsNamespace = ovsNamespace == null || ovsNamespace.isEmpty() ? null : ovsNamespace;
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
     * Returns the network namespace OVS and every switch-side interface live in.
     *
     * @return namespace name, or null when it is the sandbox's own
     */
    public String ovsNamespace() {
        return ovsNamespace;
    }

    /**
     * Returns the switch-side interface of a host's veth pair (in the OVS namespace).
     *
     * @param h host
     * @return interface name
     */
    public String switchSide(Topology.Host h) {
        return "t" + runId + "-" + h.name;
    }

    /**
     * Returns the namespace of a collector.
     *
     * @param c collector
     * @return namespace name
     */
    public String namespace(Topology.Collector c) {
        return "taas-" + runId + "-" + c.name;
    }

    /**
     * Returns the argv prefix that runs a command in a collector's namespace.
     *
     * @param c collector
     * @return prefix
     */
    public List<String> inCollectorPrefix(Topology.Collector c) {
        return List.of("ip", "netns", "exec", namespace(c));
    }

    /**
     * Returns the bridge of the IP underlay (in the OVS namespace, no controller, a learning
     * switch): its LOCAL port holds the switches' tunnel source addresses, the collectors are
     * its ports.
     *
     * @return bridge name
     */
    public String underlay() {
        return "t" + runId + "ul";
    }

    /**
     * Returns a switch's tunnel source address on the underlay: .241 for the first switch
     * declared, .242 for the second..., in the collectors' /24. Open vSwitch refuses a second
     * flow-based tunnel port of one type with the same configuration in one ovs-vswitchd, so
     * each switch's tunnel ports get a {@code local_ip} of their own.
     *
     * @param switchName switch
     * @return IPv4 address
     */
    public String underlayIp(String switchName) {
        int index = new ArrayList<>(topology.switches().keySet()).indexOf(switchName);
        byte[] net = topology.collectors().values().iterator().next().ip.toOctets();
        return (net[0] & 0xff) + "." + (net[1] & 0xff) + "." + (net[2] & 0xff) + "." + (241 + index);
    }

    /**
     * Returns the name of a switch's tunnel port: the application's default name
     * ({@code taas-gre}, {@code taas-erspan}) on the first switch declared, that name followed
     * by {@code -SWITCH} on the others (port names are unique per Open vSwitch, and every
     * switch here shares one).
     *
     * @param switchName switch
     * @param type       gre or erspan
     * @return port name
     */
    public String tunnelPortName(String switchName, String type) {
        boolean first = topology.switches().keySet().iterator().next().equals(switchName);
        return "taas-" + type + (first ? "" : "-" + switchName);
    }

    /**
     * Adds a flow-based tunnel port to a switch ({@code remote_ip=flow, key=flow}; ERSPAN
     * type II), OpenFlow port 65001 (gre) or 65002 (erspan).
     *
     * @param switchName switch
     * @param type       gre or erspan
     */
    public void addTunnelPort(String switchName, String type) {
        String name = tunnelPortName(switchName, type);
        List<String> argv = new ArrayList<>(List.of("add-port", bridge(topology.switches().get(switchName)), name,
                "--", "set", "interface", name, "type=" + type, "options:remote_ip=flow", "options:key=flow",
                "options:local_ip=" + underlayIp(switchName),
                "ofport_request=" + (type.equals("gre") ? 65001 : 65002)));
        if (type.equals("erspan")) {
            argv.add("options:erspan_ver=1");
        }
        vsctl(name, argv.toArray(new String[0]));
    }

    /**
     * Removes a switch's tunnel port.
     *
     * @param switchName switch
     * @param type       gre or erspan
     */
    public void removeTunnelPort(String switchName, String type) {
        Command.run("ovs-vsctl", "--if-exists", "del-port", bridge(topology.switches().get(switchName)),
                    tunnelPortName(switchName, type)).orThrow();
    }

    // The underlay bridge with the switches' addresses on its LOCAL port, and the collectors.
    private void buildUnderlay() {
        String ul = underlay();
        vsctl(ul, "add-br", ul, "--", "set", "bridge", ul, "datapath_type=netdev", "fail_mode=standalone",
                "other-config:disable-in-band=true");
        underlayBuilt = true;
        inOvs("sysctl", "-qw", "net.ipv6.conf." + ul + ".disable_ipv6=1");
        for (String sw : topology.switches().keySet()) {
            inOvs("ip", "addr", "add", underlayIp(sw) + "/24", "dev", ul).orThrow();
        }
        inOvs("ip", "link", "set", ul, "up").orThrow();
        for (Topology.Collector c : topology.collectors().values()) {
            String ns = namespace(c);
            String outside = "t" + runId + "-" + c.name;
            Command.check("ip", "netns", "add", ns);
            namespaces.add(ns);
            collectorLinks.add(outside);
            inOvs("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", ns).orThrow();
            quietInterface(outside);
            inOvs("ip", "link", "set", outside, "up").orThrow();
            List<String> in = inCollectorPrefix(c);
            for (String key : List.of("all", "default", "eth0", "lo")) {
                run(in, "sysctl", "-qw", "net.ipv6.conf." + key + ".disable_ipv6=1");
            }
            // no "protocol unreachable" for the GRE packets it receives
            run(in, "sysctl", "-qw", "net.ipv4.icmp_msgs_per_sec=0", "net.ipv4.icmp_msgs_burst=0",
                "net.ipv4.icmp_ratelimit=1000000");
            run(in, "ip", "link", "set", "lo", "up").orThrow();
            run(in, "ip", "link", "set", "eth0", "address", c.mac().toString()).orThrow();
            run(in, "ip", "addr", "add", c.ip + "/24", "dev", "eth0").orThrow();
            run(in, "ip", "link", "set", "eth0", "up").orThrow();
            vsctl(outside, "add-port", ul, outside);
        }
        setTunnelNeighbours();
    }

    // Open vSwitch's tunnel neighbour cache (the userspace datapath ARPs for a tunnel's next
    // hop and drops the packet meanwhile): every collector's MAC, set again after a restart.
    private void setTunnelNeighbours() {
        for (Topology.Collector c : topology.collectors().values()) {
            Command.run("ovs-appctl", "tnl/arp/set", underlay(), c.ip.toString(), c.mac().toString()).orThrow();
        }
    }

    private static Command run(List<String> prefix, String... argv) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(argv));
        return Command.run(cmd, null);
    }

    /**
     * Runs a command in a host's namespace.
     *
     * @param h    host
     * @param argv command
     * @return finished command
     */
    public Command inHost(Topology.Host h, String... argv) {
        List<String> cmd = new ArrayList<>(inHostPrefix(h));
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

    /**
     * Returns the argv prefix that runs a command in the OVS namespace, where the switch-side
     * interfaces are: the only place that knows it.
     *
     * @return prefix, empty when OVS runs in the sandbox's own namespace
     */
    public List<String> inOvsPrefix() {
        return ovsNamespace == null ? List.of() : List.of("ip", "netns", "exec", ovsNamespace);
    }

    /**
     * Runs a command in the OVS namespace ({@code ip ...} as {@code ip -n NS ...}). Use it
     * for every {@code ip}, {@code ethtool} or {@code sysctl} on a switch-side interface.
     *
     * @param argv command
     * @return finished command
     */
    public Command inOvs(String... argv) {
        List<String> cmd = new ArrayList<>();
        if (ovsNamespace != null && argv.length > 0 && argv[0].equals("ip")) {
            cmd.addAll(List.of("ip", "-n", ovsNamespace));
            cmd.addAll(List.of(argv).subList(1, argv.length));
        } else {
            cmd.addAll(inOvsPrefix());
            cmd.addAll(List.of(argv));
        }
        return Command.run(cmd, null);
    }

    private void quietInterface(String ifName) {
        inOvs("sysctl", "-qw", "net.ipv6.conf." + ifName + ".disable_ipv6=1");
        inOvs("ethtool", "-K", ifName, "tx", "off");
    }

    /**
     * Builds bridges, hosts and links. Right after the bridges, checks that OVS could create
     * its datapath, and fails quoting its log if not.
     *
     * @throws IllegalStateException naming the command that failed, or quoting why OVS could
     *                               not set up a bridge or port
     */
    public void build() {
        long logStart = logLength();
        for (Topology.Switch s : topology.switches().values()) {
            String br = bridge(s);
            bridges.add(br);
            vsctl(br, "add-br", br, "--", "set", "bridge", br, "datapath_type=netdev",
                    "protocols=OpenFlow13", "fail_mode=secure",
                    String.format("other-config:datapath-id=%016x", s.dpid),
                    "other-config:disable-in-band=true");
        }
        String failure = logLines(logStart, DATAPATH_FAILURE);
        if (failure != null) {
            throw new IllegalStateException(datapathMessage(failure));
        }
        for (Topology.Host h : topology.hosts().values()) {
            buildHost(h);
        }
        int i = 0;
        for (Topology.Link l : topology.links()) {
            String a = "t" + runId + "l" + i + "a";
            String b = "t" + runId + "l" + i + "b";
            i++;
            inOvs("ip", "link", "add", a, "type", "veth", "peer", "name", b).orThrow();
            switchLinks.add(a);
            for (String end : List.of(a, b)) {
                quietInterface(end);
                inOvs("ip", "link", "set", end, "up").orThrow();
            }
            attach(topology.switches().get(l.switchA), a, l.portA);
            attach(topology.switches().get(l.switchB), b, l.portB);
        }
        if (!topology.collectors().isEmpty()) {
            buildUnderlay();
        }
        for (Topology.TunnelPort t : topology.tunnelPorts()) {
            addTunnelPort(t.switchName, t.type);
        }
    }

    private void attach(Topology.Switch s, String ifName, int port) {
        vsctl(ifName, "add-port", bridge(s), ifName, "--", "set", "interface", ifName,
                "ofport_request=" + port);
    }

    // Runs ovs-vsctl; fails if it does, or if it says the switch could not set up what it
    // added (it exits 0 then), quoting the switch's log about it.
    private void vsctl(String subject, String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl"));
        argv.addAll(List.of(args));
        Command c = Command.run(argv, null).orThrow();
        if (!c.err().contains(SETUP_ERROR)) {
            return;
        }
        // the switch's log is written asynchronously: give it a moment
        long deadline = System.currentTimeMillis() + LOG_WAIT_MS;
        String datapath = logLines(0, DATAPATH_FAILURE);
        while (datapath == null && System.currentTimeMillis() < deadline) {
            pause(50);
            datapath = logLines(0, DATAPATH_FAILURE);
        }
        if (datapath != null) {
            throw new IllegalStateException(datapathMessage(datapath));
        }
        String about = logLines(0, Pattern.compile("\\|(WARN|ERR|EMER)\\|.*\\b" + Pattern.quote(subject) + "\\b"));
        throw new IllegalStateException(String.join(" ", argv) + ": " + c.err().trim()
                + (about == null ? "" : "; " + logFile() + ": " + about));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String datapathMessage(String lines) {
        return "Open vSwitch could not create its userspace datapath (another userspace OVS in "
                + (ovsNamespace == null ? "this network namespace" : "network namespace " + ovsNamespace)
                + "?); " + logFile() + ": " + lines;
    }

    /**
     * Returns what ovs-vswitchd logged about failing to create or open its datapath, for
     * example "ovs-netdev: creating tap device failed: Device or resource busy" when another
     * userspace OVS in its network namespace holds the tap device.
     *
     * @return the log lines, joined with " | ", or null if there are none (or no log in
     *         OVS_LOGDIR)
     */
    public String datapathFailure() {
        return logLines(0, DATAPATH_FAILURE);
    }

    private static Path logFile() {
        String dir = Command.environment("OVS_LOGDIR");
        return dir == null ? null : Path.of(dir, "ovs-vswitchd.log");
    }

    private static long logLength() {
        Path log = logFile();
        try {
            return log == null || !Files.exists(log) ? 0 : Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    // The lines of the switch's log, from a byte offset on, that match; at most five.
    /**
     * Returns when, after their last {@link #startSwitches}, the last of the bridges connected
     * to its controller, as ovs-vswitchd logged it ({@code rconn|INFO|BRIDGE<->TARGET:
     * connected}): the moment the controller's view of a restart begins.
     *
     * @return epoch milliseconds, or -1 if a bridge has not logged it (or there is no log)
     */
    public long switchesConnectedAt() {
        Map<String, Long> at = new HashMap<>();
        for (String line : matchingLines(lastStartLogOffset, CONNECTED, Integer.MAX_VALUE)) {
            Matcher m = CONNECTED.matcher(line);
            if (m.find()) {
                at.put(m.group(2), Instant.parse(m.group(1)).toEpochMilli());
            }
        }
        boolean all = topology.switches().values().stream().allMatch(sw -> at.containsKey(bridge(sw)));
        return all ? at.values().stream().mapToLong(Long::longValue).max().orElse(-1) : -1;
    }

    private static String logLines(long from, Pattern pattern) {
        List<String> found = matchingLines(from, pattern, 5);
        return found.isEmpty() ? null : String.join(" | ", found);
    }

    // the lines of ovs-vswitchd's log from a byte offset on that match, at most max of them
    private static List<String> matchingLines(long from, Pattern pattern, int max) {
        Path log = logFile();
        if (log == null || !Files.exists(log)) {
            return List.of();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(log);
        } catch (IOException e) {
            return List.of();
        }
        int start = (int) Math.min(from, bytes.length);
        List<String> found = new ArrayList<>();
        for (String line : new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8).split("\n")) {
            if (pattern.matcher(line).find() && found.size() < max) {
                found.add(line.trim());
            }
        }
        return found;
    }

    private void buildHost(Topology.Host h) {
        String ns = namespace(h);
        String outside = switchSide(h);
        Command.check("ip", "netns", "add", ns);
        namespaces.add(ns);
        inOvs("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", ns).orThrow();
        quietInterface(outside);
        inOvs("ip", "link", "set", outside, "up").orThrow();
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
     * Sets the controller of every bridge ({@code ovs-vsctl set-controller}), for example
     * {@code tcp:127.0.0.1:6653}, or, when OVS runs in a namespace of its own and cannot
     * reach the controller's loopback address, {@code unix:PATH} of the relay that
     * tools/onos-test.sh {@code start_of_relay} starts in the root namespace (exported as
     * SANDBOX_OF_TARGET). Changing a bridge's controller wipes its flow table: call it right
     * after {@link #build}, before any rule is installed.
     *
     * @param target OVS controller target, or null or empty to remove every controller
     * @throws IllegalStateException if ovs-vsctl fails
     */
    public void setController(String target) {
        if (bridges.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl"));
        for (String br : bridges) {
            argv.add("--");
            if (target == null || target.isEmpty()) {
                argv.addAll(List.of("del-controller", br));
            } else {
                argv.addAll(List.of("set-controller", br, target));
            }
        }
        Command.run(argv, null).orThrow();
    }

    /**
     * Restarts the switches' ovs-vswitchd: {@link #stopSwitches}, then {@link #startSwitches}.
     * Every bridge of the run shares it; ovsdb-server keeps the bridges, ports and controller
     * settings, and the OpenFlow flow and group tables are lost, as on a real OVS restart.
     *
     * @throws IllegalStateException if it does not stop, does not start, or a bridge does not
     *                               answer with all its ports within 10 s
     */
    public void restartSwitches() {
        stopSwitches();
        startSwitches();
    }

    /**
     * Stops the switches' ovs-vswitchd by the pid in its pidfile, OVS_RUNDIR/ovs-vswitchd.pid
     * (never by name): SIGTERM, SIGKILL after 5 s; returns once it has exited, so that no bridge
     * answers any more and every OpenFlow connection has dropped.
     *
     * @throws IllegalStateException if there is no pidfile or the process does not exit
     */
    public void stopSwitches() {
        Path pidFile = ovsFile("OVS_RUNDIR", "ovs-vswitchd.pid");
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read ovs-vswitchd's pid from " + pidFile + ": " + e.getMessage(),
                    e);
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (!Waits.until(() -> exited(pid), 5000)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            if (!Waits.until(() -> exited(pid), 5000)) {
                throw new IllegalStateException("ovs-vswitchd (pid " + pid + ") did not exit");
            }
        }
    }

    // gone, or a zombie its parent (here often init, which reaps late) has not reaped yet
    private static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Starts the switches' ovs-vswitchd again, exactly as tools/onos-test.sh {@code start_ovs}
     * does (keep the two the same): in the OVS network namespace ({@link #inOvsPrefix}) with
     * {@code --pidfile --detach --log-file=$OVS_LOGDIR/ovs-vswitchd.log} (the pidfile and the
     * sockets go to OVS_RUNDIR, the database is found there). It reads its configuration from
     * ovsdb-server; then waits until every bridge answers {@code ovs-ofctl show} with all its
     * ports (host ports and link ends).
     *
     * @throws IllegalStateException if it does not start or a bridge does not answer with all
     *                               its ports within 10 s, quoting its log when it says why
     */
    public void startSwitches() {
        Path log = ovsFile("OVS_LOGDIR", "ovs-vswitchd.log");
        long logStart = logLength();
        lastStartLogOffset = logStart;
        List<String> argv = new ArrayList<>(inOvsPrefix());
        argv.addAll(List.of("ovs-vswitchd", "--pidfile", "--detach", "--log-file=" + log));
        Command c = Command.run(argv, null);
        if (!c.ok()) {
            throw new IllegalStateException("ovs-vswitchd did not start: " + c.describeFailure() + "; see " + log);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        for (Topology.Switch s : topology.switches().values()) {
            List<String> ports = new ArrayList<>();
            topology.hosts().values().stream().filter(h -> h.switchName.equals(s.name))
                    .forEach(h -> ports.add(" " + h.port + "("));
            for (Topology.Link l : topology.links()) {
                if (l.switchA.equals(s.name)) {
                    ports.add(" " + l.portA + "(");
                }
                if (l.switchB.equals(s.name)) {
                    ports.add(" " + l.portB + "(");
                }
            }
            while (true) {
                Command show = Command.run("ovs-ofctl", "-O", "OpenFlow13", "show", bridge(s));
                if (show.ok() && ports.stream().allMatch(show.out()::contains)) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    String cause = logLines(logStart, DATAPATH_FAILURE);
                    throw new IllegalStateException("bridge " + bridge(s) + " did not answer with all its ports"
                            + " within 10 s of restarting ovs-vswitchd" + (cause == null ? "" : "; " + log + ": "
                            + cause));
                }
                pause(20);
            }
        }
        if (underlayBuilt) {
            setTunnelNeighbours();
        }
    }

    private static Path ovsFile(String dirVariable, String name) {
        String dir = Command.environment(dirVariable);
        if (dir == null || dir.isEmpty()) {
            throw new IllegalStateException(dirVariable + " is not set: the private OVS's files cannot be found "
                    + "(tools/onos-test.sh sets it)");
        }
        return Path.of(dir, name);
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
        inOvs("ip", "link", "set", switchSide(h), up ? "up" : "down").orThrow();
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
            inOvs("ip", "link", "set", "t" + runId + "l" + i + end, up ? "up" : "down").orThrow();
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
            List<String> lines = new ArrayList<>(dump(s, "dump-flows"));
            lines.addAll(dump(s, "dump-groups"));
            tables.put(s.name, SwitchTables.canonical(lines));
        }
        return tables;
    }

    /**
     * Returns a switch's flow or group table without counters, one trimmed line per entry.
     *
     * @param s    switch
     * @param what {@code dump-flows} or {@code dump-groups}
     * @return lines
     */
    public List<String> dump(Topology.Switch s, String what) {
        Command c = Command.run("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", what, bridge(s));
        List<String> lines = new ArrayList<>();
        for (String line : c.out().split("\n")) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("OFPST_") && !t.startsWith("NXST_")) {
                lines.add(t);
            }
        }
        return lines;
    }

    /**
     * Removes everything built, bridges included. Safe to call more than once.
     */
    public void destroy() {
        for (String br : bridges) {
            Command.run("ovs-vsctl", "--if-exists", "del-br", br);
        }
        bridges.clear();
        if (underlayBuilt) {
            Command.run("ovs-vsctl", "--if-exists", "del-br", underlay());
            underlayBuilt = false;
        }
        for (String link : collectorLinks) {
            inOvs("ip", "link", "del", link);
        }
        collectorLinks.clear();
        // the switch side of each host's veth pair first: deleting it removes the pair at once,
        // whereas a deleted namespace is dismantled later by the kernel, and the next scenario
        // could find the name still taken ("File exists")
        for (Topology.Host h : topology.hosts().values()) {
            inOvs("ip", "link", "del", switchSide(h));
        }
        for (String ns : namespaces) {
            Command.run("ip", "netns", "del", ns);
        }
        namespaces.clear();
        for (String link : switchLinks) {
            inOvs("ip", "link", "del", link);
        }
        switchLinks.clear();
    }
}

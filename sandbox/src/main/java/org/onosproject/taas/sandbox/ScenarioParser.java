package org.onosproject.taas.sandbox;

import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads scenario files (format in docs/sandbox.md). Every line is checked before anything
 * runs; a mistake is reported as {@code FILE:LINE: what is wrong}.
 */
public final class ScenarioParser {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,7}");
    /** A host or switch name in braces inside a {@code cli} line. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9]{0,7})\\}");
    private static final Set<String> TRAFFIC = Set.of("ping", "udp", "broadcast", "iperf");
    private static final Map<String, Set<String>> OPTIONS = Map.ofEntries(
            Map.entry("ping", Set.of("count")),
            Map.entry("udp", Set.of("count", "vlan", "port")),
            Map.entry("broadcast", Set.of("count", "vlan", "port")),
            Map.entry("iperf", Set.of("seconds", "tap", "label")),
            Map.entry("flow", Set.of("vlan")),
            Map.entry("update", Set.of("direction", "vlan")));

    private final String file;
    private final Topology topology = new Topology();
    private final List<Scenario.Step> steps = new ArrayList<>();
    private final Set<String> services = new HashSet<>();
    private final Set<String> flows = new HashSet<>();
    private final Set<String> snapshots = new HashSet<>();
    private final Map<String, String> hostAt = new HashMap<>();
    private String name;
    private int lineNo;

    private ScenarioParser(String file) {
        this.file = file;
    }

    /**
     * Parses a scenario file.
     *
     * @param path file
     * @return scenario
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException naming the file, line and problem
     */
    public static Scenario parse(Path path) throws IOException {
        return parse(path.toString(), Files.readAllLines(path));
    }

    /**
     * Parses the lines of a scenario.
     *
     * @param file  name for messages
     * @param lines lines
     * @return scenario
     * @throws IllegalArgumentException naming the file, line and problem
     */
    public static Scenario parse(String file, List<String> lines) {
        ScenarioParser p = new ScenarioParser(file);
        for (String raw : lines) {
            p.lineNo++;
            int hash = raw.indexOf('#');
            String text = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (!text.isEmpty()) {
                p.line(text);
            }
        }
        p.lineNo = lines.size();
        if (p.topology.switches().isEmpty()) {
            throw p.error("no switch declared");
        }
        String name = p.name != null ? p.name : Path.of(file).getFileName().toString();
        return new Scenario(name, file, p.topology, p.steps);
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(file + ":" + lineNo + ": " + message);
    }

    private void line(String text) {
        List<String> words = new ArrayList<>(Arrays.asList(text.split("\\s+")));
        String keyword = words.remove(0);
        switch (keyword) {
            case "name":
                name = text.substring(4).trim();
                return;
            case "switch":
                // "switch restart", "switch stop" and "switch start" alone are steps; a switch
                // of such a name is declared with an option ("switch restart dpid 7")
                if (words.size() == 1 && List.of("restart", "stop", "start").contains(words.get(0))) {
                    steps.add(new Scenario.Step(lineNo, keyword, words, text));
                    return;
                }
                topologyFirst(keyword);
                parseSwitch(words);
                return;
            case "host":
                if (words.size() == 2 && (words.get(0).equals("forget") || words.get(0).equals("learn"))
                        && !steps.isEmpty()) {
                    host(words.get(1));
                    steps.add(new Scenario.Step(lineNo, keyword, words, text));
                    return;
                }
                if (!words.isEmpty() && words.get(0).equals("move") && (words.size() == 4 || !steps.isEmpty())) {
                    args(words, 4, 4, "host move HOST SWITCH PORT");
                    checkMove(words);
                    steps.add(new Scenario.Step(lineNo, keyword, words, text));
                    return;
                }
                topologyFirst(keyword);
                parseHost(words);
                return;
            case "link":
                if (!words.isEmpty() && (words.get(0).equals("down") || words.get(0).equals("up"))) {
                    checkLinkStep(words);
                    steps.add(new Scenario.Step(lineNo, keyword, words, text));
                    return;
                }
                topologyFirst(keyword);
                parseLink(words);
                return;
            case "collector":
                topologyFirst(keyword);
                parseCollector(words);
                return;
            case "tunnel":
                if (!words.isEmpty() && (words.get(0).equals("add") || words.get(0).equals("remove"))) {
                    args(words, 3, 3, "tunnel add|remove SWITCH gre|erspan");
                    existingSwitch(words.get(1));
                    tunnelType(words.get(2));
                    needCollector();
                    steps.add(new Scenario.Step(lineNo, keyword, words, text));
                    return;
                }
                topologyFirst(keyword);
                args(words, 2, 2, "tunnel SWITCH gre|erspan");
                existingSwitch(words.get(0));
                needCollector();
                Topology.TunnelPort t = new Topology.TunnelPort(words.get(0), tunnelType(words.get(1)));
                if (topology.tunnelPorts().contains(t)) {
                    throw error("switch " + t.switchName + " already has a " + t.type + " tunnel port");
                }
                topology.add(t);
                return;
            default:
                checkStep(keyword, words);
                steps.add(new Scenario.Step(lineNo, keyword, words, text));
        }
    }

    private String tunnelType(String t) {
        if (!t.equals("gre") && !t.equals("erspan")) {
            throw error("tunnel type must be gre or erspan, not '" + t + "'");
        }
        return t;
    }

    private void needCollector() {
        if (topology.collectors().isEmpty()) {
            throw error("a tunnel needs an underlay: declare a collector first");
        }
    }

    private void parseCollector(List<String> w) {
        args(w, 2, 2, "collector NAME IP");
        String n = newName(w.get(0), "collector");
        IpAddress ip;
        try {
            ip = IpAddress.valueOf(w.get(1));
        } catch (IllegalArgumentException e) {
            throw error("bad IPv4 address '" + w.get(1) + "'");
        }
        if (!ip.isIp4()) {
            throw error("bad IPv4 address '" + w.get(1) + "'");
        }
        int last = ip.toOctets()[3] & 0xff;
        if (last == 0 || last >= 240) {
            throw error("collector address " + ip + ": the last octet must be 1..239 (240..255 of its /24 are"
                    + " the switches' underlay addresses)");
        }
        for (Topology.Collector c : topology.collectors().values()) {
            byte[] a = c.ip.toOctets();
            byte[] b = ip.toOctets();
            if (c.ip.equals(ip) || a[0] != b[0] || a[1] != b[1] || a[2] != b[2]) {
                throw error("collector address " + ip + ": collectors need distinct addresses in one /24");
            }
        }
        topology.add(new Topology.Collector(n, ip));
    }

    private void collector(String n) {
        if (!topology.collectors().containsKey(n)) {
            throw error("unknown collector '" + n + "'");
        }
    }

    private void topologyFirst(String keyword) {
        if (!steps.isEmpty()) {
            throw error("'" + keyword + "' must come before the first step");
        }
    }

    private String newName(String n, String what) {
        if (!NAME.matcher(n).matches()) {
            throw error(what + " name '" + n + "' must be a lower-case letter then up to 7 letters or digits");
        }
        if (topology.switches().containsKey(n) || topology.hosts().containsKey(n)
                || topology.collectors().containsKey(n)) {
            throw error("name '" + n + "' is already used");
        }
        return n;
    }

    /**
     * Tells whether a {@code service} step's words declare a tunnel tap service.
     *
     * @param w the step's words
     * @param t the scenario's topology
     * @return true for {@code service NAME gre|erspan ...} where that word is no host
     */
    static boolean isTunnelService(List<String> w, Topology t) {
        return w.size() > 1 && (w.get(1).equals("gre") || w.get(1).equals("erspan"))
                && !t.hosts().containsKey(w.get(1));
    }

    private boolean isTunnelService(List<String> w) {
        return isTunnelService(w, topology);
    }

    private int number(String text, String what, long min, long max) {
        try {
            long v = Long.decode(text);
            if (v < min || v > max) {
                throw error(what + " " + text + " is out of range " + min + ".." + max);
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw error(what + " '" + text + "' is not a number");
        }
    }

    private void parseSwitch(List<String> w) {
        if (w.isEmpty()) {
            throw error("usage: switch NAME [dpid N] [driver ovs|default]");
        }
        String n = newName(w.get(0), "switch");
        Map<String, String> opts = options(w.subList(1, w.size()), Set.of("dpid", "driver"));
        long dpid = opts.containsKey("dpid") ? number(opts.get("dpid"), "dpid", 1, Integer.MAX_VALUE)
                : topology.switches().size() + 1;
        if (topology.switches().values().stream().anyMatch(s -> s.dpid == dpid)) {
            throw error("dpid " + dpid + " is already used");
        }
        String driver = opts.getOrDefault("driver", "ovs");
        if (!driver.equals("ovs") && !driver.equals("default")) {
            throw error("driver must be ovs or default, not '" + driver + "'");
        }
        topology.add(new Topology.Switch(n, dpid, driver));
    }

    private String existingSwitch(String n) {
        if (!topology.switches().containsKey(n)) {
            throw error("unknown switch '" + n + "'");
        }
        return n;
    }

    private int freePort(String sw, String text) {
        int port = number(text, "port", 1, 65279);
        if (topology.portTaken(sw, port)) {
            throw error("port " + sw + "/" + port + " is already used");
        }
        return port;
    }

    private void parseHost(List<String> w) {
        if (w.size() != 5 && w.size() != 7) {
            throw error("usage: host NAME SWITCH PORT MAC IP[/LEN] [vlan V]");
        }
        String n = newName(w.get(0), "host");
        String sw = existingSwitch(w.get(1));
        int port = freePort(sw, w.get(2));
        MacAddress mac;
        try {
            mac = MacAddress.valueOf(w.get(3));
        } catch (IllegalArgumentException e) {
            throw error("bad MAC address '" + w.get(3) + "'");
        }
        if (topology.hosts().values().stream().anyMatch(h -> h.mac.equals(mac))) {
            throw error("MAC " + mac + " is already used");
        }
        String[] ipParts = w.get(4).split("/");
        IpAddress ip;
        try {
            ip = IpAddress.valueOf(ipParts[0]);
        } catch (IllegalArgumentException e) {
            throw error("bad IPv4 address '" + w.get(4) + "'");
        }
        if (!ip.isIp4()) {
            throw error("bad IPv4 address '" + w.get(4) + "'");
        }
        int len = ipParts.length > 1 ? number(ipParts[1], "prefix length", 8, 30) : 24;
        VlanId vlan = VlanId.NONE;
        if (w.size() == 7) {
            if (!w.get(5).equals("vlan")) {
                throw error("expected 'vlan V', found '" + w.get(5) + "'");
            }
            vlan = VlanId.vlanId((short) number(w.get(6), "vlan", 1, 4094));
        }
        topology.add(new Topology.Host(n, sw, port, mac, ip, len, vlan));
    }

    private void parseLink(List<String> w) {
        if (w.size() != 4) {
            throw error("usage: link SWITCH PORT SWITCH PORT");
        }
        String a = existingSwitch(w.get(0));
        int pa = freePort(a, w.get(1));
        String b = existingSwitch(w.get(2));
        int pb = freePort(b, w.get(3));
        if (a.equals(b)) {
            throw error("a link joins two different switches");
        }
        topology.add(new Topology.Link(a, pa, b, pb));
    }

    private void checkLinkStep(List<String> w) {
        args(w, 5, 5, "link down|up SWITCH PORT SWITCH PORT");
        String a = existingSwitch(w.get(1));
        int pa = number(w.get(2), "port", 1, 65279);
        String b = existingSwitch(w.get(3));
        int pb = number(w.get(4), "port", 1, 65279);
        if (topology.link(a, pa, b, pb) == null) {
            throw error("no link " + a + " " + pa + " " + b + " " + pb + " is declared");
        }
    }

    // host move HOST SWITCH PORT: the port must be free given the moves before this one
    private void checkMove(List<String> w) {
        host(w.get(1));
        String sw = existingSwitch(w.get(2));
        int port = number(w.get(3), "port", 1, 65279);
        String to = sw + "/" + port;
        if (hostAt.isEmpty()) {
            topology.hosts().values().forEach(h -> hostAt.put(h.name, h.switchName + "/" + h.port));
        }
        if (hostAt.get(w.get(1)).equals(to)) {
            throw error("host " + w.get(1) + " is already on " + to);
        }
        boolean linkThere = topology.links().stream().anyMatch(l -> l.switchA.equals(sw) && l.portA == port
                || l.switchB.equals(sw) && l.portB == port);
        if (linkThere || hostAt.containsValue(to)) {
            throw error("port " + to + " is already used");
        }
        hostAt.put(w.get(1), to);
    }

    private Map<String, String> options(List<String> w, Set<String> allowed) {
        if (w.size() % 2 != 0) {
            throw error("options come in pairs (" + String.join("|", allowed) + " VALUE), found '"
                    + String.join(" ", w) + "'");
        }
        Map<String, String> opts = new java.util.LinkedHashMap<>();
        for (int i = 0; i < w.size(); i += 2) {
            if (!allowed.contains(w.get(i))) {
                throw error("unknown option '" + w.get(i) + "'; allowed: " + String.join(", ", allowed));
            }
            opts.put(w.get(i), w.get(i + 1));
        }
        return opts;
    }

    private void host(String n) {
        if (!topology.hosts().containsKey(n)) {
            throw error("unknown host '" + n + "'");
        }
    }

    private void port(String at) {
        if (topology.hosts().containsKey(at) || at.startsWith("of:")) {
            return;
        }
        String[] p = at.split("/");
        if (p.length != 2 || !topology.switches().containsKey(p[0])) {
            throw error("'" + at + "' is neither a host, SWITCH/PORT nor of:DPID/PORT");
        }
        number(p[1], "port", 1, 65279);
    }

    private void args(List<String> w, int min, int max, String usage) {
        if (w.size() < min || w.size() > max) {
            throw error("usage: " + usage);
        }
    }

    private void checkStep(String keyword, List<String> w) {
        if (TRAFFIC.contains(keyword)) {
            checkTraffic(keyword, w);
            return;
        }
        switch (keyword) {
            case "service":
                args(w, 2, Integer.MAX_VALUE, "service NAME HOST|SWITCH/PORT [description...]"
                        + " | service NAME gre|erspan COLLECTOR INKEY OUTKEY [description...]");
                if (!services.add(w.get(0))) {
                    throw error("tap service '" + w.get(0) + "' is declared twice");
                }
                if (isTunnelService(w)) {
                    args(w, 5, Integer.MAX_VALUE, "service NAME gre|erspan COLLECTOR INKEY OUTKEY [description...]");
                    collector(w.get(2));
                    number(w.get(3), "key", 0, 0xFFFFFFFFL);
                    number(w.get(4), "key", 0, 0xFFFFFFFFL);
                    return;
                }
                port(w.get(1));
                return;
            case "decoded":
                args(w, 4, Integer.MAX_VALUE, "decoded COLLECTOR gre|erspan KEY|any COUNT [tcpdump filter...]");
                collector(w.get(0));
                tunnelType(w.get(1));
                if (!w.get(2).equals("any")) {
                    number(w.get(2), "key", 0, 0xFFFFFFFFL);
                }
                number(w.get(3), "count", 0, Integer.MAX_VALUE);
                return;
            case "flow":
                args(w, 4, 6, "flow NAME SOURCE SERVICE in|out|both [vlan FILTER]");
                if (!flows.add(w.get(0))) {
                    throw error("tap flow '" + w.get(0) + "' is declared twice");
                }
                port(w.get(1));
                direction(w.get(3));
                vlanOption(options(w.subList(4, w.size()), OPTIONS.get("flow")));
                return;
            case "update":
                args(w, 3, 5, "update NAME [direction D] [vlan FILTER|none]");
                if (!flows.contains(w.get(0))) {
                    throw error("unknown tap flow '" + w.get(0) + "'");
                }
                Map<String, String> opts = options(w.subList(1, w.size()), OPTIONS.get("update"));
                if (opts.containsKey("direction")) {
                    direction(opts.get("direction"));
                }
                vlanOption(opts);
                return;
            case "remove":
                args(w, 2, 2, "remove service|flow NAME");
                if (!w.get(0).equals("service") && !w.get(0).equals("flow")) {
                    throw error("remove service NAME or remove flow NAME");
                }
                return;
            case "status":
                args(w, 2, Integer.MAX_VALUE, "status NAME BUILD|ACTIVE|DOWN|ERROR [REASON TEXT]");
                try {
                    TapStatus.State.valueOf(w.get(1));
                } catch (IllegalArgumentException e) {
                    throw error("unknown status '" + w.get(1) + "'");
                }
                return;
            case "expect":
                args(w, 2, Integer.MAX_VALUE, "expect HOST COUNT [tcpdump filter...]");
                host(w.get(0));
                number(w.get(1), "count", 0, Integer.MAX_VALUE);
                return;
            case "show":
                args(w, 1, Integer.MAX_VALUE, "show HOST [tcpdump filter...]");
                host(w.get(0));
                return;
            case "counters":
                args(w, 2, Integer.MAX_VALUE, "counters SERVICE|FLOW HOST|COLLECTOR [tcpdump filter...]");
                if (!services.contains(w.get(0)) && !flows.contains(w.get(0))) {
                    throw error("unknown tap service or tap flow '" + w.get(0) + "'");
                }
                if (!topology.collectors().containsKey(w.get(1))) {
                    host(w.get(1));
                }
                return;
            case "tables":
                args(w, 0, 0, "tables");
                return;
            case "snapshot":
                args(w, 1, 1, "snapshot NAME");
                snapshots.add(w.get(0));
                return;
            case "same":
                args(w, 1, 1, "same SNAPSHOT");
                if (!snapshots.contains(w.get(0))) {
                    throw error("no snapshot '" + w.get(0) + "' taken before");
                }
                return;
            case "port":
                args(w, 2, 2, "port down|up HOST");
                if (!w.get(0).equals("down") && !w.get(0).equals("up")) {
                    throw error("port down HOST or port up HOST");
                }
                host(w.get(1));
                return;
            case "native-mirror":
                args(w, 1, 2, "native-mirror SOURCE_HOST TAP_HOST | native-mirror off");
                if (w.size() == 1 && !w.get(0).equals("off")) {
                    throw error("native-mirror SOURCE_HOST TAP_HOST | native-mirror off");
                }
                if (w.size() == 2) {
                    host(w.get(0));
                    host(w.get(1));
                }
                return;
            case "path":
                args(w, 2, Integer.MAX_VALUE, "path FLOW SWITCH... | path FLOW none");
                if (!flows.contains(w.get(0))) {
                    throw error("unknown tap flow '" + w.get(0) + "'");
                }
                if (!(w.size() == 2 && w.get(1).equals("none"))) {
                    w.subList(1, w.size()).forEach(this::existingSwitch);
                }
                return;
            case "cli":
                checkCli(w);
                return;
            case "controller":
                args(w, 1, 1, "controller restart");
                if (!w.get(0).equals("restart")) {
                    throw error("controller restart");
                }
                return;
            case "app":
                args(w, 1, 1, "app deactivate|activate");
                if (!w.get(0).equals("deactivate") && !w.get(0).equals("activate")) {
                    throw error("app deactivate or app activate");
                }
                return;
            case "wait":
                args(w, 1, 1, "wait MILLISECONDS");
                number(w.get(0), "milliseconds", 0, 600_000);
                return;
            default:
                throw error("unknown keyword '" + keyword + "'");
        }
    }

    /**
     * Splits a {@code cli} step's words into the command line and its expectation:
     * {@code cli LINE [=> STATUS [TEXT...]]}; without {@code =>} the command must exit 0.
     *
     * @param words the step's words after the keyword
     * @return the line's words, the expected status and the expected text (possibly empty)
     */
    static CliStep cliStep(List<String> words) {
        int arrow = words.indexOf("=>");
        List<String> line = arrow < 0 ? words : words.subList(0, arrow);
        if (line.isEmpty()) {
            throw new IllegalArgumentException("usage: cli COMMAND [ARGS...] [=> STATUS [TEXT...]]");
        }
        if (arrow < 0) {
            return new CliStep(String.join(" ", line), 0, "");
        }
        if (arrow + 1 >= words.size() || !words.get(arrow + 1).matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'=>' must be followed by the expected exit status, a number");
        }
        return new CliStep(String.join(" ", line), Integer.parseInt(words.get(arrow + 1)),
                String.join(" ", words.subList(arrow + 2, words.size())));
    }

    /** A parsed {@code cli} step. */
    static final class CliStep {
        final String line;
        final int status;
        final String text;

        CliStep(String line, int status, String text) {
            this.line = line;
            this.status = status;
            this.text = text;
        }
    }

    // {h1} is a host's connect point, {s1} a switch's device id; names given with --name to
    // tap-service-add / tap-flow-add become names later steps may use
    private void checkCli(List<String> w) {
        CliStep c;
        try {
            c = cliStep(w);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        java.util.regex.Matcher m = PLACEHOLDER.matcher(c.line);
        while (m.find()) {
            String n = m.group(1);
            if (!topology.switches().containsKey(n) && !topology.hosts().containsKey(n)) {
                throw error("{" + n + "} names no host or switch");
            }
        }
        List<String> words = Arrays.asList(c.line.split("\\s+"));
        int name = words.indexOf("--name");
        if (name > 0 && name + 1 < words.size()) {
            if (words.get(0).equals("tap-service-add")) {
                services.add(words.get(name + 1));
            } else if (words.get(0).equals("tap-flow-add")) {
                flows.add(words.get(name + 1));
            }
        }
    }

    private void direction(String d) {
        try {
            Direction.parse(d);
        } catch (RuntimeException e) {
            throw error("direction must be in, out or both, not '" + d + "'");
        }
    }

    private void vlanOption(Map<String, String> opts) {
        String v = opts.get("vlan");
        if (v != null && !v.equals("none")) {
            try {
                VlanFilter.parse(v);
            } catch (RuntimeException e) {
                throw error("bad VLAN filter '" + v + "': " + e.getMessage());
            }
        }
    }

    private void checkTraffic(String keyword, List<String> w) {
        int hosts = keyword.equals("broadcast") ? 1 : 2;
        args(w, hosts, Integer.MAX_VALUE, keyword + (hosts == 1 ? " SOURCE" : " SOURCE DESTINATION")
                + " [" + String.join("|", OPTIONS.get(keyword)) + " VALUE]...");
        for (int i = 0; i < hosts; i++) {
            host(w.get(i));
        }
        Map<String, String> opts = options(w.subList(hosts, w.size()), OPTIONS.get(keyword));
        if (opts.containsKey("count")) {
            number(opts.get("count"), "count", 1, 10000);
        }
        if (opts.containsKey("vlan")) {
            number(opts.get("vlan"), "vlan", 0, 4095);
        }
        if (opts.containsKey("port")) {
            number(opts.get("port"), "port", 1, 65535);
        }
        if (opts.containsKey("seconds")) {
            number(opts.get("seconds"), "seconds", 1, 600);
        }
        if (opts.containsKey("tap")) {
            host(opts.get("tap"));
        }
    }
}

package org.onosproject.taas.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.PortNumber;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;
import org.onosproject.taas.sandbox.net.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs scenario files against a sandbox and prints one line per expectation, then
 * {@code N passed, M failed}.
 */
public final class ScenarioRunner {

    private static final long STATUS_WAIT_MS = 5000;
    private static final long SETTLE_WAIT_MS = 5000;
    private static final long AFTER_TRAFFIC_MS = 400;

    private final String runId;
    private final Path workDir;
    private final PrintStream out;
    private final String sendScript;
    private final Map<String, double[]> bench = new LinkedHashMap<>();
    private int passed;
    private int failed;

    /**
     * Creates a runner.
     *
     * @param runId   short id of this run, part of every name created
     * @param workDir directory for captures
     * @param out     where results go
     * @throws IOException if the frame sender script cannot be read
     */
    public ScenarioRunner(String runId, Path workDir, PrintStream out) throws IOException {
        this.runId = runId;
        this.workDir = workDir;
        this.out = out;
        try (InputStream in = getClass().getResourceAsStream("send_frames.py")) {
            sendScript = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Returns the number of expectations that held.
     *
     * @return count
     */
    public int passed() {
        return passed;
    }

    /**
     * Returns the number of expectations that did not hold.
     *
     * @return count
     */
    public int failed() {
        return failed;
    }

    private void result(boolean ok, Scenario s, int line, String text) {
        if (ok) {
            passed++;
        } else {
            failed++;
        }
        out.printf("%s  %s:%d  %s%n", ok ? "PASS" : "FAIL", Path.of(s.file()).getFileName(), line, text);
    }

    /**
     * Parses and runs a scenario file; a file that does not parse counts as one failure.
     *
     * @param file scenario file
     */
    public void run(Path file) {
        Scenario s;
        try {
            s = ScenarioParser.parse(file);
        } catch (IOException | IllegalArgumentException e) {
            failed++;
            out.println("FAIL  " + file + "  cannot be read: " + e.getMessage());
            return;
        }
        out.println("== " + s.name() + " (" + file + ")");
        try (Sandbox sandbox = new Sandbox(runId, s.topology())) {
            try {
                sandbox.start();
            } catch (RuntimeException e) {
                result(false, s, 0, "sandbox did not start: " + e.getMessage());
                return;
            }
            if (!sandbox.engineRunning()) {
                out.println("   (no rule engine on the classpath: nothing will be mirrored)");
            } else if (!sandbox.components().unboundFields().isEmpty()) {
                out.println("   (engine fields left unbound: " + sandbox.components().unboundFields() + ")");
            }
            new Run(s, sandbox).execute();
        } catch (RuntimeException e) {
            result(false, s, 0, "scenario aborted: " + e);
        }
    }

    /**
     * Prints the benchmark figures gathered by {@code iperf} steps, and the ratios between
     * the cases labelled none, app and native when they were measured.
     */
    public void printBench() {
        if (bench.isEmpty()) {
            return;
        }
        out.println("== benchmark");
        bench.forEach((label, v) -> out.printf("   %-8s %8.1f Mbit/s   mirrored to tap: %s%n", label, v[0],
                Double.isNaN(v[1]) ? "-" : String.format("%.1f%%", v[1] * 100)));
        double[] none = bench.get("none");
        double[] app = bench.get("app");
        double[] nat = bench.get("native");
        if (app != null && none != null) {
            out.printf("   throughput app/none = %.2f%n", app[0] / none[0]);
        }
        if (app != null && nat != null) {
            out.printf("   throughput app/native = %.2f, delivered share app/native = %.2f%n",
                    app[0] / nat[0], app[1] / nat[1]);
        }
    }

    /** The state of one scenario run. */
    private final class Run {
        private final Scenario s;
        private final Sandbox sb;
        private final TaasAdminService admin;
        private final TaasService taas;
        private final Map<String, TapServiceId> services = new HashMap<>();
        private final Map<String, TapFlowId> flows = new HashMap<>();
        private final Map<String, Map<String, String>> snapshots = new HashMap<>();
        private final Map<String, Capture> captures = new LinkedHashMap<>();
        private final Map<String, String> beforeEngine;
        private boolean roundOpen;
        private boolean roundHasTraffic;
        private boolean changed = true;
        private long changedAt = System.currentTimeMillis();
        private int round;

        Run(Scenario s, Sandbox sb) {
            this.s = s;
            this.sb = sb;
            this.admin = sb.components().admin();
            this.taas = sb.components().taas();
            this.beforeEngine = sb.plumbing().tables();
        }

        void execute() {
            for (Scenario.Step step : s.steps()) {
                try {
                    step(step);
                } catch (RuntimeException e) {
                    result(false, s, step.line, step.text + ": " + e.getMessage());
                }
            }
            closeRound();
            if (sb.engineRunning()) {
                sb.components().stopEngine();
                boolean same = waitFor(() -> sb.plumbing().tables().equals(beforeEngine), STATUS_WAIT_MS);
                result(same, s, s.steps().isEmpty() ? 0 : s.steps().get(s.steps().size() - 1).line,
                        "after deactivation the switches hold exactly the rules and groups they had before"
                                + (same ? "" : ":\n" + diff(beforeEngine, sb.plumbing().tables())));
            }
        }

        private void step(Scenario.Step st) throws RuntimeException {
            List<String> a = st.args;
            switch (st.keyword) {
                case "ping":
                case "udp":
                case "broadcast":
                case "iperf":
                    traffic(st);
                    return;
                case "expect":
                    expect(st);
                    return;
                case "show":
                    show(st);
                    return;
                default:
                    break;
            }
            closeRound();
            switch (st.keyword) {
                case "service":
                    TapService svc = admin.createTapService(TapService.builder().id(TapServiceId.random())
                            .name(a.get(0)).port(port(a.get(1)))
                            .description(String.join(" ", a.subList(2, a.size()))).build());
                    services.put(a.get(0), svc.id());
                    changed();
                    return;
                case "flow":
                    Map<String, String> fo = options(a, 4);
                    TapFlow flow = admin.createTapFlow(TapFlow.builder().id(TapFlowId.random()).name(a.get(0))
                            .sourcePort(port(a.get(1))).tapServiceId(serviceId(a.get(2)))
                            .direction(Direction.parse(a.get(3))).vlanFilter(filter(fo.get("vlan"))).build());
                    flows.put(a.get(0), flow.id());
                    changed();
                    return;
                case "update":
                    Map<String, String> uo = options(a, 1);
                    TapFlow current = taas.getTapFlow(flowId(a.get(0)));
                    TapFlow.Builder b = current.toBuilder();
                    if (uo.containsKey("direction")) {
                        b.direction(Direction.parse(uo.get("direction")));
                    }
                    if (uo.containsKey("vlan")) {
                        b.vlanFilter(filter(uo.get("vlan")));
                    }
                    admin.updateTapFlow(b.build());
                    changed();
                    return;
                case "remove":
                    if (a.get(0).equals("service")) {
                        admin.removeTapService(serviceId(a.get(1)));
                        services.remove(a.get(1));
                    } else {
                        admin.removeTapFlow(flowId(a.get(1)));
                        flows.remove(a.get(1));
                    }
                    changed();
                    return;
                case "status":
                    status(st);
                    return;
                case "tables":
                    settle();
                    sb.plumbing().tables().forEach((sw, t) -> {
                        out.println("   " + sw + " flow and group tables:");
                        t.lines().forEach(l -> out.println("      " + l));
                    });
                    return;
                case "snapshot":
                    settle();
                    snapshots.put(a.get(0), sb.plumbing().tables());
                    return;
                case "same":
                    settle();
                    Map<String, String> before = snapshots.get(a.get(0));
                    boolean same = waitFor(() -> sb.plumbing().tables().equals(before), 2000);
                    result(same, s, st.line, "switch tables equal snapshot '" + a.get(0) + "'"
                            + (same ? "" : ":\n" + diff(before, sb.plumbing().tables())));
                    return;
                case "port":
                    sb.plumbing().setLink(host(a.get(1)), a.get(0).equals("up"));
                    changed();
                    return;
                case "link":
                    Topology.Link l = s.topology().link(a.get(1), Integer.parseInt(a.get(2)), a.get(3),
                            Integer.parseInt(a.get(4)));
                    long ms = sb.setLink(l, a.get(0).equals("up"));
                    out.println("   (link " + l.switchA + "/" + l.portA + " - " + l.switchB + "/" + l.portB + " "
                            + a.get(0) + ": topology changed after " + ms + " ms)");
                    changed();
                    return;
                case "host":
                    ConnectPoint from = sb.location(a.get(1));
                    long moveMs = sb.moveHost(a.get(1), a.get(2), Integer.parseInt(a.get(3)));
                    out.println("   (host " + a.get(1) + " moved from " + from + " to " + sb.location(a.get(1))
                            + ": ports reported after " + moveMs + " ms)");
                    changed();
                    return;
                case "path":
                    path(st);
                    return;
                case "native-mirror":
                    nativeMirror(a);
                    return;
                case "wait":
                    Sandbox.sleep(Long.parseLong(a.get(0)));
                    return;
                default:
                    throw new IllegalArgumentException("unknown keyword " + st.keyword);
            }
        }

        private void changed() {
            roundHasTraffic = false;
            changed = true;
            changedAt = System.currentTimeMillis();
        }

        // where the host is now: `host move` steps change the sandbox's topology
        private Topology.Host host(String name) {
            return sb.topology().hosts().get(name);
        }

        private ConnectPoint port(String at) {
            ConnectPoint hostAt = sb.location(at);
            if (hostAt != null) {
                return hostAt;
            }
            if (at.startsWith("of:")) {
                return ConnectPoint.deviceConnectPoint(at);
            }
            String[] p = at.split("/");
            return new ConnectPoint(sb.deviceId(p[0]), PortNumber.portNumber(Long.parseLong(p[1])));
        }

        private TapServiceId serviceId(String name) {
            TapServiceId id = services.get(name);
            if (id == null) {
                throw new IllegalArgumentException("no tap service '" + name + "' exists at this point");
            }
            return id;
        }

        private TapFlowId flowId(String name) {
            TapFlowId id = flows.get(name);
            if (id == null) {
                throw new IllegalArgumentException("no tap flow '" + name + "' exists at this point");
            }
            return id;
        }

        private VlanFilter filter(String text) {
            return text == null || text.equals("none") ? null : VlanFilter.parse(text);
        }

        private Map<String, String> options(List<String> a, int from) {
            Map<String, String> o = new HashMap<>();
            for (int i = from; i + 1 < a.size(); i += 2) {
                o.put(a.get(i), a.get(i + 1));
            }
            return o;
        }

        /** Waits until no tap object is being built and the sandbox threads are idle. */
        private void settle() {
            if (!changed) {
                return;
            }
            boolean built = waitFor(() -> taas.getTapServices().stream().noneMatch(this::building)
                    && taas.getTapFlows().stream().noneMatch(this::building), SETTLE_WAIT_MS);
            sb.quiesce();
            long ms = System.currentTimeMillis() - changedAt;
            if (!built) {
                out.println("   (taps still BUILD after " + ms + " ms)");
            } else if (sb.engineRunning() && !flows.isEmpty()) {
                out.println("   (taps settled " + ms + " ms after the last change)");
            }
            changed = false;
        }

        private boolean building(Object o) {
            TapStatus st = o instanceof TapService ? ((TapService) o).status() : ((TapFlow) o).status();
            return st.state() == TapStatus.State.BUILD;
        }

        private void status(Scenario.Step st) {
            String name = st.args.get(0);
            TapStatus.State want = TapStatus.State.valueOf(st.args.get(1));
            TapStatus[] last = new TapStatus[1];
            boolean ok = waitFor(() -> {
                last[0] = statusOf(name);
                return last[0] != null && last[0].state() == want;
            }, STATUS_WAIT_MS);
            result(ok, s, st.line, name + " is " + (last[0] == null ? "absent" : last[0].state()
                    + " (" + last[0].reason() + ")") + ", expected " + want);
        }

        /** Checks that a tap flow's copies take a path through the given switches, in order. */
        private void path(Scenario.Step st) {
            List<String> want = st.args.subList(1, st.args.size());
            List<String> wantNames = want.equals(List.of("none")) ? List.of() : want;
            AtomicReference<List<String>> last = new AtomicReference<>(List.of());
            boolean ok = waitFor(() -> {
                TapStatus status = statusOf(st.args.get(0));
                last.set(status == null ? List.of("(absent)") : switchesOf(status.path()));
                return last.get().equals(wantNames);
            }, STATUS_WAIT_MS);
            result(ok, s, st.line, st.args.get(0) + " path is " + (last.get().isEmpty() ? "none"
                    : String.join(" ", last.get())) + ", expected " + String.join(" ", want));
        }

        private List<String> switchesOf(List<ConnectPoint> hops) {
            List<String> names = new ArrayList<>();
            for (ConnectPoint cp : hops) {
                String name = s.topology().switches().values().stream()
                        .filter(w -> sb.deviceId(w.name).equals(cp.deviceId())).map(w -> w.name)
                        .findFirst().orElse(cp.deviceId().toString());
                if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
                    names.add(name);
                }
            }
            return names;
        }

        private TapStatus statusOf(String name) {
            if (services.containsKey(name)) {
                TapService t = taas.getTapService(services.get(name));
                return t == null ? null : t.status();
            }
            if (flows.containsKey(name)) {
                TapFlow f = taas.getTapFlow(flows.get(name));
                return f == null ? null : f.status();
            }
            return null;
        }

        private void openRound() {
            if (roundOpen) {
                return;
            }
            settle();
            round++;
            try {
                for (Topology.Host h : s.topology().hosts().values()) {
                    Path file = workDir.resolve("r" + round + "-" + h.name + "-" + System.nanoTime() + ".pcap");
                    captures.put(h.name, Capture.start(sb.plumbing().inHostPrefix(h), file));
                }
            } catch (IOException e) {
                captures.values().forEach(Capture::stop);
                captures.clear();
                throw new IllegalStateException(e.getMessage(), e);
            }
            roundOpen = true;
            roundHasTraffic = false;
        }

        private void closeRound() {
            if (roundOpen && roundHasTraffic) {
                Sandbox.sleep(AFTER_TRAFFIC_MS);
            }
            if (roundOpen) {
                captures.values().forEach(Capture::stop);
                roundOpen = false;
            }
        }

        private void traffic(Scenario.Step st) {
            if (!roundOpen) {
                captures.clear();
            }
            openRound();
            roundHasTraffic = true;
            List<String> a = st.args;
            Topology.Host src = host(a.get(0));
            Map<String, String> o = options(a, st.keyword.equals("broadcast") ? 1 : 2);
            String count = o.getOrDefault("count", st.keyword.equals("ping") ? "3" : "5");
            switch (st.keyword) {
                case "ping":
                    Topology.Host dst = host(a.get(1));
                    Command c = sb.plumbing().inHost(src, "ping", "-n", "-q", "-c", count, "-i", "0.05", "-W", "1",
                            dst.ip.toString());
                    if (!c.ok()) {
                        out.println("   (ping " + src.name + " -> " + dst.name + " lost replies: "
                                + c.out().lines().filter(l -> l.contains("packet loss")).findFirst().orElse("")
                                + ")");
                    }
                    return;
                case "udp":
                    Topology.Host to = host(a.get(1));
                    send(src, to.mac.toString(), to.ip.toString(), count, o);
                    return;
                case "broadcast":
                    String bcast = broadcastOf(src);
                    send(src, "ff:ff:ff:ff:ff:ff", bcast, count, o);
                    return;
                case "iperf":
                    iperf(st, src, host(a.get(1)), o);
                    return;
                default:
                    throw new IllegalArgumentException(st.keyword);
            }
        }

        private String broadcastOf(Topology.Host h) {
            int ip = h.ip.getIp4Address().toInt();
            int mask = h.prefixLength == 0 ? 0 : -1 << (32 - h.prefixLength);
            return org.onlab.packet.Ip4Address.valueOf(ip | ~mask).toString();
        }

        private void send(Topology.Host src, String dmac, String dip, String count, Map<String, String> o) {
            List<String> argv = new ArrayList<>(sb.plumbing().inHostPrefix(src));
            argv.addAll(List.of("/usr/bin/python3", "-", "eth0", count, src.mac.toString(), dmac,
                    src.ip.toString(), dip, o.getOrDefault("vlan", "-"), o.getOrDefault("port", "9999")));
            Command.run(argv, sendScript).orThrow();
        }

        private void expect(Scenario.Step st) {
            if (captures.isEmpty() || !roundHasTraffic) {
                throw new IllegalStateException("no traffic was sent since the last change: nothing to count");
            }
            closeRound();
            Topology.Host h = host(st.args.get(0));
            int want = Integer.parseInt(st.args.get(1));
            String filter = String.join(" ", st.args.subList(2, st.args.size()));
            List<String> frames = captures.get(h.name).frames(filter);
            boolean ok = frames.size() == want;
            StringBuilder text = new StringBuilder(h.name + " received " + frames.size() + " frame"
                    + (frames.size() == 1 ? "" : "s") + (filter.isEmpty() ? "" : " matching '" + filter + "'")
                    + ", expected " + want);
            if (!ok && !frames.isEmpty()) {
                frames.stream().limit(6).forEach(f -> text.append("\n        ").append(f));
            }
            result(ok, s, st.line, text.toString());
        }

        private void show(Scenario.Step st) {
            if (captures.isEmpty() || !roundHasTraffic) {
                throw new IllegalStateException("no traffic was sent since the last change: nothing to show");
            }
            closeRound();
            Topology.Host h = host(st.args.get(0));
            String filter = String.join(" ", st.args.subList(1, st.args.size()));
            List<String> frames = captures.get(h.name).frames(filter);
            out.println("   " + h.name + " received " + frames.size() + " frame" + (frames.size() == 1 ? "" : "s")
                    + (filter.isEmpty() ? "" : " matching '" + filter + "'") + ":");
            frames.forEach(f -> out.println("      " + f));
        }

        private void iperf(Scenario.Step st, Topology.Host src, Topology.Host dst, Map<String, String> o) {
            String seconds = o.getOrDefault("seconds", "5");
            Topology.Host tap = o.containsKey("tap") ? host(o.get("tap")) : null;
            String label = o.getOrDefault("label", "iperf@" + st.line);
            List<String> server = new ArrayList<>(sb.plumbing().inHostPrefix(dst));
            server.addAll(List.of("iperf3", "-s", "-1", "-p", "5201"));
            Process p;
            try {
                p = Command.processBuilder(server).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start iperf3 server: " + e.getMessage(), e);
            }
            try {
                Sandbox.sleep(500);
                long[] before = counters(src, tap);
                Command c = sb.plumbing().inHost(src, "iperf3", "-c", dst.ip.toString(), "-p", "5201",
                        "-t", seconds, "-J");
                long[] after = counters(src, tap);
                if (!c.ok()) {
                    throw new IllegalStateException("iperf3 failed: " + c.out().trim() + c.err().trim());
                }
                JsonNode json = new ObjectMapper().readTree(c.out());
                double mbps = json.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e6;
                long srcFrames = (after[0] - before[0]) + (after[1] - before[1]);
                double share = tap == null ? Double.NaN : (double) (after[2] - before[2]) / srcFrames;
                bench.put(label, new double[]{mbps, share});
                out.printf("   iperf %s: %.1f Mbit/s; %s%n", label, mbps, tap == null ? "no tap measured"
                        : String.format("%s received %d copies of the %d frames %s sent and received (%.1f%%)",
                        tap.name, after[2] - before[2], srcFrames, src.name, share * 100));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read iperf3 output: " + e.getMessage(), e);
            } finally {
                p.destroy();
            }
        }

        private long[] counters(Topology.Host src, Topology.Host tap) {
            return new long[]{stat(src, "tx_packets"), stat(src, "rx_packets"),
                    tap == null ? 0 : stat(tap, "rx_packets")};
        }

        private long stat(Topology.Host h, String name) {
            return Long.parseLong(sb.plumbing().inHost(h, "cat", "/sys/class/net/eth0/statistics/" + name)
                    .orThrow().out().trim());
        }

        private void nativeMirror(List<String> a) {
            for (Topology.Switch sw : s.topology().switches().values()) {
                Command.run("ovs-vsctl", "clear", "Bridge", sb.plumbing().bridge(sw), "mirrors");
            }
            if (!a.get(0).equals("off")) {
                Topology.Host src = host(a.get(0));
                Topology.Host tap = host(a.get(1));
                if (!src.switchName.equals(tap.switchName)) {
                    throw new IllegalArgumentException("a native mirror needs both hosts on one switch");
                }
                String br = sb.plumbing().bridge(s.topology().switches().get(src.switchName));
                Command.check("ovs-vsctl", "--", "--id=@s", "get", "Port", sb.plumbing().switchSide(src),
                        "--", "--id=@o", "get", "Port", sb.plumbing().switchSide(tap),
                        "--", "--id=@m", "create", "Mirror", "name=taas-bench", "select-src-port=@s",
                        "select-dst-port=@s", "output-port=@o", "--", "set", "Bridge", br, "mirrors=@m");
            }
            Command.run("ovs-appctl", "revalidator/purge");
        }

        private String diff(Map<String, String> before, Map<String, String> now) {
            StringBuilder sbd = new StringBuilder();
            for (String sw : before.keySet()) {
                List<String> b = List.of(before.get(sw).split("\n"));
                List<String> n = List.of(now.getOrDefault(sw, "").split("\n"));
                b.stream().filter(l -> !n.contains(l)).forEach(l -> sbd.append("        ").append(sw)
                        .append(" lost:  ").append(l).append('\n'));
                n.stream().filter(l -> !b.contains(l)).forEach(l -> sbd.append("        ").append(sw)
                        .append(" extra: ").append(l).append('\n'));
            }
            return sbd.toString().stripTrailing();
        }
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Sandbox.sleep(50);
        }
    }

    /**
     * Expands the arguments into scenario files: directories give their {@code *.scn} files,
     * sorted.
     *
     * @param args files or directories
     * @return files
     * @throws IOException if a directory cannot be listed
     */
    public static List<Path> files(List<String> args) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    files.addAll(list.filter(f -> f.toString().endsWith(".scn")).sorted()
                            .collect(Collectors.toList()));
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }
}

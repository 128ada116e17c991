package org.onosproject.taas.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapTunnel;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs scenario files against a network under test (the in-process sandbox or a real ONOS,
 * {@link NetworkUnderTest}) and prints one line per expectation, then
 * {@code N passed, M failed}.
 */
public final class ScenarioRunner {

    private static final long AFTER_TRAFFIC_MS = 400;
    // how long the application may take to put its rules and groups back after a switch restart
    private static final long RESTORE_TIMEOUT_MS = 15_000;
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final Supplier<NetworkUnderTest> backend;
    private final Path workDir;
    private final PrintStream out;
    private final String sendScript;
    private final Map<String, double[]> bench = new LinkedHashMap<>();
    private int passed;
    private int failed;

    /**
     * Creates a runner.
     *
     * @param backend makes the network each scenario runs on
     * @param workDir directory for captures
     * @param out     where results go
     * @throws IOException if the frame sender script cannot be read
     */
    public ScenarioRunner(Supplier<NetworkUnderTest> backend, Path workDir, PrintStream out) throws IOException {
        this.backend = backend;
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
        long start = System.currentTimeMillis();
        try (NetworkUnderTest net = backend.get()) {
            try {
                net.start(s);
            } catch (RuntimeException e) {
                result(false, s, 0, "the network did not start: " + e.getMessage());
                return;
            }
            out.println("   (on " + net.describe() + ", ready after " + (System.currentTimeMillis() - start) + " ms)");
            new Run(s, net).execute();
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
        private final NetworkUnderTest sb;
        private final Map<String, TapServiceId> services = new HashMap<>();
        private final Map<String, TapFlowId> flows = new HashMap<>();
        private final Map<String, Map<String, String>> snapshots = new HashMap<>();
        // the application's tables when the switches were last stopped, until they start again
        private Map<String, String> tablesBeforeStop;
        private final Map<String, Capture> captures = new LinkedHashMap<>();
        private boolean roundOpen;
        private boolean roundHasTraffic;
        private boolean changed = true;
        private long changedAt = System.currentTimeMillis();
        private int round;
        private int stepIndex;
        private final CounterCheck counterCheck = new CounterCheck();

        Run(Scenario s, NetworkUnderTest sb) {
            this.s = s;
            this.sb = sb;
        }

        void execute() {
            for (Scenario.Step step : s.steps()) {
                stepIndex = s.steps().indexOf(step);
                try {
                    step(step);
                } catch (RuntimeException e) {
                    result(false, s, step.line, step.text + ": " + e.getMessage());
                }
            }
            closeRound();
            String left = sb.finish();
            result(left == null, s, s.steps().isEmpty() ? 0 : s.steps().get(s.steps().size() - 1).line,
                    "at the end the switches hold exactly the rules and groups of ours they had before"
                            + (left == null ? "" : ":\n" + left));
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
                case "counters":
                    counters(st);
                    return;
                case "decoded":
                    decoded(st);
                    return;
                default:
                    break;
            }
            closeRound();
            switch (st.keyword) {
                case "service":
                    boolean tunnel = ScenarioParser.isTunnelService(a, s.topology());
                    TapService.Builder sv = TapService.builder().id(TapServiceId.random()).name(a.get(0))
                            .description(String.join(" ", a.subList(tunnel ? 5 : 2, a.size())));
                    if (tunnel) {
                        sv.tunnel(TapTunnel.builder().type(TapTunnel.Type.parse(a.get(1)))
                                .remoteIp(s.topology().collectors().get(a.get(2)).ip)
                                .inKey(Long.decode(a.get(3))).outKey(Long.decode(a.get(4))).build());
                    } else {
                        sv.port(port(a.get(1)));
                    }
                    TapService svc = sb.createTapService(sv.build());
                    services.put(a.get(0), svc.id());
                    changed();
                    return;
                case "flow":
                    Map<String, String> fo = options(a, 4);
                    TapFlow flow = sb.createTapFlow(TapFlow.builder().id(TapFlowId.random()).name(a.get(0))
                            .sourcePort(port(a.get(1))).tapServiceId(serviceId(a.get(2)))
                            .direction(Direction.parse(a.get(3))).vlanFilter(filter(fo.get("vlan"))).build());
                    flows.put(a.get(0), flow.id());
                    changed();
                    return;
                case "update":
                    Map<String, String> uo = options(a, 1);
                    TapFlow current = tapFlow(flowId(a.get(0)));
                    if (current == null) {
                        throw new IllegalStateException("tap flow '" + a.get(0) + "' no longer exists");
                    }
                    TapFlow.Builder b = current.toBuilder();
                    if (uo.containsKey("direction")) {
                        b.direction(Direction.parse(uo.get("direction")));
                    }
                    if (uo.containsKey("vlan")) {
                        b.vlanFilter(filter(uo.get("vlan")));
                    }
                    sb.updateTapFlow(b.build());
                    changed();
                    return;
                case "remove":
                    if (a.get(0).equals("service")) {
                        sb.removeTapService(serviceId(a.get(1)));
                        services.remove(a.get(1));
                    } else {
                        sb.removeTapFlow(flowId(a.get(1)));
                        flows.remove(a.get(1));
                    }
                    changed();
                    return;
                case "status":
                    status(st);
                    return;
                case "tunnel":
                    if (a.get(0).equals("add")) {
                        sb.plumbing().addTunnelPort(a.get(1), a.get(2));
                    } else {
                        sb.plumbing().removeTunnelPort(a.get(1), a.get(2));
                    }
                    out.println("   (" + a.get(0) + (a.get(0).equals("add") ? "ed " : "d ")
                            + sb.plumbing().tunnelPortName(a.get(1), a.get(2)) + " on " + a.get(1) + ")");
                    changed();
                    return;
                case "tables":
                    settle();
                    sb.tables().forEach((sw, t) -> {
                        out.println("   " + sw + " flow and group tables:");
                        t.lines().forEach(l -> out.println("      " + l));
                    });
                    return;
                case "snapshot":
                    settle();
                    snapshots.put(a.get(0), sb.tables());
                    return;
                case "same":
                    settle();
                    Map<String, String> before = snapshots.get(a.get(0));
                    boolean same = Waits.until(() -> sb.tables().equals(before), 2000);
                    result(same, s, st.line, "switch tables equal snapshot '" + a.get(0) + "'"
                            + (same ? "" : ":\n" + SwitchTables.diff(before, sb.tables())));
                    return;
                case "port":
                    long portMs = sb.setPort(a.get(1), a.get(0).equals("up"));
                    out.println("   (port of " + a.get(1) + " " + a.get(0) + ": seen by the controller after "
                            + portMs + " ms)");
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
                case "switch":
                    switches(s, st, a.get(0));
                    return;
                case "host":
                    if (a.get(0).equals("forget") || a.get(0).equals("learn")) {
                        boolean forget = a.get(0).equals("forget");
                        long hostMs = forget ? sb.forgetHost(a.get(1)) : sb.learnHost(a.get(1));
                        out.println("   (host " + a.get(1) + (forget ? " forgotten" : " learnt again")
                                + " by the controller after " + hostMs + " ms)");
                        changed();
                        return;
                    }
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
                case "cli":
                    cli(st);
                    changed();
                    return;
                case "controller":
                    String restarted = sb.restartController();
                    out.println("   (controller restart: " + restarted + ")");
                    changed();
                    return;
                case "app":
                    long appMs = sb.setApplication(a.get(0).equals("activate"));
                    out.println("   (application " + a.get(0) + "d after " + appMs + " ms)");
                    changed();
                    return;
                case "wait":
                    Waits.sleep(Long.parseLong(a.get(0)));
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
        /**
         * {@code switch stop}, {@code switch start} or {@code switch restart} (both). Before the
         * stop the application's tables are noted; after the start the step checks that its
         * rules and groups are on the switches again exactly as then (group ids compared by
         * content), printing how long after the switches connected to the controller again
         * (ovs-vswitchd's log) they were seen whole: the tables are read back to back, and the
         * time is that of the first read that found them whole, at its end. Only then does the
         * network settle (links, hosts the controller forgot), so the tables are whole without it.
         */
        private void switches(Scenario s, Scenario.Step st, String what) {
            if (!what.equals("start")) {
                settle();
                tablesBeforeStop = sb.applicationTables();
                long stopMs = sb.stopSwitches();
                out.println("   (switches stopped: the controller saw them go after " + stopMs + " ms)");
                changed();
            }
            if (what.equals("stop")) {
                return;
            }
            if (tablesBeforeStop == null) {
                throw new IllegalStateException("switch start without a switch stop before it");
            }
            Map<String, String> before = tablesBeforeStop;
            tablesBeforeStop = null;
            long startMs = sb.startSwitches();
            long seenAgain = System.currentTimeMillis();
            long deadline = seenAgain + RESTORE_TIMEOUT_MS;
            int reads = 0;
            boolean whole;
            do {
                reads++;
                whole = sb.applicationTables().equals(before);
            } while (!whole && System.currentTimeMillis() < deadline);
            long seenWhole = System.currentTimeMillis();
            long connected = sb.plumbing().switchesConnectedAt();
            // the sandbox drives the switches without OpenFlow connections: from when it saw them
            String when = (connected < 0 ? " " + (seenWhole - seenAgain) + " ms after the controller saw them again"
                    : " " + (seenWhole - connected) + " ms after the switches connected to the controller again")
                    + " (" + reads + " reads)";
            result(whole, s, st.line, "the application's rules and groups are on the switches again as before"
                    + (whole ? when : " (not within " + RESTORE_TIMEOUT_MS / 1000 + " s):\n"
                                     + SwitchTables.diff(before, sb.applicationTables())));
            long settleMs = sb.settleAfterRestart();
            out.println("   (switches started: the controller saw them again after " + startMs
                    + " ms; the network settled (links, hosts) " + settleMs + " ms later)");
            changed();
        }

        private void settle() {
            if (!changed) {
                return;
            }
            boolean built = Waits.until(() -> sb.tapServices().stream().noneMatch(this::building)
                    && sb.tapFlows().stream().noneMatch(this::building), sb.statusTimeoutMs());
            sb.quiesce();
            long ms = System.currentTimeMillis() - changedAt;
            if (!built) {
                out.println("   (taps still BUILD after " + ms + " ms)");
            } else if (!flows.isEmpty()) {
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
            String reason = String.join(" ", st.args.subList(2, st.args.size()));
            TapStatus[] last = new TapStatus[1];
            long start = System.currentTimeMillis();
            boolean ok = Waits.until(() -> {
                last[0] = statusOf(name);
                return last[0] != null && last[0].state() == want && last[0].reason().contains(reason);
            }, sb.statusTimeoutMs());
            if (ok && System.currentTimeMillis() - start > 1000) {
                out.println("   (" + name + " became " + want + " after " + (System.currentTimeMillis() - start)
                        + " ms)");
            }
            result(ok, s, st.line, name + " is " + (last[0] == null ? "absent" : last[0].state()
                    + " (" + last[0].reason() + ")") + ", expected " + want
                    + (reason.isEmpty() ? "" : " with a reason saying '" + reason + "'"));
        }

        /** Checks that a tap flow's copies take a path through the given switches, in order. */
        private void path(Scenario.Step st) {
            List<String> want = st.args.subList(1, st.args.size());
            List<String> wantNames = want.equals(List.of("none")) ? List.of() : want;
            AtomicReference<List<String>> last = new AtomicReference<>(List.of());
            boolean ok = Waits.until(() -> {
                TapStatus status = statusOf(st.args.get(0));
                last.set(status == null ? List.of("(absent)") : switchesOf(status.path()));
                return last.get().equals(wantNames);
            }, sb.statusTimeoutMs());
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
                TapServiceId id = services.get(name);
                return sb.tapServices().stream().filter(t -> t.id().equals(id)).map(TapService::status)
                        .findFirst().orElse(null);
            }
            if (flows.containsKey(name)) {
                TapFlow f = tapFlow(flows.get(name));
                return f == null ? null : f.status();
            }
            return null;
        }

        private TapFlow tapFlow(TapFlowId id) {
            return sb.tapFlows().stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
        }

        /**
         * Types a CLI line ({h1}: a host's connect point, {s1}: a switch's device id) and
         * checks its exit status and, when given, that its output contains the text; then
         * learns the names of the tap objects on the scenario's devices, so that later steps
         * can use names given on the command line.
         */
        private void cli(Scenario.Step st) {
            ScenarioParser.CliStep c = ScenarioParser.cliStep(st.args);
            String line = substitute(c.line);
            String text = substitute(c.text);
            CliResult r = sb.cli(line);
            String output = ANSI.matcher(r.output()).replaceAll("").strip();
            boolean ok = r.status() == c.status && output.contains(text);
            result(ok, s, st.line, "cli " + line + ": status " + r.status()
                    + (text.isEmpty() ? "" : ", output " + (output.contains(text) ? "has" : "lacks")
                    + " '" + text + "'") + ", expected status " + c.status
                    + (ok || output.isEmpty() ? "" : "\n        " + output.replace("\n", "\n        ")));
            learnNames();
        }

        // {h1}: where host h1 is now; {s1}: switch s1's device id
        private String substitute(String text) {
            Matcher m = ScenarioParser.PLACEHOLDER.matcher(text);
            StringBuilder done = new StringBuilder();
            while (m.find()) {
                String n = m.group(1);
                String value = sb.topology().hosts().containsKey(n) ? sb.location(n).toString()
                        : sb.deviceId(n).toString();
                m.appendReplacement(done, Matcher.quoteReplacement(value));
            }
            m.appendTail(done);
            return done.toString();
        }

        private void learnNames() {
            Set<DeviceId> ours = s.topology().switches().keySet().stream().map(sb::deviceId)
                    .collect(Collectors.toSet());
            services.clear();
            flows.clear();
            sb.tapServices().stream().filter(t -> t.isTunnel() || ours.contains(t.port().deviceId()))
                    .forEach(t -> services.putIfAbsent(t.name(), t.id()));
            sb.tapFlows().stream().filter(f -> ours.contains(f.sourcePort().deviceId()))
                    .forEach(f -> flows.putIfAbsent(f.name(), f.id()));
        }

        private void openRound() {
            if (roundOpen) {
                return;
            }
            settle();
            String baselines = counterCheck.baseline(CounterCheck.namesChecked(s.steps(), stepIndex), this::statsOf);
            if (!baselines.isEmpty()) {
                out.println("   (" + baselines + ")");
            }
            round++;
            try {
                for (Topology.Host h : s.topology().hosts().values()) {
                    Path file = workDir.resolve("r" + round + "-" + h.name + "-" + System.nanoTime() + ".pcap");
                    captures.put(h.name, Capture.start(sb.plumbing().inHostPrefix(h), file));
                }
                for (Topology.Collector c : s.topology().collectors().values()) {
                    Path file = workDir.resolve("r" + round + "-" + c.name + "-" + System.nanoTime() + ".pcap");
                    captures.put(c.name, Capture.start(sb.plumbing().inCollectorPrefix(c), file));
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
                Waits.sleep(AFTER_TRAFFIC_MS);
                counterCheck.trafficEnded(System.currentTimeMillis());
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
                    String bcast = src.broadcast();
                    send(src, "ff:ff:ff:ff:ff:ff", bcast, count, o);
                    return;
                case "iperf":
                    iperf(st, src, host(a.get(1)), o);
                    return;
                default:
                    throw new IllegalArgumentException(st.keyword);
            }
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

        /**
         * Counts the frames a collector received encapsulated in GRE or ERSPAN with a key
         * (or any), decoded, whose inner frame matches a tcpdump filter.
         */
        private void decoded(Scenario.Step st) {
            if (captures.isEmpty() || !roundHasTraffic) {
                throw new IllegalStateException("no traffic was sent since the last change: nothing to count");
            }
            closeRound();
            String c = st.args.get(0);
            String type = st.args.get(1);
            Long key = st.args.get(2).equals("any") ? null : Long.decode(st.args.get(2));
            int want = Integer.parseInt(st.args.get(3));
            String filter = String.join(" ", st.args.subList(4, st.args.size()));
            List<String> frames = captures.get(c).decoded(type, key, filter);
            boolean ok = frames.size() == want;
            StringBuilder text = new StringBuilder(c + " decoded " + frames.size() + " " + type + " frame"
                    + (frames.size() == 1 ? "" : "s") + (key == null ? " (any key)" : " with key " + key)
                    + (filter.isEmpty() ? "" : " matching '" + filter + "'") + ", expected " + want);
            if (!ok && !frames.isEmpty()) {
                frames.stream().limit(6).forEach(f -> text.append("\n        ").append(f));
            }
            result(ok, s, st.line, text.toString());
        }

        /**
         * Checks that a tap service's or tap flow's counters grew in the round by exactly the
         * frames a host captured (matching a filter); see {@link CounterCheck}.
         */
        private void counters(Scenario.Step st) {
            if (captures.isEmpty() || !roundHasTraffic) {
                throw new IllegalStateException("no traffic was sent since the last change: nothing to count");
            }
            closeRound();
            // a host, or a collector (what it received encapsulated: the copies sent into the tunnel)
            String where = st.args.get(1);
            String filter = String.join(" ", st.args.subList(2, st.args.size()));
            int frames = captures.get(where).frames(filter).size();
            CounterCheck.Outcome o = counterCheck.check(st.args.get(0), this::statsOf, frames, this::flowName);
            result(o.ok, s, st.line, o.text + " (" + where + (filter.isEmpty() ? "" : ", '" + filter + "'")
                    + ")");
        }

        // a tap service's or tap flow's statistics by name; null for an unknown name
        private TapStats statsOf(String name) {
            if (services.containsKey(name)) {
                return sb.tapServiceStats(services.get(name));
            }
            return flows.containsKey(name) ? sb.tapFlowStats(flows.get(name)) : null;
        }

        private String flowName(TapFlowId id) {
            return flows.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey)
                    .findFirst().orElse(id.toString());
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
                Waits.sleep(500);
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

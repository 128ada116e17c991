package org.onosproject.taas.sandbox;

import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;
import org.onosproject.taas.sandbox.net.Command;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * How soon a tap mirrors, and is ACTIVE, after the API call that makes it (tools/onos-test.sh
 * bench-onos), on a real ONOS or on the sandbox, through {@link NetworkUnderTest}:
 * <ul>
 * <li>one tap flow, each round on a new source host that pings a peer every 10 ms, the
 * analyzer capturing: create (OUT) → first copy and ACTIVE; update to IN → first copy of a
 * reply and ACTIVE; delete → the last copy after the DELETE returned; re-create 2 s later →
 * first copy and ACTIVE; the tap service deleted and re-created on its port with the flow →
 * first copy and ACTIVE;</li>
 * <li>100 and 1,000 OUT tap flows over 10 switches (one source port each, one VLAN per flow)
 * created in one bulk call: time until all are ACTIVE, and the first copy of the last one
 * (its source sends frames of its VLAN every 10 ms).</li>
 * </ul>
 * Prints min / median / max of each figure; asserts nothing (figures, not verdicts).
 */
public final class ConvergenceBenchmark {

    private static final long COPY_TIMEOUT_MS = 30_000;
    private static final long ACTIVE_TIMEOUT_MS = 120_000;
    private static final int SWITCHES = 10;
    private static final String STREAM = String.join("\n",
            "import sys, time, logging",
            "logging.getLogger('scapy.runtime').setLevel(logging.ERROR)",
            "from scapy.all import Ether, Dot1Q, IP, UDP, Raw, conf",
            "iface, smac, dmac, sip, dip, vlan, seconds = sys.argv[1:8]",
            "s = conf.L2socket(iface=iface)",
            "f = Ether(src=smac, dst=dmac) / Dot1Q(vlan=int(vlan)) / IP(src=sip, dst=dip) "
                    + "/ UDP(sport=40000, dport=9999) / Raw(b'taas-bench')",
            "end = time.time() + float(seconds)",
            "while time.time() < end:",
            "    s.send(f)",
            "    time.sleep(0.01)",
            "");

    private final Supplier<NetworkUnderTest> backend;
    private final PrintStream out;
    private final Map<String, List<Double>> figures = new LinkedHashMap<>();

    private ConvergenceBenchmark(Supplier<NetworkUnderTest> backend, PrintStream out) {
        this.backend = backend;
        this.out = out;
    }

    /**
     * Runs the benchmark: {@code [--onos] [ROUNDS [BULK...]]}, default 10 rounds, bulk 100
     * and 1000 (3 rounds each).
     *
     * @param args arguments
     */
    public static void main(String[] args) {
        boolean onos = args.length > 0 && args[0].equals("--onos");
        List<String> rest = List.of(args).subList(onos ? 1 : 0, args.length);
        int rounds = rest.isEmpty() ? 10 : Integer.parseInt(rest.get(0));
        List<Integer> bulks = rest.size() > 1 ? rest.subList(1, rest.size()).stream().map(Integer::parseInt)
                .collect(Collectors.toList()) : List.of(100, 1000);
        String runId = System.getenv().getOrDefault("SANDBOX_RUN_ID",
                Long.toString(ProcessHandle.current().pid() % 10000));
        OnosNetwork.OnosSettings settings = onos ? OnosNetwork.OnosSettings.fromEnvironment() : null;
        Supplier<NetworkUnderTest> backend = onos ? () -> new OnosNetwork(runId, settings, System.out)
                : () -> new SandboxNetwork(runId);
        ConvergenceBenchmark b = new ConvergenceBenchmark(backend, System.out);
        int rc = 0;
        try {
            b.oneTapFlow(rounds);
            for (int n : bulks) {
                b.bulk(n, 3);
            }
        } catch (RuntimeException e) {
            System.out.println("benchmark aborted: " + e.getMessage());
            rc = 1;
        }
        System.out.flush();
        System.exit(rc);
    }

    private void record(String figure, double ms) {
        figures.computeIfAbsent(figure, k -> new ArrayList<>()).add(ms);
    }

    private void print(String title) {
        out.println("== " + title);
        figures.forEach((name, v) -> {
            List<Double> ok = v.stream().filter(x -> !Double.isNaN(x)).sorted().collect(Collectors.toList());
            long missing = v.size() - ok.size();
            if (ok.isEmpty()) {
                out.printf("   %-44s none of %d%n", name, v.size());
                return;
            }
            double median = ok.size() % 2 == 1 ? ok.get(ok.size() / 2)
                    : (ok.get(ok.size() / 2 - 1) + ok.get(ok.size() / 2)) / 2;
            out.printf("   %-44s min %8.0f ms   median %8.0f ms   max %8.0f ms   (%d rounds%s)%n", name,
                    ok.get(0), median, ok.get(ok.size() - 1), ok.size(),
                    missing == 0 ? "" : ", " + missing + " never");
        });
        figures.clear();
    }

    // ---- one tap flow

    private void oneTapFlow(int rounds) {
        List<String> lines = new ArrayList<>(List.of("name convergence of one tap flow", "switch s1"));
        for (int r = 1; r <= rounds; r++) {
            lines.add(String.format("host h%d s1 %d 00:00:00:00:01:%02x 10.0.1.%d/16", r, r, r, r));
        }
        lines.add("host peer s1 60 00:00:00:00:02:01 10.0.2.1/16");
        lines.add("host tap s1 61 00:00:00:00:02:02 10.0.2.2/16");
        Scenario sc = ScenarioParser.parse("convergence", lines);
        try (NetworkUnderTest net = backend.get()) {
            net.start(sc);
            out.println("   (on " + net.describe() + ")");
            Topology.Host peer = net.topology().hosts().get("peer");
            ConnectPoint tapPort = net.location("tap");
            TapService svc = net.createTapService(service("bench", tapPort));
            waitActive(net, () -> List.of(find(net.tapServices(), svc.id())));
            try (CopyWatch watch = CopyWatch.start(net.plumbing().inHostPrefix(net.topology().hosts().get("tap")),
                    "icmp")) {
                TapServiceId svcId = svc.id();
                for (int r = 1; r <= rounds; r++) {
                    Topology.Host h = net.topology().hosts().get("h" + r);
                    svcId = round(net, watch, h, peer, svcId, tapPort);
                }
            }
        }
        print("one tap flow, " + rounds + " rounds (a source pinging every 10 ms, copies captured at the analyzer)");
    }

    private TapServiceId round(NetworkUnderTest net, CopyWatch watch, Topology.Host h, Topology.Host peer,
                               TapServiceId svcId, ConnectPoint tapPort) {
        Predicate<String> request = l -> l.contains(h.ip + " > " + peer.ip) && l.contains("echo request");
        Predicate<String> reply = l -> l.contains(peer.ip + " > " + h.ip) && l.contains("echo reply");
        Process ping = background(net.plumbing().inHostPrefix(h), List.of("ping", "-n", "-q", "-i", "0.01",
                "-W", "1", peer.ip.toString()), null);
        try {
            Waits.sleep(300);
            long t0 = System.currentTimeMillis();
            TapFlow f = net.createTapFlow(flow(h.name, svcId, net.location(h.name), Direction.OUT, null));
            timed(net, watch, "create: first copy", "create: ACTIVE", t0, request, f.id());

            t0 = System.currentTimeMillis();
            f = net.updateTapFlow(f.toBuilder().direction(Direction.IN).build());
            timed(net, watch, "update OUT -> IN: first copy", "update OUT -> IN: ACTIVE", t0, reply, f.id());

            net.removeTapFlow(f.id());
            long deleted = System.currentTimeMillis();
            Waits.sleep(2000);
            double last = watch.last(deleted, reply);
            record("delete: last copy after DELETE returned", Double.isNaN(last) ? 0 : last - deleted);

            t0 = System.currentTimeMillis();
            f = net.createTapFlow(flow(h.name, svcId, net.location(h.name), Direction.OUT, null));
            timed(net, watch, "delete, re-create 2 s later: first copy", "delete, re-create 2 s later: ACTIVE",
                    t0, request, f.id());

            net.removeTapService(svcId);
            Waits.sleep(1000);
            t0 = System.currentTimeMillis();
            TapService svc = net.createTapService(service("bench", tapPort));
            f = net.createTapFlow(flow(h.name, svc.id(), net.location(h.name), Direction.OUT, null));
            timed(net, watch, "service re-created on its port: first copy", "service re-created: ACTIVE", t0,
                    request, f.id());
            net.removeTapFlow(f.id());
            Waits.sleep(300);
            return svc.id();
        } finally {
            ping.destroy();
        }
    }

    private void timed(NetworkUnderTest net, CopyWatch watch, String copyFigure, String activeFigure, long t0,
                       Predicate<String> copy, TapFlowId id) {
        double first = watch.first(t0, copy, COPY_TIMEOUT_MS);
        record(copyFigure, first - t0);
        long active = waitActive(net, () -> List.of(find(net.tapFlows(), id)));
        record(activeFigure, active < 0 ? Double.NaN : active - t0);
    }

    // ---- bulk

    private void bulk(int n, int rounds) {
        List<String> lines = new ArrayList<>(List.of("name bulk of " + n + " tap flows"));
        for (int i = 1; i <= SWITCHES; i++) {
            lines.add("switch s" + i);
            lines.add(String.format("host src%d s%d 1 00:00:00:00:%02x:01 10.%d.0.1/8", i, i, i, i));
            lines.add(String.format("host tap%d s%d 2 00:00:00:00:%02x:02 10.%d.0.2/8", i, i, i, i));
            lines.add(String.format("host dst%d s%d 3 00:00:00:00:%02x:03 10.%d.0.3/8", i, i, i, i));
        }
        int lastSwitch = (n - 1) % SWITCHES + 1;
        int lastVlan = (n - 1) / SWITCHES + 1;
        // not run: tells the real backend to let ONOS learn the hosts on the VLAN the last flow uses
        lines.add(String.format("udp src%d dst%d vlan %d", lastSwitch, lastSwitch, lastVlan));
        Scenario sc = ScenarioParser.parse("bulk", lines);
        try (NetworkUnderTest net = backend.get()) {
            net.start(sc);
            out.println("   (on " + net.describe() + ")");
            Topology.Host src = net.topology().hosts().get("src" + lastSwitch);
            Topology.Host dst = net.topology().hosts().get("dst" + lastSwitch);
            for (int r = 1; r <= rounds; r++) {
                List<TapService> services = new ArrayList<>();
                for (int i = 1; i <= SWITCHES; i++) {
                    services.add(net.createTapService(service("tap" + i, net.location("tap" + i))));
                }
                List<TapFlow> flows = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    int i = k % SWITCHES + 1;
                    flows.add(flow("f" + k, services.get(i - 1).id(), net.location("src" + i), Direction.OUT,
                            VlanFilter.of(k / SWITCHES + 1)));
                }
                try (CopyWatch watch = CopyWatch.start(net.plumbing().inHostPrefix(
                        net.topology().hosts().get("tap" + lastSwitch)), "vlan " + lastVlan + " and udp")) {
                    Process stream = background(net.plumbing().inHostPrefix(src), List.of("/usr/bin/python3", "-",
                            "eth0", src.mac.toString(), dst.mac.toString(), src.ip.toString(), dst.ip.toString(),
                            Integer.toString(lastVlan), "150"), STREAM);
                    try {
                        Waits.sleep(500);
                        long t0 = System.currentTimeMillis();
                        net.createTapFlows(flows);
                        long stored = System.currentTimeMillis();
                        double first = watch.first(t0, l -> true, COPY_TIMEOUT_MS);
                        Set<TapFlowId> ids = flows.stream().map(TapFlow::id).collect(Collectors.toSet());
                        long active = waitActive(net, () -> net.tapFlows().stream()
                                .filter(f -> ids.contains(f.id())).collect(Collectors.toList()));
                        record("bulk POST returned", stored - t0);
                        record("first copy of the last flow", first - t0);
                        record("all " + n + " ACTIVE", active < 0 ? Double.NaN : active - t0);
                    } finally {
                        stream.destroy();
                    }
                }
                services.forEach(s -> net.removeTapService(s.id()));
                Waits.until(() -> net.tapFlows().stream().noneMatch(f -> f.name().startsWith("f")), 60_000);
                Waits.sleep(1000);
            }
        }
        print(n + " tap flows over " + SWITCHES + " switches in one bulk create, " + rounds + " rounds");
    }

    // ---- helpers

    private static TapService service(String name, ConnectPoint port) {
        return TapService.builder().id(TapServiceId.random()).name(name).port(port).build();
    }

    private static TapFlow flow(String name, TapServiceId svc, ConnectPoint src, Direction d, VlanFilter filter) {
        return TapFlow.builder().id(TapFlowId.random()).name(name).tapServiceId(svc).sourcePort(src)
                .direction(d).vlanFilter(filter).build();
    }

    private static <T> T find(Collection<T> all, Object id) {
        for (T t : all) {
            Object tid = t instanceof TapFlow ? ((TapFlow) t).id() : ((TapService) t).id();
            if (tid.equals(id)) {
                return t;
            }
        }
        return null;
    }

    // epoch ms when every object of the supplier is ACTIVE, or -1
    private static long waitActive(NetworkUnderTest net, Supplier<List<?>> objects) {
        boolean ok = Waits.until(() -> {
            List<?> now = objects.get();
            return !now.isEmpty() && now.stream().allMatch(o -> o != null && state(o) == TapStatus.State.ACTIVE);
        }, ACTIVE_TIMEOUT_MS);
        return ok ? System.currentTimeMillis() : -1;
    }

    private static TapStatus.State state(Object o) {
        return o instanceof TapFlow ? ((TapFlow) o).status().state() : ((TapService) o).status().state();
    }

    private static Process background(List<String> prefix, List<String> argv, String stdin) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(argv);
        try {
            Process p = Command.processBuilder(all).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", argv) + ": " + e.getMessage(), e);
        }
    }
}

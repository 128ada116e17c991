package org.onosproject.taas.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.VlanId;
import org.onlab.packet.IpAddress;
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
import org.onosproject.taas.codec.TapStatsCodec;
import org.onosproject.taas.sandbox.net.Command;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real-controller backend: a running ONOS 2.7 reached over its REST API (tap objects,
 * devices, links, hosts, network config) and its CLI over ssh. The scenario's bridges
 * connect to ONOS's OpenFlow port; ONOS's own applications (fwd, the host and link
 * providers) forward and learn. {@link #tables()} is the rules whose cookie carries the
 * application's id and the groups ONOS attributes to it (or does not know at all), since
 * fwd's rules come and go with their timeouts.
 * <p>
 * Leaves ONOS as found: the tap objects on the scenario's devices are removed, the devices
 * (with their links and hosts) are removed once the bridges are gone, and the network
 * config of the devices is put back as it was.
 */
public final class OnosNetwork implements NetworkUnderTest {

    /** The application's name in ONOS. */
    public static final String APP = "org.onosproject.taas";
    private static final String FWD = "org.onosproject.fwd";
    private static final String TAAS = "/onos/taas";
    private static final String CORE = "/onos/v1";
    private static final long STATUS_TIMEOUT_MS = 30_000;
    private static final long DISCOVERY_TIMEOUT_MS = 40_000;
    private static final long HOST_TIMEOUT_MS = 20_000;
    private static final long RESTART_TIMEOUT_MS = 180_000;
    private static final long WARM_UP_GAP_MS = 300;
    private static final ExecutorService SENDERS = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "warm-up-sender");
        t.setDaemon(true);
        return t;
    });

    private final String runId;
    private final OnosSettings settings;
    private final OnosRestClient rest;
    private final PrintStream log;
    private final String sendScript;
    private Topology topology;
    private Plumbing plumbing;
    private int appId = -1;
    private final Map<DeviceId, JsonNode> savedConfig = new LinkedHashMap<>();
    private final Set<Integer> warmUpVlans = new LinkedHashSet<>();
    private Map<String, String> beforeTaps;
    // ports enabled and links known before the last switch restart
    private List<ConnectPoint> enabledBeforeRestart = List.of();
    private Set<String> linksBeforeRestart = Set.of();

    /**
     * Where ONOS is and how to log in.
     */
    public static final class OnosSettings {
        final String url;
        final String user;
        final String password;
        final int sshPort;
        final String ofTarget;

        /**
         * Reads ONOS_URL (default http://127.0.0.1:8181), ONOS_USER / ONOS_PASSWORD
         * (onos / rocks), ONOS_SSH_PORT (8101) and SANDBOX_OF_TARGET, the controller target
         * the bridges use (default tcp:127.0.0.1:6653).
         *
         * @return settings
         */
        public static OnosSettings fromEnvironment() {
            Map<String, String> env = System.getenv();
            return new OnosSettings(env.getOrDefault("ONOS_URL", "http://127.0.0.1:8181"),
                    env.getOrDefault("ONOS_USER", "onos"), env.getOrDefault("ONOS_PASSWORD", "rocks"),
                    Integer.parseInt(env.getOrDefault("ONOS_SSH_PORT", "8101")),
                    env.getOrDefault("SANDBOX_OF_TARGET", "tcp:127.0.0.1:6653"));
        }

        OnosSettings(String url, String user, String password, int sshPort, String ofTarget) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.sshPort = sshPort;
            this.ofTarget = ofTarget;
        }
    }

    /**
     * Creates the backend; nothing is built until {@link #start}.
     *
     * @param runId    short id of this run, part of every name created
     * @param settings where ONOS is
     * @param log      where progress notes go
     */
    public OnosNetwork(String runId, OnosSettings settings, PrintStream log) {
        this.runId = runId;
        this.settings = settings;
        this.rest = new OnosRestClient(settings.url, settings.user, settings.password);
        this.log = log;
        Command.setEnvironment("SSHPASS", settings.password);
        try (InputStream in = getClass().getResourceAsStream("send_frames.py")) {
            sendScript = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read send_frames.py: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "ONOS at " + settings.url + " (application id " + appId + ")";
    }

    @Override
    public void start(Scenario scenario) {
        topology = scenario.topology().copy();
        plumbing = new Plumbing(runId, topology);
        JsonNode app = rest.getIfPresent(CORE + "/applications/" + APP);
        if (app.isMissingNode() || !"ACTIVE".equals(app.path("state").asText())) {
            throw new IllegalStateException("the application " + APP + " is not ACTIVE on " + settings.url
                    + " (tools/onos-test.sh onos installs it)");
        }
        appId = app.path("id").asInt();
        clearLeftovers();
        configureDrivers();
        if (plumbing.ovsNamespace() != null && settings.ofTarget.startsWith("tcp:127.")) {
            throw new IllegalStateException("OVS runs in namespace " + plumbing.ovsNamespace() + " and cannot reach "
                    + settings.ofTarget + "; tools/onos-test.sh onos relays it (SANDBOX_OF_TARGET=unix:...)");
        }
        plumbing.build();
        plumbing.setController(settings.ofTarget);
        long t0 = System.currentTimeMillis();
        waitForDiscovery();
        long t1 = System.currentTimeMillis();
        warmUpVlans.addAll(vlansOf(scenario));
        warmUp(topology.hosts().values());
        log.printf("   (ONOS saw the %d devices and %d links after %d ms, the %d hosts after %d ms more)%n",
                topology.switches().size(), topology.links().size(), t1 - t0, topology.hosts().size(),
                System.currentTimeMillis() - t1);
        beforeTaps = tables();
    }

    // ---- start: what a crashed run may have left, drivers, discovery, warm-up

    private Set<DeviceId> devices() {
        return topology.switches().keySet().stream().map(this::deviceId).collect(Collectors.toSet());
    }

    private void clearLeftovers() {
        for (DeviceId d : devices()) {
            JsonNode dev = rest.getIfPresent(CORE + "/devices/" + OnosRestClient.segment(d.toString()));
            if (dev.isMissingNode()) {
                continue;
            }
            if (dev.path("available").asBoolean()) {
                throw new IllegalStateException("ONOS already has a connected device " + d + "; the scenario needs "
                        + "that datapath id for its own bridge (disconnect that switch or run elsewhere)");
            }
            rest.delete(CORE + "/devices/" + OnosRestClient.segment(d.toString()));
            log.println("   (removed the unavailable device " + d + " an earlier run left in ONOS)");
        }
        Set<DeviceId> ours = devices();
        for (TapService s : tapServices()) {
            if (ours(s, ours)) {
                removeTapService(s.id());
                log.println("   (removed tap service " + s.id() + " '" + s.name() + "' an earlier run left on "
                        + s.destination() + ")");
            }
        }
        for (TapFlow f : tapFlows()) {
            if (ours.contains(f.sourcePort().deviceId())) {
                removeTapFlow(f.id());
                log.println("   (removed tap flow " + f.id() + " '" + f.name() + "' an earlier run left on "
                        + f.sourcePort() + ")");
            }
        }
    }

    // ONOS 2.7's ovs driver matches only OVS 2.x: a switch declared "driver ovs" gets it in
    // network config; one declared "driver default" must have none (as an unconfigured OVS 3.x)
    private void configureDrivers() {
        for (Topology.Switch s : topology.switches().values()) {
            DeviceId d = deviceId(s.name);
            String path = CORE + "/network/configuration/devices/" + OnosRestClient.segment(d.toString());
            savedConfig.put(d, rest.getIfPresent(path));
            rest.delete(path);
            if (s.driver.equals("ovs")) {
                ObjectNode cfg = rest.mapper().createObjectNode();
                cfg.putObject("devices").putObject(d.toString()).putObject("basic").put("driver", "ovs");
                rest.post(CORE + "/network/configuration", cfg);
            }
        }
    }

    private void waitForDiscovery() {
        boolean seen = Waits.until(() -> missingDiscovery().isEmpty(), DISCOVERY_TIMEOUT_MS);
        if (!seen) {
            throw new IllegalStateException("ONOS did not see the topology within " + DISCOVERY_TIMEOUT_MS / 1000
                    + " s: missing " + missingDiscovery() + " (are the bridges connected to "
                    + settings.ofTarget + "? ovs-vsctl show)");
        }
    }

    private List<String> missingDiscovery() {
        List<String> missing = new ArrayList<>();
        for (Topology.Switch s : topology.switches().values()) {
            DeviceId d = deviceId(s.name);
            JsonNode dev = rest.getIfPresent(CORE + "/devices/" + OnosRestClient.segment(d.toString()));
            if (!dev.path("available").asBoolean()) {
                missing.add("device " + d);
            } else if (!dev.path("driver").asText().equals(s.driver)) {
                missing.add("driver " + s.driver + " on " + d + " (has " + dev.path("driver").asText() + ")");
            }
        }
        if (!missing.isEmpty()) {
            return missing;
        }
        for (Topology.Host h : topology.hosts().values()) {
            if (!portEnabled(connectPoint(h))) {
                missing.add("port " + connectPoint(h));
            }
        }
        Set<String> links = links();
        for (Topology.Link l : topology.links()) {
            if (!links.containsAll(directions(l))) {
                missing.add("link " + ends(l).get(0) + " - " + ends(l).get(1));
            }
        }
        return missing;
    }

    // the two ends of a link of the topology
    private List<ConnectPoint> ends(Topology.Link l) {
        return List.of(new ConnectPoint(deviceId(l.switchA), PortNumber.portNumber(l.portA)),
                       new ConnectPoint(deviceId(l.switchB), PortNumber.portNumber(l.portB)));
    }

    // a link of the topology as links() names it, in both directions
    private List<String> directions(Topology.Link l) {
        ConnectPoint a = ends(l).get(0);
        ConnectPoint b = ends(l).get(1);
        return List.of(a + ">" + b, b + ">" + a);
    }

    // ONOS's links, each as "SRC>DST"
    private Set<String> links() {
        Set<String> links = new HashSet<>();
        for (JsonNode l : rest.get(CORE + "/links").path("links")) {
            links.add(l.path("src").path("device").asText() + "/" + l.path("src").path("port").asText() + ">"
                    + l.path("dst").path("device").asText() + "/" + l.path("dst").path("port").asText());
        }
        return links;
    }

    private JsonNode port(ConnectPoint cp) {
        JsonNode ports = rest.getIfPresent(CORE + "/devices/" + OnosRestClient.segment(cp.deviceId().toString())
                + "/ports").path("ports");
        for (JsonNode p : ports) {
            if (p.path("port").asText().equals(cp.port().toString())) {
                return p;
            }
        }
        return null;
    }

    private boolean portEnabled(ConnectPoint cp) {
        JsonNode p = port(cp);
        return p != null && p.path("isEnabled").asBoolean();
    }

    private static Set<Integer> vlansOf(Scenario scenario) {
        Set<Integer> vlans = new LinkedHashSet<>();
        for (Scenario.Step st : scenario.steps()) {
            int i = st.args.indexOf("vlan");
            if (Set.of("udp", "broadcast").contains(st.keyword) && i >= 0 && i + 1 < st.args.size()) {
                vlans.add(Integer.parseInt(st.args.get(i + 1)));
            }
        }
        return vlans;
    }

    /**
     * Has hosts send frames (untagged, and tagged with each VLAN the scenario's traffic uses)
     * until ONOS's host provider has learnt each of them at its place with each of them; fwd
     * floods frames to hosts it does not know, which would reach the tap ports. The frames
     * are broadcasts: fwd installs no rule for them, so every one reaches the controller (a
     * unicast one could match a rule fwd installed for an earlier frame, and ONOS would not
     * see the host again while that rule lives). Every round sends one frame per host and
     * VLAN still missing, in parallel, then reads ONOS's hosts once.
     */
    private void warmUp(Collection<Topology.Host> hosts) {
        Map<String, Topology.Host> pending = new LinkedHashMap<>();
        Map<String, Integer> vlanOf = new HashMap<>();
        for (Topology.Host h : hosts) {
            Set<Integer> vlans = new LinkedHashSet<>();
            vlans.add(h.vlan.equals(VlanId.NONE) ? -1 : (int) h.vlan.toShort());
            vlans.add(-1);
            vlans.addAll(warmUpVlans);
            for (int vlan : vlans) {
                String hostId = (h.mac + "/" + (vlan < 0 ? "None" : Integer.toString(vlan))).toLowerCase();
                pending.put(hostId, h);
                vlanOf.put(hostId, vlan);
            }
        }
        long deadline = System.currentTimeMillis() + HOST_TIMEOUT_MS;
        while (true) {
            Set<String> known = hostLocations();
            pending.entrySet().removeIf(e -> known.contains(e.getKey() + "@" + connectPoint(e.getValue())));
            if (pending.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("ONOS did not learn " + pending.entrySet().stream().limit(4)
                        .map(e -> e.getValue().name + " (" + e.getKey() + ") at " + connectPoint(e.getValue()))
                        .collect(Collectors.joining(", ")) + (pending.size() > 4 ? ", ..." : "") + " within "
                        + HOST_TIMEOUT_MS / 1000 + " s of warm-up traffic");
            }
            List<CompletableFuture<Command>> sent = new ArrayList<>();
            pending.forEach((hostId, h) -> {
                int vlan = vlanOf.get(hostId);
                List<String> argv = new ArrayList<>(plumbing.inHostPrefix(h));
                argv.addAll(List.of("/usr/bin/python3", "-", "eth0", "1", h.mac.toString(), "ff:ff:ff:ff:ff:ff",
                        h.ip.toString(), h.broadcast(), vlan < 0 ? "-" : Integer.toString(vlan), "9"));
                sent.add(CompletableFuture.supplyAsync(() -> Command.run(argv, sendScript), SENDERS));
            });
            sent.forEach(f -> f.join().orThrow());
            Waits.sleep(WARM_UP_GAP_MS);
        }
    }

    // every host ONOS knows, as "MAC/VLAN@DEVICE/PORT", one entry per location
    private Set<String> hostLocations() {
        Set<String> known = new HashSet<>();
        for (JsonNode host : rest.get(CORE + "/hosts").path("hosts")) {
            for (JsonNode l : host.path("locations")) {
                known.add(host.path("id").asText().toLowerCase() + "@" + l.path("elementId").asText() + "/"
                        + l.path("port").asText());
            }
        }
        return known;
    }

    // ---- topology

    @Override
    public Plumbing plumbing() {
        return plumbing;
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public DeviceId deviceId(String switchName) {
        return DeviceId.deviceId(String.format("of:%016x", topology.switches().get(switchName).dpid));
    }

    private ConnectPoint connectPoint(Topology.Host h) {
        return new ConnectPoint(deviceId(h.switchName), PortNumber.portNumber(h.port));
    }

    @Override
    public ConnectPoint location(String hostName) {
        Topology.Host h = topology.hosts().get(hostName);
        return h == null ? null : connectPoint(h);
    }

    // ---- tap objects over the application's REST API

    @Override
    public TapService createTapService(TapService request) {
        ObjectNode body = rest.mapper().createObjectNode();
        body.put("id", request.id().toString()).put("name", request.name())
                .put("description", request.description());
        if (request.isTunnel()) {
            TapTunnel t = request.tunnel().get();
            body.putObject("tunnel").put("type", t.type().text()).put("remoteIp", t.remoteIp().toString())
                    .put("inKey", t.inKey()).put("outKey", t.outKey());
        } else {
            body.put("port", request.port().toString());
        }
        return service(rest.post(TAAS + "/tap-services", body));
    }

    @Override
    public TapFlow createTapFlow(TapFlow request) {
        return flow(rest.post(TAAS + "/tap-flows", json(request)));
    }

    @Override
    public List<TapFlow> createTapFlows(List<TapFlow> requests) {
        ObjectNode body = rest.mapper().createObjectNode();
        requests.forEach(f -> body.withArray("tapFlows").add(json(f)));
        List<TapFlow> created = new ArrayList<>();
        rest.post(TAAS + "/tap-flows", body).path("tapFlows").forEach(j -> created.add(flow(j)));
        return created;
    }

    private ObjectNode json(TapFlow request) {
        ObjectNode body = rest.mapper().createObjectNode();
        body.put("id", request.id().toString()).put("name", request.name())
                .put("description", request.description())
                .put("tapServiceId", request.tapServiceId().toString())
                .put("sourcePort", request.sourcePort().toString()).put("direction", request.direction().name());
        request.vlanFilter().ifPresent(v -> body.put("vlanFilter", v.format()));
        return body;
    }

    @Override
    public TapFlow updateTapFlow(TapFlow changed) {
        ObjectNode body = rest.mapper().createObjectNode();
        body.put("direction", changed.direction().name());
        if (changed.vlanFilter().isPresent()) {
            body.put("vlanFilter", changed.vlanFilter().get().format());
        } else {
            body.putNull("vlanFilter");
        }
        return flow(rest.put(TAAS + "/tap-flows/" + changed.id(), body));
    }

    @Override
    public void removeTapService(TapServiceId id) {
        rest.delete(TAAS + "/tap-services/" + id);
    }

    @Override
    public void removeTapFlow(TapFlowId id) {
        rest.delete(TAAS + "/tap-flows/" + id);
    }

    // (no API while the application is deactivated: nothing to list)
    @Override
    public Collection<TapService> tapServices() {
        List<TapService> all = new ArrayList<>();
        rest.getIfPresent(TAAS + "/tap-services").path("tapServices").forEach(j -> all.add(service(j)));
        return all;
    }

    @Override
    public Collection<TapFlow> tapFlows() {
        List<TapFlow> all = new ArrayList<>();
        rest.getIfPresent(TAAS + "/tap-flows").path("tapFlows").forEach(j -> all.add(flow(j)));
        return all;
    }

    @Override
    public TapStats tapServiceStats(TapServiceId id) {
        return stats(rest.getIfPresent(TAAS + "/tap-services/" + id));
    }

    @Override
    public TapStats tapFlowStats(TapFlowId id) {
        return stats(rest.getIfPresent(TAAS + "/tap-flows/" + id));
    }

    // the "stats" object of a tap service or tap flow (TapStatsCodec); not sampled if absent
    private static TapStats stats(JsonNode j) {
        JsonNode stats = j == null ? null : j.get(TapStatsCodec.STATS);
        return stats == null || !stats.isObject() ? TapStats.notSampled()
                : new TapStatsCodec().decode((ObjectNode) stats, null);
    }

    private static TapStatus status(JsonNode j) {
        List<ConnectPoint> path = new ArrayList<>();
        j.path("path").forEach(p -> path.add(ConnectPoint.deviceConnectPoint(p.asText())));
        return TapStatus.of(TapStatus.State.valueOf(j.path("status").asText()), j.path("reason").asText())
                .withPath(path);
    }

    private static TapService service(JsonNode j) {
        TapService.Builder b = TapService.builder().id(TapServiceId.of(j.path("id").asText()))
                .name(j.path("name").asText()).description(j.path("description").asText())
                .tenant(j.path("tenant").asText()).status(status(j));
        JsonNode t = j.get("tunnel");
        if (t != null && t.isObject()) {
            return b.tunnel(TapTunnel.builder().type(TapTunnel.Type.parse(t.path("type").asText()))
                    .remoteIp(IpAddress.valueOf(t.path("remoteIp").asText()))
                    .inKey(t.path("inKey").asLong()).outKey(t.path("outKey").asLong()).build()).build();
        }
        return b.port(ConnectPoint.deviceConnectPoint(j.path("port").asText())).build();
    }

    // a tap service of this scenario's: its port on one of its devices, or its tunnel to one
    // of its collectors
    private boolean ours(TapService s, Set<DeviceId> devices) {
        if (s.isTunnel()) {
            IpAddress ip = s.tunnel().get().remoteIp();
            return topology.collectors().values().stream().anyMatch(c -> c.ip.equals(ip));
        }
        return devices.contains(s.port().deviceId());
    }

    private static TapFlow flow(JsonNode j) {
        return TapFlow.builder().id(TapFlowId.of(j.path("id").asText())).name(j.path("name").asText())
                .description(j.path("description").asText()).tenant(j.path("tenant").asText())
                .tapServiceId(TapServiceId.of(j.path("tapServiceId").asText()))
                .sourcePort(ConnectPoint.deviceConnectPoint(j.path("sourcePort").asText()))
                .direction(Direction.parse(j.path("direction").asText()))
                .vlanFilter(j.hasNonNull("vlanFilter") ? VlanFilter.parse(j.get("vlanFilter").asText()) : null)
                .status(status(j)).build();
    }

    // ---- the CLI over ssh

    /**
     * Runs one command in ONOS's Karaf shell over ssh (sshpass with the password from the
     * environment, never on the command line), as a script would.
     */
    @Override
    public CliResult cli(String line) {
        String host = URI.create(settings.url).getHost();
        List<String> argv = List.of("sshpass", "-e", "ssh", "-p", Integer.toString(settings.sshPort),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=10", settings.user + "@" + host, line);
        Command c = Command.run(argv, null);
        return new CliResult(c.exitCode(), c.out() + c.err());
    }

    // ---- what the switches hold for the application

    @Override
    public Map<String, String> applicationTables() {
        // tables() holds only the application's rules and groups already
        return tables();
    }

    @Override
    public Map<String, String> tables() {
        Map<String, String> tables = new TreeMap<>();
        for (Topology.Switch s : topology.switches().values()) {
            Set<Integer> appGroups = new HashSet<>();
            Set<Integer> knownGroups = new HashSet<>();
            for (JsonNode g : rest.getIfPresent(CORE + "/groups/" + OnosRestClient.segment(deviceId(s.name)
                    .toString())).path("groups")) {
                int id = Integer.parseUnsignedInt(g.path("id").asText());
                knownGroups.add(id);
                if (APP.equals(g.path("appId").asText())) {
                    appGroups.add(id);
                }
            }
            List<String> lines = new ArrayList<>();
            for (String l : plumbing.dump(s, "dump-flows")) {
                if (appOf(l) == appId) {
                    lines.add(l);
                }
            }
            for (String l : plumbing.dump(s, "dump-groups")) {
                Integer id = groupIdOf(l);
                if (id == null || appGroups.contains(id) || !knownGroups.contains(id)) {
                    lines.add(l);
                }
            }
            tables.put(s.name, SwitchTables.canonical(lines));
        }
        return tables;
    }

    // the application id ONOS puts in the top 16 bits of a flow's cookie (DefaultFlowRule)
    private static int appOf(String flowLine) {
        int i = flowLine.indexOf("cookie=0x");
        if (i < 0) {
            return 0;
        }
        int end = flowLine.indexOf(',', i);
        long cookie = Long.parseUnsignedLong(flowLine.substring(i + 9, end < 0 ? flowLine.length() : end), 16);
        return (int) (cookie >>> 48);
    }

    private static Integer groupIdOf(String groupLine) {
        int i = groupLine.indexOf("group_id=");
        if (i < 0) {
            return null;
        }
        int end = groupLine.indexOf(',', i);
        return Integer.parseUnsignedInt(groupLine.substring(i + 9, end < 0 ? groupLine.length() : end));
    }

    // ---- faults

    @Override
    public long setPort(String hostName, boolean up) {
        Topology.Host h = topology.hosts().get(hostName);
        ConnectPoint cp = connectPoint(h);
        long start = System.currentTimeMillis();
        plumbing.setLink(h, up);
        if (!Waits.until(() -> portEnabled(cp) == up, DISCOVERY_TIMEOUT_MS)) {
            throw new IllegalStateException("ONOS still shows " + cp + (up ? " down" : " up") + " "
                    + DISCOVERY_TIMEOUT_MS / 1000 + " s after the change");
        }
        long ms = System.currentTimeMillis() - start;
        if (up && !onTapPort(h)) {
            // ONOS's host provider forgot the host when its port went down
            warmUp(List.of(h));
        }
        return ms;
    }

    @Override
    public long setLink(Topology.Link l, boolean up) {
        ConnectPoint a = ends(l).get(0);
        ConnectPoint b = ends(l).get(1);
        List<String> both = directions(l);
        long start = System.currentTimeMillis();
        plumbing.setLink(l, up);
        boolean ok = Waits.until(() -> {
            Set<String> links = links();
            return links.contains(both.get(0)) == up && links.contains(both.get(1)) == up;
        }, DISCOVERY_TIMEOUT_MS);
        if (!ok) {
            throw new IllegalStateException("ONOS's topology still shows link " + a + " - " + b
                    + (up ? " down " : " up ") + DISCOVERY_TIMEOUT_MS / 1000 + " s after the change");
        }
        return System.currentTimeMillis() - start;
    }

    /**
     * Removes the host through ONOS's REST API ({@code DELETE /hosts/{mac}/{vlan}}, ONOS's
     * host-remove) and waits until ONOS no longer has it.
     */
    @Override
    public long forgetHost(String hostName) {
        Topology.Host h = knownHost(hostName);
        String path = CORE + "/hosts/" + h.mac.toString().toLowerCase() + "/" + (h.vlan.equals(VlanId.NONE)
                ? "None" : Short.toString(h.vlan.toShort()));
        long start = System.currentTimeMillis();
        rest.delete(path);
        if (!Waits.until(() -> rest.getIfPresent(path).isMissingNode(), HOST_TIMEOUT_MS)) {
            throw new IllegalStateException("ONOS still knew host " + hostName + " " + HOST_TIMEOUT_MS / 1000
                    + " s after its removal");
        }
        return System.currentTimeMillis() - start;
    }

    private Topology.Host knownHost(String hostName) {
        Topology.Host h = topology.hosts().get(hostName);
        if (h == null) {
            throw new IllegalArgumentException("unknown host '" + hostName + "'");
        }
        return h;
    }

    /** Warms the host up (broadcasts) until ONOS's host provider has it at its port again. */
    @Override
    public long learnHost(String hostName) {
        Topology.Host h = knownHost(hostName);
        long start = System.currentTimeMillis();
        warmUp(List.of(h));
        return System.currentTimeMillis() - start;
    }

    /**
     * Moves the host's link, waits until ONOS has the old port gone and the new one up,
     * removes the other applications' rules for the host's MAC (fwd 2.7 does not follow a
     * host move: its rules towards the old port would drop the host's traffic until they
     * expire, as the sandbox's imitation re-points them) and has the host send until ONOS
     * has it at its new place.
     */
    @Override
    public long moveHost(String hostName, String switchName, int port) {
        Topology.Host from = topology.hosts().get(hostName);
        if (from == null || !topology.switches().containsKey(switchName)) {
            throw new IllegalArgumentException("unknown host '" + hostName + "' or switch '" + switchName + "'");
        }
        if (topology.portTaken(switchName, port)) {
            throw new IllegalArgumentException("port " + switchName + "/" + port + " is already used");
        }
        Topology.Host to = from.at(switchName, port);
        ConnectPoint oldCp = connectPoint(from);
        ConnectPoint newCp = connectPoint(to);
        long start = System.currentTimeMillis();
        plumbing.moveHost(from, to);
        topology.move(to);
        if (!Waits.until(() -> !portEnabled(oldCp) && portEnabled(newCp), DISCOVERY_TIMEOUT_MS)) {
            throw new IllegalStateException("ONOS did not report " + hostName + " moving from " + oldCp + " to "
                    + newCp + " within " + DISCOVERY_TIMEOUT_MS / 1000 + " s");
        }
        long ms = System.currentTimeMillis() - start;
        removeOtherAppsRules(from.mac.toString());
        warmUp(List.of(to));
        return ms;
    }

    private void removeOtherAppsRules(String mac) {
        for (JsonNode f : rest.getIfPresent(CORE + "/flows/application/" + FWD).path("flows")) {
            boolean forHost = false;
            for (JsonNode c : f.path("selector").path("criteria")) {
                if (mac.equalsIgnoreCase(c.path("mac").asText())) {
                    forHost = true;
                }
            }
            if (forHost) {
                rest.delete(CORE + "/flows/" + OnosRestClient.segment(f.path("deviceId").asText()) + "/"
                        + f.path("id").asText());
            }
        }
    }

    /**
     * Notes the host and link ports enabled and the links known, stops the switches'
     * ovs-vswitchd and waits until ONOS shows every device unavailable (it sees the OpenFlow
     * connections drop; so that a later wait cannot end on the state from before).
     */
    @Override
    public long stopSwitches() {
        noteNetworkBeforeRestart();

        long start = System.currentTimeMillis();
        plumbing.stopSwitches();
        if (!Waits.until(() -> devices().stream().noneMatch(this::available), DISCOVERY_TIMEOUT_MS)) {
            throw new IllegalStateException("ONOS still showed a device available " + DISCOVERY_TIMEOUT_MS / 1000
                    + " s after ovs-vswitchd stopped");
        }
        return System.currentTimeMillis() - start;
    }

    // the host and link ports enabled and the links known now, to wait for after a restart
    private void noteNetworkBeforeRestart() {
        List<ConnectPoint> ports = new ArrayList<>();
        topology.hosts().values().forEach(h -> ports.add(connectPoint(h)));
        topology.links().forEach(l -> ports.addAll(ends(l)));
        enabledBeforeRestart = ports.stream().filter(this::portEnabled).collect(Collectors.toList());
        Set<String> ourLinks = new HashSet<>();
        topology.links().forEach(l -> ourLinks.addAll(directions(l)));
        linksBeforeRestart = links();
        linksBeforeRestart.retainAll(ourLinks);
    }

    /**
     * Starts the switches' ovs-vswitchd again and waits until ONOS shows every device
     * available and the host and link ports that were enabled before the stop enabled again.
     */
    @Override
    public long startSwitches() {
        long start = System.currentTimeMillis();
        plumbing.startSwitches();
        if (!Waits.until(() -> missingAfterRestart(enabledBeforeRestart).isEmpty(), DISCOVERY_TIMEOUT_MS)) {
            throw new IllegalStateException("ONOS did not see the switches again within " + DISCOVERY_TIMEOUT_MS / 1000
                    + " s of their start: missing " + missingAfterRestart(enabledBeforeRestart));
        }
        return System.currentTimeMillis() - start;
    }

    /**
     * Waits until LLDP has found again the links ONOS had before the restart (both
     * directions), then has ONOS learn again the hosts it removed when the devices went away:
     * real hosts announce themselves again (ARP, DHCP...), and until they do fwd floods every
     * frame to them, tap ports included.
     */
    @Override
    public long settleAfterRestart() {
        long start = System.currentTimeMillis();
        if (!Waits.until(() -> links().containsAll(linksBeforeRestart), DISCOVERY_TIMEOUT_MS)) {
            Set<String> lost = new HashSet<>(linksBeforeRestart);
            lost.removeAll(links());
            throw new IllegalStateException("ONOS did not find the links again within " + DISCOVERY_TIMEOUT_MS / 1000
                    + " s of the switches' restart: missing " + lost);
        }
        warmUp(topology.hosts().values().stream().filter(h -> enabledBeforeRestart.contains(connectPoint(h)))
                .filter(h -> !onTapPort(h)).collect(Collectors.toList()));
        return System.currentTimeMillis() - start;
    }

    // an analyzer: the tap port drops what it sends (dropTapPortIngress), ONOS cannot learn it
    private boolean onTapPort(Topology.Host h) {
        ConnectPoint at = connectPoint(h);
        return tapServices().stream().anyMatch(s -> s.port().equals(at));
    }

    private boolean available(DeviceId d) {
        return rest.getIfPresent(CORE + "/devices/" + OnosRestClient.segment(d.toString())).path("available")
                .asBoolean();
    }

    // devices not available, and ports (of those given) not enabled
    private List<String> missingAfterRestart(List<ConnectPoint> ports) {
        List<String> missing = new ArrayList<>();
        for (DeviceId d : devices()) {
            if (!available(d)) {
                missing.add("device " + d);
            }
        }
        if (missing.isEmpty()) {
            ports.stream().filter(cp -> !portEnabled(cp)).forEach(cp -> missing.add("port " + cp));
        }
        return missing;
    }

    /**
     * Deactivates or activates the application over ONOS's REST API and waits until its state
     * says so (and, when activated, until its REST API answers).
     */
    @Override
    public long setApplication(boolean active) {
        String path = CORE + "/applications/" + APP;
        long start = System.currentTimeMillis();
        if (active) {
            rest.post(path + "/active", null);
        } else {
            rest.delete(path + "/active");
        }
        boolean done = Waits.until(() -> {
            boolean isActive = "ACTIVE".equals(rest.getIfPresent(path).path("state").asText());
            if (isActive != active) {
                return false;
            }
            if (!active) {
                return true;
            }
            try {
                rest.get(TAAS + "/tap-services");
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }, DISCOVERY_TIMEOUT_MS);
        if (!done) {
            throw new IllegalStateException(APP + " is not " + (active ? "ACTIVE" : "deactivated") + " "
                    + DISCOVERY_TIMEOUT_MS / 1000 + " s after the request");
        }
        return System.currentTimeMillis() - start;
    }

    /**
     * Runs {@code ONOS_RESTART_COMMAND} (a shell command that stops ONOS and starts it again,
     * returning when it has started; skipped, saying so, when it is not set), then waits until
     * the application is ACTIVE and answers, every device is available with the host and link
     * ports enabled before, the links are found again and the hosts ONOS forgot are learnt
     * again (warm-up), as after a switch restart.
     */
    @Override
    public String restartController() {
        String command = System.getenv("ONOS_RESTART_COMMAND");
        if (command == null || command.isBlank()) {
            return "skipped: set ONOS_RESTART_COMMAND to a shell command that restarts ONOS";
        }
        noteNetworkBeforeRestart();
        long start = System.currentTimeMillis();
        runRestartCommand(command);
        long commandMs = System.currentTimeMillis() - start;
        String app = CORE + "/applications/" + APP;
        boolean up = Waits.until(() -> {
            try {
                return "ACTIVE".equals(rest.getIfPresent(app).path("state").asText())
                        && rest.get(TAAS + "/tap-services") != null;
            } catch (RuntimeException e) {
                return false;
            }
        }, RESTART_TIMEOUT_MS);
        if (!up) {
            throw new IllegalStateException(APP + " was not ACTIVE " + RESTART_TIMEOUT_MS / 1000
                    + " s after ONOS_RESTART_COMMAND returned");
        }
        long appMs = System.currentTimeMillis() - start;
        if (!Waits.until(() -> missingAfterRestart(enabledBeforeRestart).isEmpty(), RESTART_TIMEOUT_MS)) {
            throw new IllegalStateException("ONOS did not see the switches again within " + RESTART_TIMEOUT_MS / 1000
                    + " s of its restart: missing " + missingAfterRestart(enabledBeforeRestart));
        }
        long devicesMs = System.currentTimeMillis() - start;
        long settleMs = settleAfterRestart();
        return "the command took " + commandMs + " ms; the application ACTIVE after " + appMs
                + " ms, the devices after " + devicesMs + " ms, links and hosts " + settleMs + " ms later";
    }

    // runs the restart command with its output in a file (ONOS started in the background would
    // keep a pipe open for ever), up to RESTART_TIMEOUT_MS
    private void runRestartCommand(String command) {
        try {
            File output = File.createTempFile("taas-onos-restart", ".log");
            Process p = Command.processBuilder(List.of("bash", "-c", command)).redirectErrorStream(true)
                    .redirectOutput(output).start();
            if (!p.waitFor(RESTART_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ONOS_RESTART_COMMAND did not return within "
                        + RESTART_TIMEOUT_MS / 1000 + " s; its output: " + output);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("ONOS_RESTART_COMMAND exited with " + p.exitValue()
                        + "; its output: " + output);
            }
            output.delete();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ONOS_RESTART_COMMAND: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ONOS restarted", e);
        }
    }

    @Override
    public void quiesce() {
        Waits.sleep(100);
    }

    @Override
    public long statusTimeoutMs() {
        return STATUS_TIMEOUT_MS;
    }

    /**
     * Removes every tap object on the scenario's devices (those the scenario made, by steps
     * or by CLI lines) and checks that the switches' rules and groups of the application are
     * again exactly those they had before the first tap.
     */
    @Override
    public String finish() {
        removeOurTaps();
        boolean same = Waits.until(() -> tables().equals(beforeTaps), STATUS_TIMEOUT_MS);
        return same ? null : SwitchTables.diff(beforeTaps, tables());
    }

    // every tap object on the scenario's devices (its services' flows go with them)
    private void removeOurTaps() {
        Set<DeviceId> ours = devices();
        Set<TapServiceId> gone = new HashSet<>();
        for (TapService s : tapServices()) {
            if (ours(s, ours)) {
                removeTapService(s.id());
                gone.add(s.id());
            }
        }
        for (TapFlow f : tapFlows()) {
            if (ours.contains(f.sourcePort().deviceId()) && !gone.contains(f.tapServiceId())) {
                removeTapFlow(f.id());
            }
        }
    }

    // Removes fwd's rules of the scenario's switches while they are still connected. ONOS keeps
    // a device's rules in its flow store after the device went, also after its removal
    // (purgeOnDisconnection is off by default), and pushes them to the next switch with that
    // datapath id: fwd's rules of one scenario would send a later one's frames out of ports of
    // the old topology (seen on the rig: 21-gre after 24-controller-restart, h3's frames to h1
    // sent to port 3, the old link).
    private void removeForwardingRules() {
        Set<String> ours = devices().stream().map(DeviceId::toString).collect(Collectors.toSet());
        List<String> paths = new ArrayList<>();
        for (JsonNode f : rest.getIfPresent(CORE + "/flows/application/" + FWD).path("flows")) {
            if (ours.contains(f.path("deviceId").asText())) {
                paths.add(CORE + "/flows/" + OnosRestClient.segment(f.path("deviceId").asText()) + "/"
                        + f.path("id").asText());
            }
        }
        paths.forEach(rest::delete);
        Waits.until(() -> paths.stream().allMatch(p -> rest.getIfPresent(p).path("flows").size() == 0), 5_000);
    }

    @Override
    public void close() {
        if (plumbing == null) {
            return;
        }
        try {
            removeOurTaps();
        } catch (RuntimeException e) {
            log.println("   (could not remove the scenario's tap objects from ONOS: " + e.getMessage() + ")");
        }
        try {
            removeForwardingRules();
        } catch (RuntimeException e) {
            log.println("   (could not remove fwd's rules of the scenario's switches: " + e.getMessage() + ")");
        }
        plumbing.destroy();
        for (DeviceId d : devices()) {
            String path = CORE + "/devices/" + OnosRestClient.segment(d.toString());
            Waits.until(() -> !rest.getIfPresent(path).path("available").asBoolean(), 10_000);
            rest.delete(path);
        }
        for (Topology.Host h : topology.hosts().values()) {
            for (JsonNode host : rest.get(CORE + "/hosts").path("hosts")) {
                if (host.path("mac").asText().equalsIgnoreCase(h.mac.toString())) {
                    rest.delete(CORE + "/hosts/" + host.path("mac").asText() + "/" + host.path("vlan").asText());
                }
            }
        }
        savedConfig.forEach((d, cfg) -> {
            rest.delete(CORE + "/network/configuration/devices/" + OnosRestClient.segment(d.toString()));
            if (!cfg.isMissingNode()) {
                ObjectNode body = rest.mapper().createObjectNode();
                body.putObject("devices").set(d.toString(), cfg);
                rest.post(CORE + "/network/configuration", body);
            }
        });
        plumbing = null;
    }
}

package org.onosproject.taas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;
import org.onosproject.codec.impl.MockCodecContext;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;
import org.onosproject.taas.codec.TapFlowCodec;
import org.onosproject.taas.impl.TaasQuotas;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Tests of tap-flow-add, tap-flow-update, tap-flow-remove and tap-flows.
 */
public class TapFlowCommandsTest extends CliTestBase {

    private static final String UNKNOWN_ID = "4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f";

    private TapFlowAddCommand add(String name, String port, String service, String direction) {
        TapFlowAddCommand c = new TapFlowAddCommand();
        c.name = name;
        c.port = port;
        c.service = service;
        c.direction = direction;
        return c;
    }

    private TapFlow only() {
        assertThat(manager.getTapFlows(), hasSize(1));
        return manager.getTapFlows().iterator().next();
    }

    private static ConnectPoint cp(String text) {
        return ConnectPoint.deviceConnectPoint(text);
    }

    // ---- the seed example, one to one

    @Test
    public void seedExampleServiceOnDestinationAndBothFlowFromSource() {
        TapServiceAddCommand s = new TapServiceAddCommand();
        s.name = "analyzer";
        s.port = "of:0000000000000002/1";
        run(s);
        assertNoError();
        run(add("h1-both", "of:0000000000000001/1", "analyzer", "BOTH"));
        assertNoError();

        assertThat(manager.getTapServices(), hasSize(1));
        TapService service = manager.getTapServices().iterator().next();
        assertThat(service.port(), is(DST));
        TapFlow flow = only();
        assertThat(flow.name(), is("h1-both"));
        assertThat(flow.sourcePort(), is(SRC));
        assertThat(flow.direction(), is(Direction.BOTH));
        assertThat(flow.tapServiceId(), is(service.id()));
        assertThat(flow.vlanFilter(), is(Optional.empty()));
        assertThat(manager.getTapFlows(service.id()), contains(flow));
        assertThat(outLines(), contains("Created tap flow " + flow.id() + " (h1-both): BOTH of "
                + SRC + " to tap service " + service.id() + ", VLAN filter none, status BUILD"));
    }

    @Test
    public void addWithEveryOption() {
        TapService s = service("analyzer", DST);
        TapFlowAddCommand c = add("web", SRC.toString(), s.id().toString(), "out");
        c.vlanFilter = "27-36, 9,18";
        c.description = "web VLANs";
        c.tenant = "blue";
        run(c);
        assertNoError();
        TapFlow f = only();
        assertThat(f.direction(), is(Direction.OUT));
        assertThat(f.vlanFilter(), is(Optional.of(VlanFilter.parse("9,18,27-36"))));
        assertThat(f.description(), is("web VLANs"));
        assertThat(f.tenant(), is("blue"));
    }

    @Test
    public void addJsonPrintsTheCodecsObject() throws Exception {
        service("analyzer", DST);
        runJson(add("web", SRC.toString(), "analyzer", "IN"));
        assertNoError();
        assertThat(outJson(), is(new TapFlowCodec().encode(only(), new MockCodecContext())));
    }

    // ---- tap-flow-add errors: one line, nothing stored

    @Test
    public void addRefusesUnknownService() {
        service("analyzer", DST);
        run(add("web", SRC.toString(), "analyser", "BOTH"));
        assertOneError("--tap-service: no tap service has the id or name 'analyser'");
        run(add("web", SRC.toString(), UNKNOWN_ID, "BOTH"));
        assertOneError("--tap-service: tap service " + UNKNOWN_ID + " does not exist");
        assertThat(manager.getTapFlows(), empty());
    }

    @Test
    public void addRefusesAmbiguousService() {
        TapService a = service("analyzer", DST);
        TapService b = service("analyzer", DST2);
        run(add("web", SRC.toString(), "analyzer", "BOTH"));
        String line = assertOneError("--tap-service: name 'analyzer' matches 2 tap services");
        assertThat(line, containsString(a.id().toString()));
        assertThat(line, containsString(b.id().toString()));
        assertThat(manager.getTapFlows(), empty());
    }

    @Test
    public void addRefusesMalformedSourcePort() {
        service("analyzer", DST);
        for (String bad : new String[]{"of:0000000000000001", "of:0000000000000001/eth0", "1/1", "of:1/-1"}) {
            run(add("web", bad, "analyzer", "BOTH"));
            assertOneError("--port: ");
        }
        assertThat(manager.getTapFlows(), empty());
    }

    @Test
    public void addRefusesBadDirection() {
        service("analyzer", DST);
        run(add("web", SRC.toString(), "analyzer", "SIDEWAYS"));
        String line = assertOneError("--direction: invalid direction 'SIDEWAYS'");
        assertThat(line, containsString("IN, OUT, BOTH"));
        run(add("web", SRC.toString(), "analyzer", null));
        assertOneError("--direction is required");
        assertThat(manager.getTapFlows(), empty());
    }

    @Test
    public void addRefusesBadVlanFilters() {
        service("analyzer", DST);
        String[][] cases = {
                {"9,5000", "VLAN id 5000 is out of range"},
                {"36-27", "range 36-27 runs backwards"},
                {"9,,18", "empty entry"},
                {"", "VLAN filter is empty"},
                {"web", "'web' is not a VLAN id"},
        };
        for (String[] c : cases) {
            TapFlowAddCommand cmd = add("web", SRC.toString(), "analyzer", "BOTH");
            cmd.vlanFilter = c[0];
            run(cmd);
            String line = assertOneError("--vlan-filter: ");
            assertThat(line, containsString(c[1]));
        }
        assertThat(manager.getTapFlows(), empty());
    }

    @Test
    public void addRefusesTapPortAsSource() {
        TapService a = service("analyzer", DST);
        service("other", DST2);
        run(add("loop", DST2.toString(), "analyzer", "BOTH"));
        String line = assertOneError("sourcePort " + DST2 + " is the port of tap service");
        assertThat(line, containsString("mirror loop"));
        run(add("self", DST.toString(), a.id().toString(), "IN"));
        assertOneError("sourcePort " + DST + " is the port of tap service");
        assertThat(manager.getTapFlows(), empty());
    }

    @Test
    public void addRefusesDuplicate() {
        TapService s = service("analyzer", DST);
        TapFlow first = flow("web", SRC, s, Direction.BOTH, "9,18");
        TapFlowAddCommand c = add("web-again", SRC.toString(), "analyzer", "both");
        c.vlanFilter = "18,9";
        run(c);
        String line = assertOneError("duplicate: tap flow " + first.id());
        assertThat(line, containsString("already mirrors BOTH of " + SRC));
        assertThat(manager.getTapFlows(), contains(first));
    }

    @Test
    public void addRefusesBeyondTheQuota() {
        TaasQuotas.set(manager, 10, 1);
        TapService s = service("analyzer", DST);
        TapFlow first = flow("web", SRC, s, Direction.BOTH, null);
        run(add("db", SRC2.toString(), "analyzer", "IN"));
        assertOneError("quota exceeded: at most 1 tap flows");
        assertThat(manager.getTapFlows(), contains(first));
    }

    @Test
    public void addNamesMissingOptions() {
        service("analyzer", DST);
        run(add(null, SRC.toString(), "analyzer", "IN"));
        assertOneError("--name is required");
        run(add("web", null, "analyzer", "IN"));
        assertOneError("--port is required");
        run(add("web", SRC.toString(), null, "IN"));
        assertOneError("--tap-service is required");
        assertThat(manager.getTapFlows(), empty());
    }

    @Test
    public void oneSourceMayFeedSeveralServices() {
        service("analyzer", DST);
        service("backup", DST2);
        run(add("to-analyzer", SRC.toString(), "analyzer", "OUT"));
        assertNoError();
        run(add("to-backup", SRC.toString(), "backup", "OUT"));
        assertNoError();
        assertThat(manager.getTapFlows(), hasSize(2));
    }

    // ---- tap-flow-update

    private TapFlowUpdateCommand update(String flow) {
        TapFlowUpdateCommand c = new TapFlowUpdateCommand();
        c.flow = flow;
        return c;
    }

    @Test
    public void updateChangesDirectionAndFilterInPlace() {
        TapService s = service("analyzer", DST);
        TapFlow f = flow("web", SRC, s, Direction.BOTH, null);
        TapFlowUpdateCommand c = update("web");
        c.direction = "in";
        c.vlanFilter = "100-110";
        c.name = "web-in";
        c.description = "only inbound";
        run(c);
        assertNoError();
        TapFlow now = manager.getTapFlow(f.id());
        assertThat(now.direction(), is(Direction.IN));
        assertThat(now.vlanFilter(), is(Optional.of(VlanFilter.parse("100-110"))));
        assertThat(now.name(), is("web-in"));
        assertThat(now.description(), is("only inbound"));
        assertThat(now.sourcePort(), is(SRC));
        assertThat(now.tapServiceId(), is(s.id()));
        assertThat(outLines(), contains("Updated tap flow " + f.id() + " (web-in): IN of " + SRC
                + ", VLAN filter 100-110, status " + now.status().state()));
    }

    @Test
    public void updateRemovesTheFilter() {
        TapService s = service("analyzer", DST);
        TapFlow f = flow("web", SRC, s, Direction.OUT, "9");
        TapFlowUpdateCommand c = update(f.id().toString());
        c.noVlanFilter = true;
        run(c);
        assertNoError();
        assertThat(manager.getTapFlow(f.id()).vlanFilter(), is(Optional.empty()));
        assertThat(manager.getTapFlow(f.id()).direction(), is(Direction.OUT));
    }

    @Test
    public void updateErrorsChangeNothing() {
        TapService s = service("analyzer", DST);
        TapFlow f = flow("web", SRC, s, Direction.OUT, "9");
        TapFlow other = flow("web-both", SRC, s, Direction.BOTH, "9");

        TapFlowUpdateCommand c = update("web");
        run(c);
        assertOneError("nothing to update");

        c = update("web");
        c.vlanFilter = "10";
        c.noVlanFilter = true;
        run(c);
        assertOneError("--vlan-filter and --no-vlan-filter cannot be used together");

        c = update("web");
        c.direction = "UP";
        c.name = "renamed";
        run(c);
        assertOneError("--direction: invalid direction 'UP'");

        c = update("web");
        c.vlanFilter = "4096";
        run(c);
        assertOneError("--vlan-filter: invalid VLAN filter '4096'");

        c = update("ghost");
        c.name = "x";
        run(c);
        assertOneError("ID|NAME: no tap flow has the id or name 'ghost'");

        c = update(UNKNOWN_ID);
        c.name = "x";
        run(c);
        assertOneError("ID|NAME: tap flow " + UNKNOWN_ID + " does not exist");

        // turning "web" into a copy of "web-both" is a duplicate
        c = update("web");
        c.direction = "BOTH";
        run(c);
        assertOneError("duplicate: tap flow " + other.id());

        assertThat(manager.getTapFlow(f.id()), is(f));
        assertThat(manager.getTapFlow(other.id()), is(other));
    }

    @Test
    public void updateRefusesAmbiguousName() {
        TapService s = service("analyzer", DST);
        TapFlow a = flow("web", SRC, s, Direction.OUT, null);
        TapFlow b = flow("web", SRC2, s, Direction.OUT, null);
        TapFlowUpdateCommand c = update("web");
        c.direction = "IN";
        run(c);
        String line = assertOneError("ID|NAME: name 'web' matches 2 tap flows (");
        assertThat(line, containsString(a.id().toString()));
        assertThat(line, containsString(b.id().toString()));
        assertThat(manager.getTapFlow(a.id()), is(a));
        assertThat(manager.getTapFlow(b.id()), is(b));
    }

    // ---- tap-flow-remove

    @Test
    public void removeByIdAndName() {
        TapService s = service("analyzer", DST);
        TapFlow a = flow("web", SRC, s, Direction.OUT, null);
        TapFlow b = flow("db", SRC2, s, Direction.IN, null);
        TapFlow keep = flow("keep", SRC, s, Direction.IN, null);
        TapService before = manager.getTapService(s.id());
        TapFlowRemoveCommand c = new TapFlowRemoveCommand();
        c.flows = List.of("web", b.id().toString(), a.id().toString());
        run(c);
        assertNoError();
        assertThat(manager.getTapFlows(), contains(keep));
        assertThat(manager.getTapService(s.id()), is(before));
        assertThat(outLines(), contains("Removed tap flow " + a.id() + " (web)",
                                        "Removed tap flow " + b.id() + " (db)"));
    }

    @Test
    public void removeWithOneBadArgumentRemovesNothing() {
        TapService s = service("analyzer", DST);
        TapFlow a = flow("web", SRC, s, Direction.OUT, null);
        TapFlowRemoveCommand c = new TapFlowRemoveCommand();
        c.flows = List.of("web", UNKNOWN_ID);
        run(c);
        assertOneError("ID|NAME: tap flow " + UNKNOWN_ID + " does not exist");
        assertThat(manager.getTapFlows(), contains(a));
    }

    // ---- tap-flows

    @Test
    public void listShowsATable() {
        TapService s = service("analyzer", DST);
        TapService t = service("backup", DST2);
        TapFlow web = flow("web", SRC, s, Direction.BOTH, "9,18,27-36");
        TapFlow db = flow("db", SRC2, t, Direction.IN, null);

        run(new TapFlowsCommand());
        assertNoError();
        List<String> lines = outLines();
        assertThat(lines, hasSize(3));
        assertThat(lines.get(0).split("\\s+"), is(new String[]{"ID", "NAME", "SOURCE", "DIRECTION", "FILTER",
                "SERVICE", "STATUS", "PACKETS", "BYTES", "REASON"}));
        // sorted by name; no statistics service: no counters
        assertThat(lines.get(1).split("\\s{2,}"), is(new String[]{db.id().toString(), "db", SRC2.toString(),
                "IN", "all", t.id().toString(), "BUILD", "-", "-", TapStatus.CREATED.reason()}));
        assertThat(lines.get(2).split("\\s{2,}"), is(new String[]{web.id().toString(), "web", SRC.toString(),
                "BOTH", "9,18,27-36", s.id().toString(), "BUILD", "-", "-", TapStatus.CREATED.reason()}));
        assertThat(lines.get(2).indexOf("BOTH"), is(lines.get(0).indexOf("DIRECTION")));
    }

    @Test
    public void listOfOneService() {
        TapService s = service("analyzer", DST);
        TapService t = service("backup", DST2);
        TapFlow web = flow("web", SRC, s, Direction.BOTH, null);
        flow("db", SRC2, t, Direction.IN, null);
        TapFlowsCommand c = new TapFlowsCommand();
        c.service = "analyzer";
        run(c);
        assertNoError();
        assertThat(outLines(), hasSize(2));
        assertThat(outLines().get(1), startsWith(web.id().toString()));

        service("idle", cp("of:0000000000000003/1"));
        c = new TapFlowsCommand();
        c.service = "idle";
        run(c);
        assertThat(outLines().get(0), startsWith("No tap flows feed tap service "));

        c = new TapFlowsCommand();
        c.service = "nobody";
        run(c);
        assertOneError("--tap-service: no tap service has the id or name 'nobody'");
    }

    @Test
    public void showOne() {
        TapService s = service("analyzer", DST);
        TapService t = service("backup", DST2);
        TapFlow web = flow("web", SRC, s, Direction.BOTH, null);
        TapFlowsCommand c = new TapFlowsCommand();
        c.flow = "web";
        run(c);
        assertNoError();
        List<String> lines = outLines();
        assertThat(lines, hasSize(4));
        assertThat(lines.get(1), startsWith(web.id().toString()));
        assertThat(lines.get(2), is("description: "));

        c = new TapFlowsCommand();
        c.flow = "web";
        c.service = "backup";
        run(c);
        assertOneError("tap flow " + web.id() + " (web) does not feed tap service " + t.id() + " (backup)");
    }

    @Test
    public void showOneRemoteFlowPrintsItsPath() {
        TapService s = service("analyzer", DST);
        TapFlow web = flow("web", SRC, s, Direction.OUT, null);
        fixture.store().updateTapFlow(web.id(), f -> f.withStatus(org.onosproject.taas.api.TapStatus.active()
                .withPath(List.of(SRC, DST))));
        TapFlowsCommand c = new TapFlowsCommand();
        c.flow = "web";
        run(c);
        assertNoError();
        assertThat(outLines().get(4), is("path: " + SRC + " -> " + DST));
    }

    @Test
    public void listOfNothingSaysSo() {
        run(new TapFlowsCommand());
        assertNoError();
        assertThat(outLines(), contains("No tap flows"));
    }

    @Test
    public void listJsonIsTheRestListing() throws Exception {
        TapService s = service("analyzer", DST);
        TapFlow web = flow("web", SRC, s, Direction.BOTH, "9,18");
        TapFlow db = flow("db", SRC2, s, Direction.IN, null);
        runJson(new TapFlowsCommand());
        assertNoError();

        MockCodecContext context = new MockCodecContext();
        TapFlowCodec codec = new TapFlowCodec();
        ObjectNode expected = context.mapper().createObjectNode();
        expected.putArray("tapFlows").add(codec.encode(db, context)).add(codec.encode(web, context));
        JsonNode actual = outJson();
        assertThat(actual, is(expected));
        assertThat(actual.get("tapFlows").get(1).get("vlanFilter").asText(), is("9,18"));
        assertThat(actual.get("tapFlows").get(1).get("direction").asText(), is("BOTH"));
    }

    @Test
    public void showOneJsonIsTheRestObject() throws Exception {
        TapService s = service("analyzer", DST);
        TapFlow web = flow("web", SRC, s, Direction.OUT, null);
        TapFlowsCommand c = new TapFlowsCommand();
        c.flow = web.id().toString();
        runJson(c);
        assertNoError();
        assertThat(outJson(), is(new TapFlowCodec().encode(web, new MockCodecContext())));
    }

    // ---- completers

    @Test
    public void completers() {
        TapService s = service("analyzer", DST);
        TapFlow a = flow("web", SRC, s, Direction.OUT, null);
        TapFlow b = flow("dup", SRC2, s, Direction.OUT, null);
        TapFlow c = flow("dup", SRC, s, Direction.IN, null);
        TapFlowCompleter flows = new TapFlowCompleter();
        flows.directory = directory;
        List<String> expected = new ArrayList<>(List.of(a.id().toString(), b.id().toString(), c.id().toString()));
        expected.sort(null);
        expected.add("web");
        assertThat(flows.choices(), is(expected));

        assertThat(new DirectionCompleter().choices(), containsInAnyOrder("IN", "OUT", "BOTH"));
    }
}

package org.onosproject.taas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;
import org.onosproject.codec.impl.MockCodecContext;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.codec.TapServiceCodec;
import org.onosproject.taas.impl.TaasQuotas;

import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Tests of tap-service-add, tap-service-update, tap-service-remove and tap-services.
 */
public class TapServiceCommandsTest extends CliTestBase {

    private TapServiceAddCommand add(String name, String port) {
        TapServiceAddCommand c = new TapServiceAddCommand();
        c.name = name;
        c.port = port;
        return c;
    }

    private TapService only() {
        assertThat(manager.getTapServices(), hasSize(1));
        return manager.getTapServices().iterator().next();
    }

    // ---- tap-service-add

    @Test
    public void addCreatesService() {
        TapServiceAddCommand c = add("analyzer", "of:0000000000000002/1");
        c.description = "IDS on port 1";
        c.tenant = "blue";
        run(c);

        assertNoError();
        TapService s = only();
        assertThat(s.name(), is("analyzer"));
        assertThat(s.description(), is("IDS on port 1"));
        assertThat(s.tenant(), is("blue"));
        assertThat(s.port(), is(DST));
        assertThat(s.status().state(), is(TapStatus.State.BUILD));
        assertThat(outLines(), contains("Created tap service " + s.id() + " (analyzer) on "
                + "of:0000000000000002/1, status BUILD"));
    }

    @Test
    public void addJsonPrintsTheCodecsObject() throws Exception {
        runJson(add("analyzer", "of:0000000000000002/1"));
        assertNoError();
        assertThat(outJson(), is(new TapServiceCodec().encode(only(), new MockCodecContext())));
    }

    @Test
    public void addRefusesMalformedPorts() {
        for (String bad : new String[]{"of:0000000000000002", "of:0000000000000002/x", "nonsense",
                "of:0000000000000002/0", "of:0000000000000002/4294967296", "/3", "of:0000000000000002/LOCAL"}) {
            run(add("analyzer", bad));
            String line = assertOneError("--port: ");
            assertThat(line, containsString(bad));
            assertThat(manager.getTapServices(), empty());
        }
    }

    @Test
    public void addNamesTheMissingOptions() {
        run(add(null, "of:0000000000000002/1"));
        assertOneError("--name is required");
        run(add("analyzer", null));
        assertOneError("--port is required");
        assertThat(manager.getTapServices(), empty());
    }

    @Test
    public void addRefusesAPortThatIsAlreadyATapPort() {
        TapService first = service("first", DST);
        run(add("second", DST.toString()));
        String line = assertOneError("port " + DST + " is already the port of tap service");
        assertThat(line, containsString(first.id().toString()));
        assertThat(manager.getTapServices(), contains(first));
    }

    @Test
    public void addRefusesAMirroredPort() {
        TapService s = service("analyzer", DST);
        flow("web", SRC, s, Direction.BOTH, null);
        TapService before = manager.getTapService(s.id());
        run(add("loop", SRC.toString()));
        assertOneError("port " + SRC + " is the source port of tap flow");
        assertThat(manager.getTapServices(), contains(before));
    }

    @Test
    public void addRefusesBeyondTheQuota() {
        TaasQuotas.set(manager, 1, 10);
        TapService s = service("analyzer", DST);
        run(add("second", DST2.toString()));
        assertOneError("quota exceeded: at most 1 tap services");
        assertThat(manager.getTapServices(), contains(s));
    }

    @Test
    public void addRefusesControlCharactersInName() {
        run(add("bad\u0007name", DST.toString()));
        assertOneError("name contains a control character");
        assertThat(manager.getTapServices(), empty());
    }

    // ---- tap-service-update

    @Test
    public void updateByNameRenamesAndDescribes() {
        TapService s = service("analyzer", DST);
        TapServiceUpdateCommand c = new TapServiceUpdateCommand();
        c.service = "analyzer";
        c.name = "ids";
        c.description = "moved to the IDS team";
        run(c);
        assertNoError();
        TapService now = manager.getTapService(s.id());
        assertThat(now.name(), is("ids"));
        assertThat(now.description(), is("moved to the IDS team"));
        assertThat(now.port(), is(DST));
        assertThat(outLines(), contains("Updated tap service " + s.id() + " (ids)"));
    }

    @Test
    public void updateByIdKeepsWhatIsNotGiven() {
        TapService s = manager.createTapService(TapService.builder().id(
                TapServiceId.random()).name("analyzer").description("keep")
                                                        .port(DST).build());
        TapServiceUpdateCommand c = new TapServiceUpdateCommand();
        c.service = s.id().toString();
        c.name = "renamed";
        run(c);
        assertNoError();
        assertThat(manager.getTapService(s.id()).description(), is("keep"));
        assertThat(manager.getTapService(s.id()).name(), is("renamed"));
    }

    @Test
    public void updateWithoutChangesIsRefused() {
        TapService s = service("analyzer", DST);
        TapServiceUpdateCommand c = new TapServiceUpdateCommand();
        c.service = "analyzer";
        run(c);
        assertOneError("nothing to update");
        assertThat(manager.getTapService(s.id()), is(s));
    }

    @Test
    public void updateOfUnknownServiceIsRefused() {
        TapService s = service("analyzer", DST);
        TapServiceUpdateCommand c = new TapServiceUpdateCommand();
        c.service = "4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f";
        c.name = "x";
        run(c);
        assertOneError("ID|NAME: tap service 4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f does not exist");
        c = new TapServiceUpdateCommand();
        c.service = "nope";
        c.name = "x";
        run(c);
        assertOneError("ID|NAME: no tap service has the id or name 'nope'");
        assertThat(manager.getTapService(s.id()), is(s));
    }

    @Test
    public void ambiguousNameIsRefusedWithTheMatchingIds() {
        TapService a = service("analyzer", DST);
        TapService b = service("analyzer", DST2);
        TapServiceUpdateCommand c = new TapServiceUpdateCommand();
        c.service = "analyzer";
        c.name = "x";
        run(c);
        String line = assertOneError("ID|NAME: name 'analyzer' matches 2 tap services (");
        assertThat(line, containsString(a.id().toString()));
        assertThat(line, containsString(b.id().toString()));
        assertThat(manager.getTapService(a.id()), is(a));
        assertThat(manager.getTapService(b.id()), is(b));
    }

    @Test
    public void updateRefusesTooLongName() {
        TapService s = service("analyzer", DST);
        TapServiceUpdateCommand c = new TapServiceUpdateCommand();
        c.service = "analyzer";
        c.name = "x".repeat(256);
        run(c);
        assertOneError("name is too long");
        assertThat(manager.getTapService(s.id()), is(s));
    }

    // ---- tap-service-remove

    @Test
    public void removeDeletesServicesAndTheirFlows() {
        TapService a = service("analyzer", DST);
        TapService b = service("backup", DST2);
        TapService keep = service("keep", cp("of:0000000000000003/1"));
        flow("web", SRC, a, Direction.BOTH, null);
        flow("db", SRC2, a, Direction.IN, null);
        flow("web-b", SRC, b, Direction.OUT, null);
        flow("kept", SRC, keep, Direction.OUT, null);
        keep = manager.getTapService(keep.id()); // a remote flow gave it a transport VLAN

        TapServiceRemoveCommand c = new TapServiceRemoveCommand();
        c.services = List.of("analyzer", b.id().toString(), "analyzer");
        run(c);
        assertNoError();
        assertThat(manager.getTapServices(), contains(keep));
        assertThat(manager.getTapFlows(), hasSize(1));
        assertThat(outLines(), contains("Removed tap service " + a.id() + " (analyzer) and its 2 tap flows",
                                        "Removed tap service " + b.id() + " (backup) and its 1 tap flow"));
    }

    @Test
    public void removeWithOneBadArgumentRemovesNothing() {
        TapService a = service("analyzer", DST);
        TapServiceRemoveCommand c = new TapServiceRemoveCommand();
        c.services = List.of("analyzer", "missing");
        run(c);
        assertOneError("ID|NAME: no tap service has the id or name 'missing'");
        assertThat(manager.getTapServices(), contains(a));
    }

    // ---- tap-services

    @Test
    public void listShowsATable() {
        TapService a = service("analyzer", DST);
        TapService b = service("backup", DST2);
        flow("web", SRC, a, Direction.BOTH, null);
        flow("db", SRC2, a, Direction.IN, null);

        run(new TapServicesCommand());
        assertNoError();
        List<String> lines = outLines();
        assertThat(lines, hasSize(3));
        assertThat(lines.get(0).split("\\s+"), is(new String[]{"ID", "NAME", "DESTINATION", "STATUS", "FLOWS",
                "PACKETS",
                "BYTES", "REASON"}));
        // no statistics service: no counters
        assertThat(lines.get(1).split("\\s{2,}"), is(new String[]{a.id().toString(), "analyzer",
                DST.toString(), "BUILD", "2", "-", "-", TapStatus.CREATED.reason()}));
        assertThat(lines.get(2).split("\\s{2,}"), is(new String[]{b.id().toString(), "backup",
                DST2.toString(), "BUILD", "0", "-", "-", TapStatus.CREATED.reason()}));
        // columns are aligned
        assertThat(lines.get(1).indexOf("analyzer"), is(lines.get(0).indexOf("NAME")));
        assertThat(lines.get(2).indexOf("BUILD"), is(lines.get(0).indexOf("STATUS")));
    }

    @Test
    public void listOfNothingSaysSo() {
        run(new TapServicesCommand());
        assertNoError();
        assertThat(outLines(), contains("No tap services"));
    }

    @Test
    public void showOneByName() {
        TapService a = manager.createTapService(TapService.builder().id(
                TapServiceId.random()).name("analyzer").description("IDS")
                                                        .tenant("blue").port(DST).build());
        service("backup", DST2);
        TapServicesCommand c = new TapServicesCommand();
        c.service = "analyzer";
        run(c);
        assertNoError();
        List<String> lines = outLines();
        assertThat(lines, hasSize(4));
        assertThat(lines.get(1), startsWith(a.id().toString()));
        assertThat(lines.get(2), is("description: IDS"));
        assertThat(lines.get(3), is("tenant: blue"));
    }

    @Test
    public void showUnknownIsRefused() {
        TapServicesCommand c = new TapServicesCommand();
        c.service = "ghost";
        run(c);
        assertOneError("ID|NAME: no tap service has the id or name 'ghost'");
    }

    @Test
    public void listJsonIsTheRestListing() throws Exception {
        TapService a = service("analyzer", DST);
        TapService b = service("backup", DST2);
        runJson(new TapServicesCommand());
        assertNoError();

        MockCodecContext context = new MockCodecContext();
        TapServiceCodec codec = new TapServiceCodec();
        ObjectNode expected = context.mapper().createObjectNode();
        ArrayNode array = expected.putArray("tapServices");
        array.add(codec.encode(a, context));
        array.add(codec.encode(b, context));
        JsonNode actual = outJson();
        assertThat(actual, is(expected));
        assertThat(actual.get("tapServices").get(0).get("port").asText(), is(DST.toString()));
        assertThat(actual.get("tapServices").get(0).get("status").asText(), is("BUILD"));
    }

    @Test
    public void showOneJsonIsTheRestObject() throws Exception {
        TapService a = service("analyzer", DST);
        TapServicesCommand c = new TapServicesCommand();
        c.service = a.id().toString();
        runJson(c);
        assertNoError();
        assertThat(outJson(), is(new TapServiceCodec().encode(a, new MockCodecContext())));
    }

    @Test
    public void jsonWithoutCodecsSaysWhy() throws Exception {
        codecs.unregisterCodec(TapService.class);
        service("analyzer", DST);
        runJson(new TapServicesCommand());
        assertOneError("no JSON codec is registered for TapService");
    }

    @Test
    public void completerOffersIdsAndUniqueNames() {
        TapService a = service("analyzer", DST);
        TapService b = service("twin", DST2);
        TapService c = service("twin", cp("of:0000000000000003/1"));
        TapService d = service("with space", cp("of:0000000000000003/2"));
        TapServiceCompleter completer = new TapServiceCompleter();
        completer.directory = directory;
        List<String> ids = new ArrayList<>(List.of(a.id().toString(), b.id().toString(),
                                                               c.id().toString(), d.id().toString()));
        ids.sort(null);
        ids.add("analyzer");
        assertThat(completer.choices(), is(ids));
    }

    private static ConnectPoint cp(String text) {
        return ConnectPoint.deviceConnectPoint(text);
    }
}

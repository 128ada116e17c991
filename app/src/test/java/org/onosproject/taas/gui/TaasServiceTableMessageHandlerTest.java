package org.onosproject.taas.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;
import org.onosproject.taas.api.TapStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.gui.GuiTestNetwork.MAPPER;
import static org.onosproject.taas.gui.GuiTestNetwork.cp;
import static org.onosproject.taas.gui.GuiTestNetwork.message;

/**
 * The "Tap Services" view's handler against the real manager: table rows, sorting, the
 * no-rows message, and the details of one tap service with its tap flows.
 */
public class TaasServiceTableMessageHandlerTest {

    private GuiTestNetwork net;
    private TaasServiceTableMessageHandler handler;
    private GuiTestNetwork.RecordingConnection conn;
    private TapService analyzer;
    private TapService backup;
    private TapFlow web;

    @Before
    public void setUp() {
        net = new GuiTestNetwork();
        handler = new TaasServiceTableMessageHandler();
        conn = GuiTestNetwork.init(handler, net);
    }

    @After
    public void tearDown() {
        assertTrue("unexpected message types " + conn.types(),
                   TaasServiceTableMessageHandler.RESPONSES.containsAll(conn.types()));
        net.tearDown();
    }

    private void addTaps() {
        analyzer = net.service("analyzer", cp(1, 10));
        backup = net.service("backup", cp(1, 9));
        web = net.flow("web", analyzer, cp(1, 1), Direction.BOTH, "100");
        net.flow("db", analyzer, cp(2, 1), Direction.OUT, null);
        net.allActive();
        net.status(backup, TapStatus.down("port of:0000000000000001/9 is down"));
        net.status(web, TapStatus.error("switch refused the group"));
    }

    private JsonNode table(String sortCol, String sortDir) {
        ObjectNode p = MAPPER.createObjectNode();
        if (sortCol != null) {
            p.put("firstCol", sortCol).put("firstDir", sortDir);
        }
        handler.process(message(TaasServiceTableMessageHandler.DATA_REQUEST, p));
        return conn.last(TaasServiceTableMessageHandler.DATA_RESPONSE);
    }

    private static List<String> column(JsonNode response, String col) {
        List<String> values = new ArrayList<>();
        response.get("taasServices").forEach(r -> values.add(r.get(col).asText()));
        return values;
    }

    private ObjectNode details(String id) {
        ObjectNode p = MAPPER.createObjectNode();
        if (id != null) {
            p.put("id", id);
        }
        handler.process(message(TaasServiceTableMessageHandler.DETAILS_REQUEST, p));
        return conn.last(TaasServiceTableMessageHandler.DETAILS_RESPONSE);
    }

    @Test
    public void handlesTheViewMessages() {
        assertEquals(TaasServiceTableMessageHandler.REQUESTS, handler.messageTypes());
    }

    @Test
    public void emptyTable() {
        JsonNode r = table(null, null);
        assertEquals(0, r.get("taasServices").size());
        assertEquals("No tap services", r.get("annots").get("no_rows_msg").asText());
    }

    @Test
    public void rowsByNameByDefault() {
        addTaps();
        JsonNode r = table(null, null);
        assertEquals(List.of("analyzer", "backup"), column(r, "name"));
        JsonNode first = r.get("taasServices").get(0);
        assertEquals(analyzer.id().toString(), first.get("id").asText());
        assertEquals("of:0000000000000001/10", first.get("port").asText());
        assertEquals("ACTIVE", first.get("status").asText());
        assertEquals("", first.get("reason").asText());
        assertEquals("2", first.get("flows").asText());
        JsonNode second = r.get("taasServices").get(1);
        assertEquals("DOWN", second.get("status").asText());
        assertEquals("port of:0000000000000001/9 is down", second.get("reason").asText());
        assertEquals("0", second.get("flows").asText());
    }

    @Test
    public void aTunnelServiceShowsItsTunnelAsDestinationAndSortsAfterPorts() {
        addTaps();
        TapService ids = net.tunnelService("ids", "192.0.2.9");
        net.flow("tunnelled", ids, cp(2, 2), Direction.OUT, null);
        JsonNode r = table("port", "asc");
        assertEquals(List.of("backup", "analyzer", "ids"), column(r, "name"));
        assertEquals("gre 192.0.2.9 in-key 1 out-key 2", r.get("taasServices").get(2).get("port").asText());
        assertEquals(List.of("ids", "analyzer", "backup"), column(table("port", "desc"), "name"));
        JsonNode d = details(ids.id().toString()).get("details");
        assertEquals("gre 192.0.2.9 in-key 1 out-key 2", d.get("port").asText());
        assertEquals(1, d.get("flows").size());
    }

    @Test
    public void sortsByAnyColumn() {
        addTaps();
        assertEquals(List.of("backup", "analyzer"), column(table("name", "desc"), "name"));
        assertEquals("port numbers sort as numbers, 9 before 10",
                     List.of("backup", "analyzer"), column(table("port", "asc"), "name"));
        assertEquals(List.of("backup", "analyzer"), column(table("flows", "asc"), "name"));
        assertEquals(List.of("analyzer", "backup"), column(table("status", "asc"), "name"));
    }

    @Test
    public void detailsOfATapServiceWithItsFlows() {
        addTaps();
        ObjectNode r = details(analyzer.id().toString());
        assertFalse(r.has("error"));
        JsonNode d = r.get("details");
        assertEquals("analyzer", d.get("name").asText());
        assertEquals("of:0000000000000001/10", d.get("port").asText());
        assertEquals("ACTIVE", d.get("status").asText());
        JsonNode flows = d.get("flows");
        assertEquals(2, flows.size());
        JsonNode db = flows.get(0);
        assertEquals("db", db.get("name").asText());
        assertEquals("of:0000000000000002/1", db.get("source").asText());
        assertEquals("OUT", db.get("direction").asText());
        assertEquals("all", db.get("filter").asText());
        assertEquals("ACTIVE", db.get("status").asText());
        JsonNode w = flows.get(1);
        assertEquals(web.id().toString(), w.get("id").asText());
        assertEquals("BOTH", w.get("direction").asText());
        assertEquals("VLAN 100", w.get("filter").asText());
        assertEquals("ERROR", w.get("status").asText());
        assertEquals("switch refused the group", w.get("reason").asText());

        JsonNode empty = details(backup.id().toString()).get("details");
        assertEquals(0, empty.get("flows").size());
    }

    private void addStats(Map<TapServiceId, TapStats> services, Map<TapFlowId, TapStats> flows) {
        net.directory.add(TaasStatsService.class, new TaasStatsService() {
            @Override
            public TapStats tapServiceStats(TapServiceId id) {
                return services.getOrDefault(id, TapStats.notSampled());
            }

            @Override
            public TapStats tapFlowStats(TapFlowId id) {
                return flows.getOrDefault(id, TapStats.notSampled());
            }

            @Override
            public TapStats sourceStats(ConnectPoint source, TapServiceId service) {
                return TapStats.notSampled();
            }
        });
    }

    @Test
    public void rowsAndDetailsCarryTheCounters() {
        addTaps();
        TapFlow db = net.taas.getTapFlows(analyzer.id()).stream().filter(f -> f.name().equals("db"))
                .findFirst().get();
        Instant t = Instant.parse("2026-11-29T17:15:00Z");
        Map<TapServiceId, TapStats> services = new HashMap<>();
        services.put(analyzer.id(), TapStats.of(1200, 96000, 2.5, 2000.0, t, null));
        Map<TapFlowId, TapStats> flows = new HashMap<>();
        flows.put(web.id(), TapStats.of(700, 56000, null, null, t, List.of(db.id())));
        flows.put(db.id(), TapStats.of(700, 56000, null, null, t, List.of(web.id())));
        addStats(services, flows);

        JsonNode r = table(null, null);
        JsonNode first = r.get("taasServices").get(0);
        assertEquals("1200", first.get("packets").asText());
        assertEquals("96000", first.get("bytes").asText());
        assertEquals("2.5 pkt/s, 2.0 kbit/s", first.get("rate").asText());
        JsonNode second = r.get("taasServices").get(1);
        assertEquals("not sampled yet: empty", "", second.get("packets").asText());
        assertEquals("", second.get("rate").asText());
        assertEquals("counters sort as numbers", List.of("backup", "analyzer"), column(table("packets", "asc"),
                                                                                     "name"));
        assertEquals(List.of("analyzer", "backup"), column(table("rate", "desc"), "name"));

        JsonNode d = details(analyzer.id().toString()).get("details");
        assertEquals("1200", d.get("packets").asText());
        assertEquals("2.5 pkt/s, 2.0 kbit/s", d.get("rate").asText());
        assertEquals("2026-11-29T17:15:00Z", d.get("sampled").asText());
        JsonNode w = d.get("flows").get(1);
        assertEquals("700", w.get("packets").asText());
        assertEquals("56000", w.get("bytes").asText());
        assertEquals("", w.get("rate").asText());
        assertEquals("db", w.get("shared").asText());
        assertEquals("not yet", details(backup.id().toString()).get("details").get("sampled").asText());
    }

    @Test
    public void withoutStatisticsTheCountersAreEmpty() {
        addTaps();
        JsonNode first = table(null, null).get("taasServices").get(0);
        assertEquals("", first.get("packets").asText());
        JsonNode d = details(analyzer.id().toString()).get("details");
        assertEquals("", d.get("sampled").asText());
        assertEquals("", d.get("flows").get(0).get("shared").asText());
    }

    @Test
    public void badDetailsRequestsGetAClearError() {
        addTaps();
        assertThat(details(null).get("error").asText(), containsString("id: missing"));
        assertThat(details("not-a-uuid").get("error").asText(),
                   containsString("malformed tap service id 'not-a-uuid'"));
        String unknown = TapServiceId.random().toString();
        ObjectNode r = details(unknown);
        assertThat(r.get("error").asText(), containsString(unknown + " does not exist"));
        assertFalse(r.has("details"));
        assertEquals("nothing changed", 2, net.taas.getTapServices().size());
    }
}

package org.onosproject.taas.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;

import java.util.ArrayList;
import java.util.List;

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

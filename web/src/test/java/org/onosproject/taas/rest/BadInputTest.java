package org.onosproject.taas.rest;

import com.google.common.base.Strings;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.fail;

/**
 * Table of malformed and refused requests: each must get its status and a JSON error naming
 * the problem, and leave the store exactly as it was.
 */
public class BadInputTest extends TaasResourceTest {

    private static final String JSON = MediaType.APPLICATION_JSON;
    private static final String UNKNOWN = "11111111-2222-4333-8444-555555555555";
    private static final String S_PORT = "of:0000000000000001/1";
    private static final String F_SOURCE = "of:0000000000000002/1";

    private TapService service;
    private TapFlow flow;
    private final List<Case> cases = new ArrayList<>();

    /** One request and the error it must get. */
    private static final class Case {
        final String method;
        final String path;
        final String contentType;
        final String body;
        final int status;
        final String message;

        Case(String method, String path, String contentType, String body, int status, String message) {
            this.method = method;
            this.path = path;
            this.contentType = contentType;
            this.body = body;
            this.status = status;
            this.message = message;
        }

        @Override
        public String toString() {
            String b = body == null ? "(no body)" : body.length() > 100 ? body.substring(0, 100) + "..." : body;
            return method + " " + path + " [" + contentType + "] " + b;
        }
    }

    /**
     * Stores one tap service and one tap flow that the requests may collide with.
     */
    @Before
    public void setUpStore() {
        service = addService(S_PORT, "ids");
        flow = addFlow(service, F_SOURCE, Direction.IN, "10");
    }

    private void add(String method, String path, String contentType, String body, int status, String message) {
        cases.add(new Case(method, path.replace("{S}", service.id().toString()).replace("{F}", flow.id().toString()),
                contentType, body == null ? null : body.replace("{S}", service.id().toString()),
                status, message));
    }

    private void post(String path, String body, int status, String message) {
        add("POST", path, JSON, body, status, message);
    }

    private String flowBody(String extra) {
        return "{\"tapServiceId\":\"{S}\",\"sourcePort\":\"of:2/7\",\"direction\":\"OUT\"" + extra + "}";
    }

    private void serviceCases() {
        String ts = "tap-services";
        post(ts, "", 400, "request body is empty");
        post(ts, "   \n ", 400, "request body is empty");
        post(ts, "{\"port\":\"of:1/5\"", 400, "malformed JSON");
        post(ts, "{\"port\":", 400, "malformed JSON");
        post(ts, "{\"port\":\"of:1/5", 400, "malformed JSON");
        post(ts, "port=of:1/5", 400, "malformed JSON");
        post(ts, "{'port':'of:1/5'}", 400, "malformed JSON");
        post(ts, "null", 400, "request body must be a JSON object, not null");
        post(ts, "[]", 400, "request body must be a JSON object, not an array");
        post(ts, "[{\"port\":\"of:1/5\"}]", 400, "request body must be a JSON object, not an array");
        post(ts, "\"of:1/5\"", 400, "request body must be a JSON object, not a string");
        post(ts, "42", 400, "request body must be a JSON object, not a number");
        post(ts, "{}", 400, "port: missing");
        post(ts, "{\"port\":null}", 400, "port: missing");
        post(ts, "{\"port\":5}", 400, "port: expected a string, got a number");
        post(ts, "{\"port\":[\"of:1/5\"]}", 400, "port: expected a string, got an array");
        post(ts, "{\"port\":{\"device\":\"of:1\",\"port\":5}}", 400, "port: expected a string, got an object");
        post(ts, "{\"port\":\"of:1/5\",\"colour\":\"red\"}", 400, "'colour': unknown field in tap service");
        post(ts, "{\"Port\":\"of:1/5\"}", 400, "'Port': unknown field");
        post(ts, "{\"port\":\"of:1/5\",\"port\":\"of:1/6\"}", 400, "Duplicate field 'port'");
        post(ts, "{\"port\":\"of:1/5\",\"name\":\"a\",\"name\":\"b\"}", 400, "Duplicate field 'name'");
        post(ts, "{\"port\":\"of:1/0\"}", 400, "port: port number '0' is out of range 1..4294967295");
        post(ts, "{\"port\":\"of:1/4294967296\"}", 400, "port: port number '4294967296' is out of range");
        post(ts, "{\"port\":\"of:1/-1\"}", 400, "port: malformed connect point 'of:1/-1'");
        post(ts, "{\"port\":\"of:1\"}", 400, "port: malformed connect point");
        post(ts, "{\"port\":\"\"}", 400, "port: malformed connect point ''");
        post(ts, "{\"port\":\"of:1/5; rm -rf /\"}", 400, "port: malformed connect point");
        post(ts, "{\"port\":\"of:\uFF11/5\"}", 400, "port: malformed connect point");
        post(ts, "{\"port\":\"of:1/5\",\"name\":\"" + Strings.repeat("n", 300) + "\"}", 400,
                "name is too long (300 characters, at most 255)");
        post(ts, "{\"port\":\"of:1/5\",\"description\":\"" + Strings.repeat("\u00e9", 2000) + "\"}", 400,
                "description is too long");
        post(ts, "{\"port\":\"of:1/5\",\"name\":\"a\\u0000b\"}", 400, "name contains a control character (code 0)");
        post(ts, "{\"port\":\"of:1/5\",\"tenant\":\"\\u001b[31mred\"}", 400, "tenant contains a control character");
        post(ts, "{\"port\":\"of:1/5\",\"id\":\"' OR 1=1 --\"}", 400, "id: malformed id '' OR 1=1 --'");
        post(ts, "{\"port\":\"of:1/5\",\"id\":123}", 400, "id: expected a string, got a number");
        post(ts, "{\"port\":\"of:1/5\",\"name\":true}", 400, "name: expected a string, got a boolean");
        post(ts, "{\"port\":\"of:1/5\",\"status\":{\"state\":\"ACTIVE\"}}", 400, "status: expected a string");
        post(ts, "{\"port\":\"of:1/5\"} {\"port\":\"of:1/6\"}", 400, "unexpected content after the JSON object");
        post(ts, "{\"port\":\"of:1/5\"}x", 400, "malformed JSON");
        post(ts, "{\"port\":\"of:1/5\",\"name\":[[[[[[[[[[[\"deep\"]]]]]]]]]]]}", 400, "nested deeper than 8");
        post(ts, "{\"port\":\"of:1/5\",\"description\":\"" + Strings.repeat("x", 1100 * 1024) + "\"}", 400,
                "request body is too large");
        add("POST", ts, MediaType.TEXT_PLAIN, "{\"port\":\"of:1/5\"}", 415, "unsupported content type");
        add("POST", ts, MediaType.APPLICATION_XML, "<tapService port=\"of:1/5\"/>", 415, "unsupported content type");
        add("POST", ts, MediaType.APPLICATION_FORM_URLENCODED, "port=of:1/5", 415, "unsupported content type");
        post(ts, "{\"port\":\"" + S_PORT + "\"}", 409, "is already the port of tap service");
        post(ts, "{\"port\":\"" + F_SOURCE + "\"}", 409, "mirror loop");
        post(ts, "{\"port\":\"of:1/5\",\"id\":\"{S}\"}", 409, "already exists");
        post(ts, "{\"tapServices\":null}", 400, "tapServices: expected an array, got null");
        post(ts, "{\"tapServices\":[]}", 400, "tapServices: empty list");
        post(ts, "{\"tapServices\":{\"port\":\"of:1/5\"}}", 400, "tapServices: expected an array, got an object");
        post(ts, "{\"tapServices\":[{\"port\":\"of:1/5\"},null]}", 400, "tapServices[1]: expected an object, got null");
        post(ts, "{\"tapServices\":[{\"port\":\"of:1/5\"},{\"port\":\"bad\"}]}", 400,
                "tapServices[1]: port: malformed connect point 'bad'");
        post(ts, "{\"tapServices\":[{\"port\":\"of:1/5\"}],\"port\":\"of:1/6\"}", 400,
                "'port': unknown field next to tapServices");
        post(ts, "{\"tapServices\":[{\"port\":\"of:1/5\"},{\"port\":\"" + S_PORT + "\"}]}", 409,
                "already the port of tap service");
        post(ts, "{\"tapServices\":[{\"port\":\"of:1/5\"},{\"port\":\"of:1/5\"}]}", 409,
                "port of:1/5 is already the port of tap service");
        post(ts, "{\"tapFlows\":[]}", 400, "'tapFlows': unknown field in tap service");
    }

    private void flowCases() {
        String tf = "tap-flows";
        post(tf, "", 400, "request body is empty");
        post(tf, "{\"tapServiceId\":\"{S}\",\"sourcePort\":\"of:2/7\"}", 400, "direction: missing");
        post(tf, "{\"tapServiceId\":\"{S}\",\"direction\":\"IN\"}", 400, "sourcePort: missing");
        post(tf, "{\"sourcePort\":\"of:2/7\",\"direction\":\"IN\"}", 400, "tapServiceId: missing");
        post(tf, "{\"tapServiceId\":\"{S}\",\"sourcePort\":\"of:2/7\",\"direction\":\"SIDEWAYS\"}", 400,
                "direction: invalid direction 'SIDEWAYS'; expected IN, OUT or BOTH");
        post(tf, "{\"tapServiceId\":\"{S}\",\"sourcePort\":\"of:2/7\",\"direction\":\"\u0131n\"}", 400,
                "direction: invalid direction");
        post(tf, "{\"tapServiceId\":\"{S}\",\"sourcePort\":\"of:2/7\",\"direction\":\"IN' OR '1'='1\"}", 400,
                "direction: invalid direction");
        post(tf, "{\"tapServiceId\":\"{S}\",\"sourcePort\":\"of:2/7\",\"direction\":true}", 400,
                "direction: expected a string, got a boolean");
        post(tf, "{\"tapServiceId\":\"{S}\",\"sourcePort\":\"of:2/7\",\"direction\":null}", 400, "direction: missing");
        post(tf, flowBody(",\"vlanFilter\":\"4096\""), 400,
                "vlanFilter: invalid VLAN filter '4096': VLAN id 4096 is out");
        post(tf, flowBody(",\"vlanFilter\":\"-5\""), 400, "vlanFilter: invalid VLAN filter '-5'");
        post(tf, flowBody(",\"vlanFilter\":\"10-5\""), 400, "range 10-5 runs backwards");
        post(tf, flowBody(",\"vlanFilter\":\"0-99999\""), 400, "VLAN id 99999 is out of range");
        post(tf, flowBody(",\"vlanFilter\":\"\""), 400, "vlanFilter: VLAN filter is empty");
        post(tf, flowBody(",\"vlanFilter\":\"1,,2\""), 400, "empty entry between commas");
        post(tf, flowBody(",\"vlanFilter\":100"), 400, "vlanFilter: expected a string, got a number");
        post(tf, flowBody(",\"vlanFilter\":-1"), 400, "vlanFilter: expected a string, got a number");
        post(tf, flowBody(",\"vlanFilter\":[9,18]"), 400, "vlanFilter: expected a string, got an array");
        post(tf, flowBody(",\"vlanFilter\":\"1;DROP TABLE flows\""), 400, "vlanFilter: invalid VLAN filter");
        post(tf, flowBody(",\"vlanFilter\":\"" + Strings.repeat("1,", 2500) + "1\""), 400, "VLAN filter is too long");
        post(tf, flowBody(",\"vlanFilter\":\"\uFF19\""), 400, "vlanFilter: invalid VLAN filter");
        post(tf, flowBody(",\"vlanFilter\":\"5\",\"vlanFilter\":\"6\""), 400, "Duplicate field 'vlanFilter'");
        post(tf, flowBody(",\"vlan_filter\":\"5\""), 400, "'vlan_filter': unknown field in tap flow");
        post(tf, "{\"tapServiceId\":\"<script>alert(1)</script>\",\"sourcePort\":\"of:2/7\",\"direction\":\"IN\"}",
                400, "tapServiceId: malformed id '<script>alert(1)</script>'");
        post(tf, "{\"tapServiceId\":\"" + UNKNOWN + "\",\"sourcePort\":\"of:2/7\",\"direction\":\"IN\"}", 404,
                "tapServiceId: tap service " + UNKNOWN + " does not exist");
        post(tf, "{\"tapServiceId\":\"{S}\",\"sourcePort\":\"" + S_PORT + "\",\"direction\":\"IN\"}", 409,
                "mirror loop");
        post(tf, "{\"tapServiceId\":\"{S}\",\"sourcePort\":\"" + F_SOURCE + "\",\"direction\":\"IN\","
                + "\"vlanFilter\":\"10\"}", 409, "duplicate");
        post(tf, "{\"tapFlows\":[" + flowBody("") + "," + flowBody("").replace("OUT", "UP") + "]}", 400,
                "tapFlows[1]: direction: invalid direction 'UP'");
        post(tf, "{\"tapFlows\":[" + flowBody("") + "," + flowBody("") + "]}", 409, "duplicate");
        add("POST", tf, MediaType.TEXT_PLAIN, flowBody(""), 415, "unsupported content type");
        add("GET", "tap-flows?tapServiceId=not-a-uuid", JSON, null, 400, "tapServiceId: malformed tap service id");
        add("GET", "tap-flows?tapServiceId=" + UNKNOWN, JSON, null, 404, "does not exist");
    }

    private void updateAndDeleteCases() {
        add("PUT", "tap-services/{S}", JSON, "{\"port\":\"of:1/7\"}", 400, "cannot be changed");
        add("PUT", "tap-services/{S}", JSON, "{\"tenant\":\"red\"}", 400, "tenant of tap service");
        add("PUT", "tap-services/{S}", JSON, "{\"id\":\"" + UNKNOWN + "\"}", 400, "does not match the id in the path");
        add("PUT", "tap-services/{S}", JSON, "{\"id\":7}", 400, "id: a number does not match");
        add("PUT", "tap-services/{S}", JSON, "", 400, "request body is empty");
        add("PUT", "tap-services/{S}", JSON, "{\"name\":1}", 400, "name: expected a string, got a number");
        add("PUT", "tap-services/{S}", JSON, "{\"name\":\"x\",\"name\":\"y\"}", 400, "Duplicate field 'name'");
        add("PUT", "tap-services/{S}", MediaType.TEXT_PLAIN, "{\"name\":\"x\"}", 415, "unsupported content type");
        add("PUT", "tap-services/" + UNKNOWN, JSON, "{\"name\":\"x\"}", 404, "does not exist");
        add("PUT", "tap-services/not-an-id", JSON, "{\"name\":\"x\"}", 400, "id: malformed tap service id");
        add("PUT", "tap-flows/{F}", JSON, "{\"direction\":\"UP\"}", 400, "direction: invalid direction 'UP'");
        add("PUT", "tap-flows/{F}", JSON, "{\"vlanFilter\":\"4095-0\"}", 400, "runs backwards");
        add("PUT", "tap-flows/{F}", JSON, "{\"sourcePort\":\"of:3/3\"}", 400, "sourcePort of tap flow");
        add("PUT", "tap-flows/{F}", JSON, "{\"status\":\"ACTIVE\",\"bogus\":1}", 400, "'bogus': unknown field");
        add("PUT", "tap-flows/{F}", JSON, "{\"tapFlows\":[]}", 400, "'tapFlows': unknown field");
        add("PUT", "tap-flows/" + UNKNOWN, JSON, "{\"name\":\"x\"}", 404, "does not exist");
        add("DELETE", "tap-services/" + UNKNOWN, JSON, null, 404, "tap service " + UNKNOWN + " does not exist");
        add("DELETE", "tap-services/' OR 1=1", JSON, null, 400, "id: malformed tap service id");
        add("DELETE", "tap-flows/" + UNKNOWN, JSON, null, 404, "tap flow " + UNKNOWN + " does not exist");
        add("DELETE", "tap-flows/zzz", JSON, null, 400, "id: malformed tap flow id 'zzz'");
        add("GET", "tap-services/" + UNKNOWN, JSON, null, 404, "does not exist");
        add("DELETE", "tap-services", JSON, null, 405, "Not Allowed");
        add("POST", "tap-services/{S}", JSON, "{\"port\":\"of:1/5\"}", 405, "Not Allowed");
    }

    /**
     * Every request of the table gets its status and error body and changes nothing.
     */
    @Test
    public void badInputTable() throws Exception {
        serviceCases();
        flowCases();
        updateAndDeleteCases();
        assertThat(cases.size(), greaterThanOrEqualTo(40));
        Set<Object> before = snapshot();
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            try {
                Response r = send(c.method, c.path, c.body, c.contentType);
                assertError(r, c.status, c.message);
                assertThat("store changed", snapshot(), is(before));
            } catch (AssertionError | Exception e) {
                failures.add(c + "\n    -> " + e.getMessage().replace("\n", " "));
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + cases.size() + " bad requests were mishandled:\n"
                    + String.join("\n", failures));
        }
    }
}

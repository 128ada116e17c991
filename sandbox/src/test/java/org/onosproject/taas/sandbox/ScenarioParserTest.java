package org.onosproject.taas.sandbox;

import org.junit.Test;
import org.onlab.packet.VlanId;

import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The scenario file format.
 */
public class ScenarioParserTest {

    private static final List<String> TOPO = List.of(
            "name two switches  # comment",
            "switch s1",
            "switch s2 dpid 0x20 driver default",
            "host h1 s1 1 00:00:00:00:00:01 10.0.0.1",
            "host h2 s2 2 00:00:00:00:00:02 10.0.0.2/16 vlan 100",
            "link s1 5 s2 5",
            "");

    private static Scenario parse(String... steps) {
        List<String> lines = new java.util.ArrayList<>(TOPO);
        lines.addAll(List.of(steps));
        return ScenarioParser.parse("t.scn", lines);
    }

    private static void rejects(String message, String... steps) {
        try {
            parse(steps);
            fail("accepted: " + String.join(" / ", steps));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message));
            assertTrue(e.getMessage(), e.getMessage().startsWith("t.scn:"));
        }
    }

    @Test
    public void readsTopology() {
        Scenario s = parse();
        assertEquals("two switches", s.name());
        Topology t = s.topology();
        assertEquals(1, t.switches().get("s1").dpid);
        assertEquals(0x20, t.switches().get("s2").dpid);
        assertEquals("default", t.switches().get("s2").driver);
        Topology.Host h2 = t.hosts().get("h2");
        assertEquals(16, h2.prefixLength);
        assertEquals(VlanId.vlanId((short) 100), h2.vlan);
        assertEquals(VlanId.NONE, t.hosts().get("h1").vlan);
        assertEquals(1, t.links().size());
    }

    @Test
    public void readsSteps() {
        Scenario s = parse("service tap h1 the analyzer", "flow f1 h2 tap both vlan 0,100-110",
                "ping h1 h2 count 2", "udp h1 h2 vlan 7 count 3 port 53", "broadcast h2",
                "expect h1 3 udp and (src 10.0.0.2)", "update f1 direction in vlan none",
                "status f1 ACTIVE", "remove flow f1", "remove service tap", "snapshot a", "same a",
                "port down h1", "native-mirror h1 h2", "native-mirror off", "wait 10", "show h1 icmp");
        assertEquals(17, s.steps().size());
        Scenario.Step expect = s.steps().get(5);
        assertEquals("expect", expect.keyword);
        assertEquals(List.of("h1", "3", "udp", "and", "(src", "10.0.0.2)"), expect.args);
        assertEquals(13, expect.line);
    }

    @Test
    public void rejectsBadTopology() {
        rejects("port s1/1 is already used", "host h3 s1 1 00:00:00:00:00:03 10.0.0.3");
        rejects("MAC 00:00:00:00:00:01 is already used", "host h3 s1 3 00:00:00:00:00:01 10.0.0.3");
        rejects("unknown switch 's9'", "host h3 s9 3 00:00:00:00:00:03 10.0.0.3");
        rejects("bad IPv4 address", "host h3 s1 3 00:00:00:00:00:03 10.0.0.300");
        rejects("name 'h1' is already used", "switch h1");
        rejects("must be a lower-case letter", "host H3 s1 3 00:00:00:00:00:03 10.0.0.3");
        rejects("must come before the first step", "wait 1", "switch s3");
        rejects("driver must be ovs or default", "switch s3 driver foo");
    }

    @Test
    public void rejectsBadSteps() {
        rejects("unknown keyword 'pong'", "pong h1 h2");
        rejects("unknown host 'h9'", "ping h1 h9");
        rejects("unknown option 'vlan'", "ping h1 h2 vlan 3");
        rejects("direction must be in, out or both", "service t h1", "flow f h2 t sideways");
        rejects("bad VLAN filter", "service t h1", "flow f h2 t in vlan 5000");
        rejects("unknown tap flow 'f'", "update f direction in");
        rejects("no snapshot 'x'", "same x");
        rejects("unknown status", "status f RUNNING");
        rejects("count", "expect h1 many");
        rejects("neither a host", "service t s9/1");
        rejects("declared twice", "service t h1", "service t h2");
    }

    @Test
    public void readsCountersSteps() {
        Scenario s = parse("service tap h1", "flow f1 h2 tap out", "ping h2 h1", "udp h2 h1",
                "expect h1 2 icmp", "counters f1 h1 icmp or udp", "counters tap h1", "wait 5", "ping h1 h2",
                "counters tap h1 icmp");
        assertEquals(List.of("f1", "h1", "icmp", "or", "udp"), s.steps().get(5).args);
        // the round opened by the ping at index 2 is checked for f1 and tap; the next for tap
        assertEquals(List.of("f1", "tap"), CounterCheck.namesChecked(s.steps(), 2));
        assertEquals(List.of("tap"), CounterCheck.namesChecked(s.steps(), 8));
        s = parse("service tap h1", "flow f1 h2 tap out", "ping h2 h1", "remove flow f1", "counters tap h1");
        assertEquals("a change ends the round", List.of(), CounterCheck.namesChecked(s.steps(), 2));
        rejects("unknown tap service or tap flow 'f9'", "counters f9 h1");
        rejects("unknown host 'h9'", "service tap h1", "counters tap h9");
        rejects("usage: counters SERVICE|FLOW HOST", "service tap h1", "counters tap");
    }

    @Test
    public void readsLinkAndPathSteps() {
        Scenario s = parse("service tap h1", "flow f1 h2 tap out", "link down s2 5 s1 5", "path f1 none",
                "link up s1 5 s2 5", "path f1 s2 s1");
        assertEquals(6, s.steps().size());
        assertEquals("link", s.steps().get(2).keyword);
        assertEquals(List.of("down", "s2", "5", "s1", "5"), s.steps().get(2).args);
        assertEquals(List.of("f1", "s2", "s1"), s.steps().get(5).args);
        // "link" without down/up after a step is still a topology line, refused there
        rejects("must come before the first step", "wait 1", "link s1 6 s2 6");
        rejects("no link s1 5 s2 6 is declared", "link down s1 5 s2 6");
        rejects("usage: link down|up", "link down s1 5 s2");
        rejects("unknown switch 's9'", "link up s1 5 s9 5");
        rejects("unknown tap flow 'f9'", "path f9 s1");
        rejects("unknown switch 's9'", "service t h1", "flow f h2 t in", "path f s2 s9");
    }

    @Test
    public void readsHostMoveSteps() {
        Scenario s = parse("flow f1 s1/1 tap in", "host move h1 s1 3", "host move h1 s2 7", "host move h1 s1 1");
        assertEquals(4, s.steps().size());
        Scenario.Step move = s.steps().get(1);
        assertEquals("host", move.keyword);
        assertEquals(List.of("move", "h1", "s1", "3"), move.args);
        assertEquals(9, move.line);
        // the topology itself is not changed by parsing: the move happens when the step runs
        assertEquals("s1", s.topology().hosts().get("h1").switchName);
        assertEquals(1, s.topology().hosts().get("h1").port);
        // a host named "move" is still declared by a topology line
        assertEquals(3, parse("host move s1 4 00:00:00:00:00:04 10.0.0.4").topology().hosts().size());
    }

    @Test
    public void readsSwitchRestartSteps() {
        Scenario s = parse("ping h1 h2", "switch restart", "wait 1000", "switch restart");
        assertEquals(4, s.steps().size());
        Scenario.Step restart = s.steps().get(1);
        assertEquals("switch", restart.keyword);
        assertEquals(List.of("restart"), restart.args);
        assertEquals(9, restart.line);
        assertEquals(2, s.topology().switches().size());
        // right after the topology, too
        assertEquals(1, parse("switch restart").steps().size());
        // a switch named "restart" is declared with an option
        Scenario named = parse("switch restart dpid 7");
        assertEquals(3, named.topology().switches().size());
        assertEquals(0, named.steps().size());
        // a declaration after the step is refused as after any step
        rejects("'switch' must come before the first step", "switch restart", "switch s3");
        rejects("'switch' must come before the first step", "switch restart", "switch restart dpid 7");
    }

    @Test
    public void rejectsBadHostMoves() {
        rejects("unknown host 'h9'", "host move h9 s1 3");
        rejects("unknown switch 's9'", "host move h1 s9 3");
        rejects("port 'x' is not a number", "host move h1 s1 x");
        rejects("port 0 is out of range", "host move h1 s1 0");
        rejects("usage: host move HOST SWITCH PORT", "wait 1", "host move h1 s1");
        rejects("host h1 is already on s1/1", "host move h1 s1 1");
        // taken by another host, by a link, and by a host that moved there earlier
        rejects("port s2/2 is already used", "host move h1 s2 2");
        rejects("port s1/5 is already used", "host move h1 s1 5");
        rejects("port s1/3 is already used", "host move h2 s1 3", "host move h1 s1 3");
        // a port left by a move is free again
        assertEquals(2, parse("host move h1 s1 3", "host move h2 s1 1").steps().size());
    }

    @Test
    public void needsASwitch() {
        try {
            ScenarioParser.parse("e.scn", List.of("# nothing"));
            fail("empty scenario accepted");
        } catch (IllegalArgumentException e) {
            assertEquals("e.scn:1: no switch declared", e.getMessage());
        }
    }

    @Test
    public void readsCliSteps() {
        Scenario s = parse("cli tap-service-add --name tap --port {h1}",
                "cli tap-flow-add --name f1 --port {h2} --tap-service tap --direction OUT => 0 Created tap flow",
                "cli tap-flow-remove nosuch => 1 no tap flow has the id or name 'nosuch'",
                "status f1 ACTIVE", "update f1 direction in");
        ScenarioParser.CliStep plain = ScenarioParser.cliStep(s.steps().get(0).args);
        assertEquals("tap-service-add --name tap --port {h1}", plain.line);
        assertEquals(0, plain.status);
        assertEquals("", plain.text);
        ScenarioParser.CliStep refused = ScenarioParser.cliStep(s.steps().get(2).args);
        assertEquals("tap-flow-remove nosuch", refused.line);
        assertEquals(1, refused.status);
        assertEquals("no tap flow has the id or name 'nosuch'", refused.text);
    }

    @Test
    public void rejectsBadCliSteps() {
        rejects("usage: cli", "cli");
        rejects("usage: cli", "cli => 0");
        rejects("expected exit status", "cli tap-services => ok");
        rejects("expected exit status", "cli tap-services =>");
        rejects("{h9} names no host or switch", "cli tap-service-add --name t --port {h9}");
        // a name only becomes usable when a cli line gives it with --name
        rejects("unknown tap flow 'f2'", "cli tap-flow-add --port {h1} --tap-service t --direction IN", "update f2 "
                + "direction out");
    }

    @Test
    public void readsCollectorsTunnelsAndTheirSteps() {
        Scenario s = parse("collector c1 192.0.2.9", "collector c2 192.0.2.10", "tunnel s1 gre", "tunnel s2 erspan",
                "service ids gre c1 101 4000000000 IDS at the edge", "flow f1 h1 ids both",
                "udp h1 h2", "decoded c1 gre 101 5 udp and src 10.0.0.1", "decoded c2 erspan any 0",
                "counters ids c1 ip proto 47", "tunnel add s2 gre", "tunnel remove s1 gre");
        Topology t = s.topology();
        assertEquals(List.of("c1", "c2"), new java.util.ArrayList<>(t.collectors().keySet()));
        assertEquals("02:00:c0:00:02:09", t.collectors().get("c1").mac().toString().toLowerCase());
        assertEquals(2, t.tunnelPorts().size());
        assertEquals("erspan", t.tunnelPorts().get(1).type);
        assertTrue(ScenarioParser.isTunnelService(s.steps().get(0).args, t));
        assertEquals(8, s.steps().size());
    }

    @Test
    public void rejectsBadCollectorsAndTunnels() {
        rejects("a tunnel needs an underlay: declare a collector first", "tunnel s1 gre");
        rejects("tunnel type must be gre or erspan", "collector c1 192.0.2.9", "tunnel s1 vxlan");
        rejects("the last octet must be 1..239", "collector c1 192.0.2.250");
        rejects("collectors need distinct addresses in one /24", "collector c1 192.0.2.9",
                "collector c2 198.51.100.9");
        rejects("switch s1 already has a gre tunnel port", "collector c1 192.0.2.9", "tunnel s1 gre",
                "tunnel s1 gre");
        rejects("unknown collector 'c9'", "collector c1 192.0.2.9", "service ids gre c9 1 2");
        rejects("key -1 is out of range 0..4294967295", "collector c1 192.0.2.9", "service ids gre c1 -1 2");
        rejects("unknown collector 'c9'", "collector c1 192.0.2.9", "decoded c9 gre any 0");
        rejects("usage: decoded COLLECTOR", "collector c1 192.0.2.9", "decoded c1 gre");
    }
}

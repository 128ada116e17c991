package org.onosproject.taas.sandbox;

import org.onlab.packet.EthType;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.taas.sandbox.net.OvsSwitches;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules "other applications" own on every switch, under their own application id, at
 * ONOS-like priorities: LLDP/BDDP to the controller (40000, as ONOS's link discovery),
 * L2 forwarding per destination MAC (10, as fwd), and flooding of everything else (5) to the
 * host ports and the links of a spanning tree.
 */
public final class OtherApps {

    /** Priority of the packet-in rules. */
    public static final int PACKET_IN_PRIORITY = 40000;
    /** Priority of the MAC forwarding rules. */
    public static final int FORWARD_PRIORITY = 10;
    /** Priority of the flood rule. */
    public static final int FLOOD_PRIORITY = 5;

    private OtherApps() {
    }

    /**
     * Returns the rules for a topology.
     *
     * @param topology topology
     * @param appId    application id to install them under
     * @return rules
     */
    public static List<FlowRule> rules(Topology topology, ApplicationId appId) {
        Map<String, Map<String, Integer>> next = new HashMap<>();
        Map<String, Set<Integer>> treePorts = spanningTree(topology, next);
        List<FlowRule> rules = new ArrayList<>();
        for (Topology.Switch s : topology.switches().values()) {
            for (EthType.EtherType type : List.of(EthType.EtherType.LLDP, EthType.EtherType.BDDP)) {
                rules.add(rule(s, appId, PACKET_IN_PRIORITY,
                        DefaultTrafficSelector.builder().matchEthType(type.ethType().toShort()).build(),
                        DefaultTrafficTreatment.builder().setOutput(PortNumber.CONTROLLER).build()));
            }
            TrafficTreatment.Builder flood = DefaultTrafficTreatment.builder();
            for (Topology.Host h : topology.hosts().values()) {
                Integer port = h.switchName.equals(s.name) ? Integer.valueOf(h.port)
                        : next.getOrDefault(s.name, Map.of()).get(h.switchName);
                if (h.switchName.equals(s.name)) {
                    flood.setOutput(PortNumber.portNumber(h.port));
                }
                if (port != null) {
                    rules.add(rule(s, appId, FORWARD_PRIORITY,
                            DefaultTrafficSelector.builder().matchEthDst(h.mac).build(),
                            DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(port)).build()));
                }
            }
            treePorts.getOrDefault(s.name, Set.of()).forEach(p -> flood.setOutput(PortNumber.portNumber(p)));
            rules.add(rule(s, appId, FLOOD_PRIORITY, DefaultTrafficSelector.emptySelector(), flood.build()));
        }
        return rules;
    }

    private static FlowRule rule(Topology.Switch s, ApplicationId appId, int priority,
                                 TrafficSelector selector, TrafficTreatment treatment) {
        return DefaultFlowRule.builder().forDevice(OvsSwitches.deviceId(s.dpid)).fromApp(appId)
                .withPriority(priority).withSelector(selector).withTreatment(treatment).makePermanent()
                .forTable(0).build();
    }

    /**
     * Computes a BFS spanning tree over the links: the link ports each switch floods to, and
     * for each switch the port towards every other switch.
     */
    private static Map<String, Set<Integer>> spanningTree(Topology topology, Map<String, Map<String, Integer>> next) {
        Map<String, Set<Integer>> treePorts = new HashMap<>();
        Map<String, List<Topology.Link>> treeLinks = new HashMap<>();
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        String root = topology.switches().keySet().iterator().next();
        queue.add(root);
        seen.add(root);
        while (!queue.isEmpty()) {
            String s = queue.poll();
            for (Topology.Link l : topology.links()) {
                String other = l.switchA.equals(s) ? l.switchB : l.switchB.equals(s) ? l.switchA : null;
                if (other != null && seen.add(other)) {
                    queue.add(other);
                    treePorts.computeIfAbsent(l.switchA, k -> new HashSet<>()).add(l.portA);
                    treePorts.computeIfAbsent(l.switchB, k -> new HashSet<>()).add(l.portB);
                    treeLinks.computeIfAbsent(l.switchA, k -> new ArrayList<>()).add(l);
                    treeLinks.computeIfAbsent(l.switchB, k -> new ArrayList<>()).add(l);
                }
            }
        }
        // port towards every other switch: BFS within the tree from each switch
        for (String from : topology.switches().keySet()) {
            Map<String, Integer> firstHop = new HashMap<>();
            Deque<String> q = new ArrayDeque<>();
            q.add(from);
            Set<String> visited = new HashSet<>(Set.of(from));
            while (!q.isEmpty()) {
                String s = q.poll();
                for (Topology.Link l : treeLinks.getOrDefault(s, List.of())) {
                    String other = l.switchA.equals(s) ? l.switchB : l.switchA;
                    if (visited.add(other)) {
                        int port = s.equals(from) ? (l.switchA.equals(s) ? l.portA : l.portB) : firstHop.get(s);
                        firstHop.put(other, port);
                        q.add(other);
                    }
                }
            }
            next.put(from, firstHop);
        }
        return treePorts;
    }
}

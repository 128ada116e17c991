package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableMap;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.PortCriterion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A tap service's transport tree, its transport VLAN and the rules the tree needs on each
 * device.
 */
final class CompiledTree {

    private final TransportTree tree;
    private final int vlan;
    private final Map<DeviceId, List<FlowRule>> rules;

    CompiledTree(TransportTree tree, int vlan, Map<DeviceId, List<FlowRule>> rules) {
        this.tree = tree;
        this.vlan = vlan;
        this.rules = ImmutableMap.copyOf(rules);
    }

    TransportTree tree() {
        return tree;
    }

    int vlan() {
        return vlan;
    }

    Map<DeviceId, List<FlowRule>> rules() {
        return rules;
    }

    /**
     * Returns how many links separate a device from the tap device (0 for the tap device
     * and devices off the tree); the engine programs the devices nearest the tap first.
     *
     * @param d device
     * @return hops
     */
    int hopsToTap(DeviceId d) {
        int hops = 0;
        DeviceId at = d;
        while (tree.nextHops().containsKey(at) && hops <= tree.nextHops().size()) {
            Link l = tree.nextHops().get(at);
            at = l.dst().deviceId();
            hops++;
        }
        return hops;
    }

    /**
     * Returns the rules each device after a source on its path needs for the source's copies:
     * the transport VLAN drop rule and the transit or last-hop rule for the port the copies
     * arrive on, in path order.
     *
     * @param source source device
     * @return rules by device, empty if the source is not in the tree
     */
    Map<DeviceId, List<FlowRule>> rulesOnPathFrom(DeviceId source) {
        Map<DeviceId, List<FlowRule>> need = new LinkedHashMap<>();
        DeviceId at = source;
        while (tree.nextHops().containsKey(at) && need.size() <= tree.nextHops().size()) {
            Link l = tree.nextHops().get(at);
            at = l.dst().deviceId();
            PortNumber in = l.dst().port();
            need.put(at, rules.getOrDefault(at, List.of()).stream().filter(r -> {
                Criterion c = r.selector().getCriterion(Criterion.Type.IN_PORT);
                return c == null || ((PortCriterion) c).port().equals(in);
            }).collect(Collectors.toList()));
        }
        return need;
    }

    /**
     * Returns how copies leave a source device, or null if it is not in the tree.
     *
     * @param source source device
     * @return route or null
     */
    RemoteRoute routeFrom(DeviceId source) {
        Link next = tree.nextHops().get(source);
        return next == null ? null : new RemoteRoute(next.src().port(), vlan, tree.pathFrom(source));
    }
}

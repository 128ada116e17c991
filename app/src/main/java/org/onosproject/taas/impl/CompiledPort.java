package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapStatus;

import java.util.List;
import java.util.Map;

/**
 * What the compiler wants on a device for one port: the classifier rules and mirror groups,
 * and the status each tap flow (and the tap service at the port, if any) should show.
 */
public final class CompiledPort {

    private final ConnectPoint port;
    private final List<FlowRule> flowRules;
    private final List<GroupDescription> groups;
    private final Map<TapFlowId, TapStatus> flowStatus;
    private final TapStatus serviceStatus;

    CompiledPort(ConnectPoint port, List<FlowRule> flowRules, List<GroupDescription> groups,
                 Map<TapFlowId, TapStatus> flowStatus, TapStatus serviceStatus) {
        this.port = port;
        this.flowRules = ImmutableList.copyOf(flowRules);
        this.groups = ImmutableList.copyOf(groups);
        this.flowStatus = ImmutableMap.copyOf(flowStatus);
        this.serviceStatus = serviceStatus;
    }

    /**
     * Returns the port.
     *
     * @return connect point
     */
    public ConnectPoint port() {
        return port;
    }

    /**
     * Returns the flow rules wanted for the port.
     *
     * @return flow rules
     */
    public List<FlowRule> flowRules() {
        return flowRules;
    }

    /**
     * Returns the groups wanted for the port.
     *
     * @return group descriptions
     */
    public List<GroupDescription> groups() {
        return groups;
    }

    /**
     * Returns the status of each tap flow whose source is the port. A flow whose rules are
     * wanted shows BUILD here; the programmer turns it ACTIVE once the switch confirms.
     *
     * @return status by tap flow
     */
    public Map<TapFlowId, TapStatus> flowStatus() {
        return flowStatus;
    }

    /**
     * Returns the status of the tap service whose port this is, or null.
     *
     * @return status or null
     */
    public TapStatus serviceStatus() {
        return serviceStatus;
    }
}

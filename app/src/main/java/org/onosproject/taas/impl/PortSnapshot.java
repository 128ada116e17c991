package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.PortNumber;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapTunnel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the rule compiler needs to know about one port: the tap flows whose source it is,
 * the tap service whose port it is, the hosts behind it and the state of the ports involved.
 * Pure data, taken from ONOS services by the programmer before compiling.
 */
public final class PortSnapshot {

    private final ConnectPoint port;
    private final boolean deviceAvailable;
    private final NiciraExtensions nicira;
    private final String driverName;
    private final PortState portState;
    private final Set<MacAddress> hostMacs;
    private final List<TapFlow> flows;
    private final Map<TapServiceId, TapService> services;
    private final Map<ConnectPoint, PortState> tapPortStates;
    private final TapService tapServiceHere;
    private final Map<TapServiceId, RemoteRoute> routes;
    private final Map<TapTunnel.Type, PortNumber> tunnelPorts;
    private final String bridgeName;

    private PortSnapshot(Builder b) {
        this.port = b.port;
        this.deviceAvailable = b.deviceAvailable;
        this.nicira = b.nicira;
        this.driverName = b.driverName;
        this.portState = b.portState;
        this.hostMacs = ImmutableSet.copyOf(b.hostMacs);
        this.flows = ImmutableList.copyOf(b.flows);
        this.services = ImmutableMap.copyOf(b.services);
        this.tapPortStates = ImmutableMap.copyOf(b.tapPortStates);
        this.tapServiceHere = b.tapServiceHere;
        this.routes = ImmutableMap.copyOf(b.routes);
        this.tunnelPorts = ImmutableMap.copyOf(b.tunnelPorts);
        this.bridgeName = b.bridgeName;
    }

    /**
     * Returns the enabled tunnel port of a type on the port's device.
     *
     * @param type GRE or ERSPAN
     * @return port number, or null when the device has no such port (or it is down)
     */
    public PortNumber tunnelPort(TapTunnel.Type type) {
        return tunnelPorts.get(type);
    }

    /**
     * Returns the name of the device's bridge (its LOCAL port's name).
     *
     * @return bridge name, or null when unknown
     */
    public String bridgeName() {
        return bridgeName;
    }

    /**
     * Returns how copies reach a tap service on another device, or null if they cannot.
     *
     * @param service tap service id
     * @return route or null
     */
    public RemoteRoute route(TapServiceId service) {
        return routes.get(service);
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
     * Returns true if the device is known and available.
     *
     * @return availability
     */
    public boolean deviceAvailable() {
        return deviceAvailable;
    }

    /**
     * Returns the device's Nicira extensions, or null if its driver lacks them.
     *
     * @return extensions or null
     */
    public NiciraExtensions nicira() {
        return nicira;
    }

    /**
     * Returns the name of the device's driver, for messages.
     *
     * @return driver name, may be empty
     */
    public String driverName() {
        return driverName;
    }

    /**
     * Returns the state of this port.
     *
     * @return port state
     */
    public PortState portState() {
        return portState;
    }

    /**
     * Returns the MACs of the hosts located on this port.
     *
     * @return MAC addresses
     */
    public Set<MacAddress> hostMacs() {
        return hostMacs;
    }

    /**
     * Returns the tap flows whose source is this port.
     *
     * @return tap flows
     */
    public List<TapFlow> flows() {
        return flows;
    }

    /**
     * Returns the tap services the flows feed.
     *
     * @return tap services by id
     */
    public Map<TapServiceId, TapService> services() {
        return services;
    }

    /**
     * Returns the state of a tap service port.
     *
     * @param tapPort tap port
     * @return its state, ABSENT if unknown
     */
    public PortState tapPortState(ConnectPoint tapPort) {
        return tapPortStates.getOrDefault(tapPort, PortState.ABSENT);
    }

    /**
     * Returns the tap service whose port this is, or null.
     *
     * @return tap service or null
     */
    public TapService tapServiceHere() {
        return tapServiceHere;
    }

    /**
     * Returns a builder.
     *
     * @param port the port
     * @return builder
     */
    public static Builder builder(ConnectPoint port) {
        return new Builder(port);
    }

    /**
     * Builder of port snapshots.
     */
    public static final class Builder {
        private final ConnectPoint port;
        private boolean deviceAvailable;
        private NiciraExtensions nicira;
        private String driverName = "";
        private PortState portState = PortState.ABSENT;
        private Set<MacAddress> hostMacs = ImmutableSet.of();
        private Collection<TapFlow> flows = ImmutableList.of();
        private Map<TapServiceId, TapService> services = ImmutableMap.of();
        private Map<ConnectPoint, PortState> tapPortStates = ImmutableMap.of();
        private TapService tapServiceHere;
        private Map<TapServiceId, RemoteRoute> routes = ImmutableMap.of();
        private Map<TapTunnel.Type, PortNumber> tunnelPorts = ImmutableMap.of();
        private String bridgeName;

        private Builder(ConnectPoint port) {
            this.port = port;
        }

        /**
         * Sets the device's enabled tunnel ports and its bridge's name.
         *
         * @param ports  tunnel port numbers by type
         * @param bridge bridge name or null
         * @return this builder
         */
        public Builder tunnelPorts(Map<TapTunnel.Type, PortNumber> ports, String bridge) {
            this.tunnelPorts = ports;
            this.bridgeName = bridge;
            return this;
        }

        /**
         * Sets device availability.
         *
         * @param available true if available
         * @return this builder
         */
        public Builder deviceAvailable(boolean available) {
            this.deviceAvailable = available;
            return this;
        }

        /**
         * Sets the device's Nicira extensions and driver name.
         *
         * @param extensions extensions, or null if the driver lacks them
         * @param driver     driver name
         * @return this builder
         */
        public Builder nicira(NiciraExtensions extensions, String driver) {
            this.nicira = extensions;
            this.driverName = driver == null ? "" : driver;
            return this;
        }

        /**
         * Sets the state of the port.
         *
         * @param state state
         * @return this builder
         */
        public Builder portState(PortState state) {
            this.portState = state;
            return this;
        }

        /**
         * Sets the MACs of the hosts on the port.
         *
         * @param macs MACs
         * @return this builder
         */
        public Builder hostMacs(Set<MacAddress> macs) {
            this.hostMacs = macs;
            return this;
        }

        /**
         * Sets the tap flows whose source is the port.
         *
         * @param tapFlows tap flows
         * @return this builder
         */
        public Builder flows(Collection<TapFlow> tapFlows) {
            this.flows = tapFlows;
            return this;
        }

        /**
         * Sets the tap services of those flows.
         *
         * @param tapServices services by id
         * @return this builder
         */
        public Builder services(Map<TapServiceId, TapService> tapServices) {
            this.services = tapServices;
            return this;
        }

        /**
         * Sets the states of the tap services' ports.
         *
         * @param states states by port
         * @return this builder
         */
        public Builder tapPortStates(Map<ConnectPoint, PortState> states) {
            this.tapPortStates = states;
            return this;
        }

        /**
         * Sets the tap service whose port this is.
         *
         * @param service tap service or null
         * @return this builder
         */
        public Builder tapServiceHere(TapService service) {
            this.tapServiceHere = service;
            return this;
        }

        /**
         * Sets the routes to tap services on other devices.
         *
         * @param remoteRoutes routes by tap service
         * @return this builder
         */
        public Builder routes(Map<TapServiceId, RemoteRoute> remoteRoutes) {
            this.routes = remoteRoutes;
            return this;
        }

        /**
         * Builds the snapshot.
         *
         * @return snapshot
         */
        public PortSnapshot build() {
            return new PortSnapshot(this);
        }
    }
}

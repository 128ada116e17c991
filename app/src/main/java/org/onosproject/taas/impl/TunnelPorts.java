package org.onosproject.taas.impl;

import org.onosproject.net.DeviceId;
import org.onosproject.taas.api.TapTunnel;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The names of the flow-based tunnel ports copies of tunnel tap services leave through, one per
 * switch and encapsulation ({@code remote_ip=flow, key=flow}: the remote IP and key are set per
 * copy). A port is found by its name in ONOS: the configured name itself, or the name followed
 * by {@code -} and anything, for hosts where several bridges share one Open vSwitch (there port
 * names are unique per Open vSwitch: {@code taas-gre-br1}, {@code taas-gre-br2}).
 */
public final class TunnelPorts {

    /** Default name of the GRE tunnel port. */
    public static final String GRE_DEFAULT = OsgiPropertyConstants.GRE_TUNNEL_PORT_DEFAULT;
    /** Default name of the ERSPAN tunnel port. */
    public static final String ERSPAN_DEFAULT = OsgiPropertyConstants.ERSPAN_TUNNEL_PORT_DEFAULT;
    /** The names the application looks for by default. */
    public static final TunnelPorts DEFAULT = new TunnelPorts(GRE_DEFAULT, ERSPAN_DEFAULT);

    private final String gre;
    private final String erspan;

    /**
     * Creates the port names.
     *
     * @param gre    name of the GRE port
     * @param erspan name of the ERSPAN port
     */
    public TunnelPorts(String gre, String erspan) {
        checkArgument(isValidName(gre), "invalid GRE tunnel port name '%s'", gre);
        checkArgument(isValidName(erspan), "invalid ERSPAN tunnel port name '%s'", erspan);
        checkArgument(!gre.equals(erspan), "the GRE and ERSPAN tunnel ports need two names");
        this.gre = gre;
        this.erspan = erspan;
    }

    /**
     * Tells whether a text can name an Open vSwitch port here: 1 to 64 letters, digits,
     * {@code -}, {@code _} or {@code .}.
     *
     * @param name candidate
     * @return true if usable
     */
    public static boolean isValidName(String name) {
        return name != null && name.matches("[A-Za-z0-9_.-]{1,64}");
    }

    /**
     * Returns the configured name of a type's port.
     *
     * @param type GRE or ERSPAN
     * @return port name
     */
    public String name(TapTunnel.Type type) {
        return type == TapTunnel.Type.GRE ? gre : erspan;
    }

    /**
     * Tells whether a port name is a type's tunnel port.
     *
     * @param type     GRE or ERSPAN
     * @param portName the port's name in ONOS (may be null)
     * @return true for the name itself or the name followed by {@code -} and more
     */
    public boolean matches(TapTunnel.Type type, String portName) {
        String n = name(type);
        return portName != null
                && (portName.equals(n) || portName.startsWith(n + "-") && portName.length() > n.length() + 1);
    }

    /**
     * Tells whether a port name is either type's tunnel port.
     *
     * @param portName the port's name in ONOS (may be null)
     * @return true if it is
     */
    public boolean matchesAny(String portName) {
        return matches(TapTunnel.Type.GRE, portName) || matches(TapTunnel.Type.ERSPAN, portName);
    }

    /**
     * Returns the Open vSwitch command that adds a type's tunnel port to a device's bridge.
     *
     * @param type   GRE or ERSPAN
     * @param device the switch
     * @param bridge the bridge's name (its LOCAL port's name), or null when unknown
     * @return an {@code ovs-vsctl add-port ...} line
     */
    public String addPortCommand(TapTunnel.Type type, DeviceId device, String bridge) {
        String n = name(type);
        String br = bridge != null && !bridge.isEmpty() ? bridge
                : "$(ovs-vsctl --bare --columns=name find bridge datapath_id="
                  + device.uri().getSchemeSpecificPart() + ")";
        return "ovs-vsctl add-port " + br + " " + n + " -- set interface " + n + " type=" + type.text()
                + " options:remote_ip=flow options:key=flow"
                + (type == TapTunnel.Type.ERSPAN ? " options:erspan_ver=1" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TunnelPorts && gre.equals(((TunnelPorts) o).gre)
                && erspan.equals(((TunnelPorts) o).erspan);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gre, erspan);
    }

    @Override
    public String toString() {
        return "gre " + gre + ", erspan " + erspan;
    }
}

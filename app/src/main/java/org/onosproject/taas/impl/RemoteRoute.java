package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.PortNumber;
import org.onosproject.taas.api.TapStatus;

import java.util.List;
import java.util.Objects;

/**
 * How copies for a tap service on another device leave a source device: tagged with the
 * service's transport VLAN, out of the first link of the path; and the whole path, for status.
 * A route may be held: a device on the path has not confirmed the rules the copies need there
 * (or refused them), so no copy may be sent yet, and the hold says why.
 */
public final class RemoteRoute {

    private final PortNumber egress;
    private final int vlan;
    private final List<ConnectPoint> path;
    private final TapStatus hold;

    /**
     * Creates a route.
     *
     * @param egress port of the source device towards the tap device
     * @param vlan   transport VLAN id
     * @param path   egress and ingress port of each link, then the tap port
     */
    public RemoteRoute(PortNumber egress, int vlan, List<ConnectPoint> path) {
        this(egress, vlan, path, null);
    }

    private RemoteRoute(PortNumber egress, int vlan, List<ConnectPoint> path, TapStatus hold) {
        this.egress = egress;
        this.vlan = vlan;
        this.path = ImmutableList.copyOf(path);
        this.hold = hold;
    }

    /**
     * Returns this route held: no copy may be sent on it yet.
     *
     * @param why status of the tap flows that use it (BUILD while waiting for a device on the
     *            path, ERROR when a device refused its rules)
     * @return held route
     */
    public RemoteRoute held(TapStatus why) {
        return new RemoteRoute(egress, vlan, path, why);
    }

    /**
     * Returns why no copy may be sent on this route yet.
     *
     * @return status of the flows that use it, or null when copies may be sent
     */
    public TapStatus hold() {
        return hold;
    }

    /**
     * Returns the egress port on the source device.
     *
     * @return port number
     */
    public PortNumber egress() {
        return egress;
    }

    /**
     * Returns the transport VLAN id.
     *
     * @return VLAN id
     */
    public int vlan() {
        return vlan;
    }

    /**
     * Returns the path.
     *
     * @return hops
     */
    public List<ConnectPoint> path() {
        return path;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RemoteRoute)) {
            return false;
        }
        RemoteRoute r = (RemoteRoute) o;
        return egress.equals(r.egress) && vlan == r.vlan && path.equals(r.path) && Objects.equals(hold, r.hold);
    }

    @Override
    public int hashCode() {
        return Objects.hash(egress, vlan, path, hold);
    }

    @Override
    public String toString() {
        return "RemoteRoute{egress=" + egress + ", vlan=" + vlan + ", path=" + path + ", hold=" + hold + "}";
    }
}

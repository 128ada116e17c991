package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.PortNumber;

import java.util.List;
import java.util.Objects;

/**
 * How copies for a tap service on another device leave a source device: tagged with the
 * service's transport VLAN, out of the first link of the path; and the whole path, for status.
 */
public final class RemoteRoute {

    private final PortNumber egress;
    private final int vlan;
    private final List<ConnectPoint> path;

    /**
     * Creates a route.
     *
     * @param egress port of the source device towards the tap device
     * @param vlan   transport VLAN id
     * @param path   egress and ingress port of each link, then the tap port
     */
    public RemoteRoute(PortNumber egress, int vlan, List<ConnectPoint> path) {
        this.egress = egress;
        this.vlan = vlan;
        this.path = ImmutableList.copyOf(path);
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
        return egress.equals(r.egress) && vlan == r.vlan && path.equals(r.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(egress, vlan, path);
    }

    @Override
    public String toString() {
        return "RemoteRoute{egress=" + egress + ", vlan=" + vlan + ", path=" + path + "}";
    }
}

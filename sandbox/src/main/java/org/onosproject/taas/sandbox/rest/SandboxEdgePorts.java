package org.onosproject.taas.sandbox.rest;

import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.Port;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.edge.EdgePortListener;
import org.onosproject.net.edge.EdgePortService;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.topology.TopologyService;
import org.onosproject.taas.sandbox.net.SandboxTopologyService;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EdgePortService of the REST sandbox, as ONOS's EdgeManager answers it: a port is an edge
 * port unless it is an end of a link that is up (the sandbox topology's links; with another
 * topology service, its isInfrastructure). Emitting packets is not supported.
 */
public final class SandboxEdgePorts implements EdgePortService {

    private final DeviceService devices;
    private final TopologyService topology;

    /**
     * Creates the service.
     *
     * @param devices  device service
     * @param topology topology service, or null (then every port is an edge port)
     */
    public SandboxEdgePorts(DeviceService devices, TopologyService topology) {
        this.devices = devices;
        this.topology = topology;
    }

    @Override
    public boolean isEdgePoint(ConnectPoint point) {
        if (topology instanceof SandboxTopologyService) {
            for (Link l : ((SandboxTopologyService) topology).links()) {
                if (l.src().equals(point) || l.dst().equals(point)) {
                    return false;
                }
            }
            return true;
        }
        return topology == null || !topology.isInfrastructure(topology.currentTopology(), point);
    }

    @Override
    public Iterable<ConnectPoint> getEdgePoints() {
        List<ConnectPoint> points = new ArrayList<>();
        for (Device d : devices.getDevices()) {
            getEdgePoints(d.id()).forEach(points::add);
        }
        return points;
    }

    @Override
    public Iterable<ConnectPoint> getEdgePoints(DeviceId deviceId) {
        List<ConnectPoint> points = new ArrayList<>();
        for (Port p : devices.getPorts(deviceId)) {
            ConnectPoint cp = new ConnectPoint(deviceId, p.number());
            if (!p.number().isLogical() && isEdgePoint(cp)) {
                points.add(cp);
            }
        }
        return points;
    }

    @Override
    public void emitPacket(ByteBuffer data, Optional<TrafficTreatment> treatment) {
        throw new UnsupportedOperationException("the REST sandbox does not emit packets");
    }

    @Override
    public void emitPacket(DeviceId deviceId, ByteBuffer data, Optional<TrafficTreatment> treatment) {
        throw new UnsupportedOperationException("the REST sandbox does not emit packets");
    }

    @Override
    public void addListener(EdgePortListener listener) {
        // no edge port events in the sandbox
    }

    @Override
    public void removeListener(EdgePortListener listener) {
        // no edge port events in the sandbox
    }
}

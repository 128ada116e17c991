package org.onosproject.taas.sandbox.net;

import org.onlab.packet.IpAddress;
import org.onosproject.cluster.ClusterServiceAdapter;
import org.onosproject.cluster.ControllerNode;
import org.onosproject.cluster.DefaultControllerNode;
import org.onosproject.cluster.NodeId;

import java.util.Set;

/**
 * ClusterService of a one-instance cluster whose only node is active.
 */
public class SandboxClusterService extends ClusterServiceAdapter {

    private final ControllerNode local = new DefaultControllerNode(SandboxMastershipService.LOCAL,
            IpAddress.valueOf("127.0.0.1"));

    @Override
    public ControllerNode getLocalNode() {
        return local;
    }

    @Override
    public Set<ControllerNode> getNodes() {
        return Set.of(local);
    }

    @Override
    public ControllerNode getNode(NodeId nodeId) {
        return local.id().equals(nodeId) ? local : null;
    }

    @Override
    public ControllerNode.State getState(NodeId nodeId) {
        return local.id().equals(nodeId) ? ControllerNode.State.READY : ControllerNode.State.INACTIVE;
    }
}

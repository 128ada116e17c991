package org.onosproject.taas.sandbox.net;

import org.onosproject.cluster.NodeId;
import org.onosproject.mastership.MastershipServiceAdapter;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * MastershipService of a one-instance cluster: the local instance masters every device.
 */
public class SandboxMastershipService extends MastershipServiceAdapter {

    /** The sandbox's only cluster node. */
    public static final NodeId LOCAL = NodeId.nodeId("sandbox");

    private final OvsSwitches switches;

    /**
     * Creates the service.
     *
     * @param switches devices the local instance masters
     */
    public SandboxMastershipService(OvsSwitches switches) {
        this.switches = switches;
    }

    @Override
    public MastershipRole getLocalRole(DeviceId deviceId) {
        return MastershipRole.MASTER;
    }

    @Override
    public boolean isLocalMaster(DeviceId deviceId) {
        return true;
    }

    @Override
    public CompletableFuture<MastershipRole> requestRoleFor(DeviceId deviceId) {
        return CompletableFuture.completedFuture(MastershipRole.MASTER);
    }

    @Override
    public NodeId getMasterFor(DeviceId deviceId) {
        return LOCAL;
    }

    @Override
    public Set<DeviceId> getDevicesOf(NodeId nodeId) {
        return LOCAL.equals(nodeId) ? switches.devices() : Set.of();
    }
}

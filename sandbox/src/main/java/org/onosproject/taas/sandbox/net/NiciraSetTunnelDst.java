package org.onosproject.taas.sandbox.net;

import com.google.common.base.MoreObjects;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;

import java.util.Objects;

/**
 * Nicira set-tunnel-destination action ({@code set_field:IP->tun_dst}). Its property has the
 * name and type of ONOS's {@code ovs} driver extension (NiciraSetTunnelDst), so code that sets
 * it through {@link #setPropertyValue} works unchanged: {@code tunnelDst} (Ip4Address).
 */
public final class NiciraSetTunnelDst extends AbstractExtension implements ExtensionTreatment {

    private Ip4Address tunnelDst;

    @Override
    public ExtensionTreatmentType type() {
        return ExtensionTreatmentTypes.NICIRA_SET_TUNNEL_DST.type();
    }

    @Override
    public byte[] serialize() {
        return tunnelDst == null ? new byte[0] : tunnelDst.toOctets();
    }

    @Override
    public void deserialize(byte[] data) {
        tunnelDst = data.length == 0 ? null : Ip4Address.valueOf(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiciraSetTunnelDst && Objects.equals(tunnelDst, ((NiciraSetTunnelDst) o).tunnelDst);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tunnelDst);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("tunnelDst", tunnelDst).toString();
    }
}

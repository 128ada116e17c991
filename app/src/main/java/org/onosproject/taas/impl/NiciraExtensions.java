package org.onosproject.taas.impl;

import org.onlab.packet.Ip4Address;
import org.onosproject.net.DeviceId;
import org.onosproject.net.behaviour.ExtensionTreatmentResolver;
import org.onosproject.net.flow.instructions.ExtensionTreatment;

import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_LOAD;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_RESUBMIT_TABLE;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_SET_TUNNEL_DST;

/**
 * The Nicira actions the mirror groups need (load, resubmit, set tunnel destination), built through a device driver's
 * {@link ExtensionTreatmentResolver} as ONOS's own apps do (openstackvtap, k8s-networking).
 */
public final class NiciraExtensions {

    /** OXM header of OpenFlow metadata (OXM_OF_METADATA), the destination of the load. */
    public static final long OXM_OF_METADATA = 0x80000408L;

    private final DeviceId deviceId;
    private final ExtensionTreatmentResolver resolver;

    /**
     * Wraps a device's resolver.
     *
     * @param deviceId device
     * @param resolver the device driver's resolver
     */
    public NiciraExtensions(DeviceId deviceId, ExtensionTreatmentResolver resolver) {
        this.deviceId = deviceId;
        this.resolver = resolver;
    }

    /**
     * Returns the device these extensions are for.
     *
     * @return device id
     */
    public DeviceId deviceId() {
        return deviceId;
    }

    /** ofs_nbits of a load into the whole 64-bit field: offset 0, 64 bits (63 = n_bits - 1). */
    public static final int WHOLE_FIELD = 63;

    /**
     * Returns {@code load:value->OXM_OF_METADATA[]}.
     *
     * @param value new metadata value
     * @return extension treatment
     */
    public ExtensionTreatment loadMetadata(long value) {
        ExtensionTreatment load = resolver.getExtensionInstruction(NICIRA_LOAD.type());
        try {
            load.setPropertyValue("ofsNbits", WHOLE_FIELD);
            load.setPropertyValue("dst", OXM_OF_METADATA);
            load.setPropertyValue("value", value);
        } catch (Exception e) {
            throw new IllegalStateException("driver of " + deviceId + " rejected NICIRA_LOAD properties: " + e, e);
        }
        return load;
    }

    /**
     * Returns {@code resubmit(,table)}.
     *
     * @param table table id
     * @return extension treatment
     */
    public ExtensionTreatment resubmit(int table) {
        ExtensionTreatment resubmit = resolver.getExtensionInstruction(NICIRA_RESUBMIT_TABLE.type());
        try {
            resubmit.setPropertyValue("table", (short) table);
        } catch (Exception e) {
            throw new IllegalStateException("driver of " + deviceId
                    + " rejected NICIRA_RESUBMIT_TABLE properties: " + e, e);
        }
        return resubmit;
    }

    /**
     * Returns {@code set_field:IP->tun_dst}: the outer destination of a copy sent through a
     * flow-based tunnel port ({@code options:remote_ip=flow}). ONOS's {@code ovs} driver maps it
     * to the OXM {@code tun_ipv4_dst}; it carries IPv4 only.
     *
     * @param ip remote IPv4 address
     * @return extension treatment
     */
    public ExtensionTreatment setTunnelDst(Ip4Address ip) {
        ExtensionTreatment set = resolver.getExtensionInstruction(NICIRA_SET_TUNNEL_DST.type());
        try {
            set.setPropertyValue("tunnelDst", ip);
        } catch (Exception e) {
            throw new IllegalStateException("driver of " + deviceId
                    + " rejected NICIRA_SET_TUNNEL_DST properties: " + e, e);
        }
        return set;
    }
}

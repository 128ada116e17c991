package org.onosproject.taas.sandbox.net;

import com.google.common.base.MoreObjects;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Nicira {@code resubmit(port,table)} action (NXAST_RESUBMIT_TABLE). Properties as in ONOS's
 * {@code ovs} driver: {@code inPort} ({@link PortNumber}, default {@link PortNumber#IN_PORT},
 * which keeps the packet's own in_port) and {@code table} (short).
 */
public final class NiciraResubmitTable extends AbstractExtension implements ExtensionTreatment {

    private PortNumber inPort = PortNumber.IN_PORT;
    private short table;

    @Override
    public ExtensionTreatmentType type() {
        return ExtensionTreatmentTypes.NICIRA_RESUBMIT_TABLE.type();
    }

    @Override
    public byte[] serialize() {
        return ByteBuffer.allocate(10).putLong(inPort.toLong()).putShort(table).array();
    }

    @Override
    public void deserialize(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        inPort = PortNumber.portNumber(buf.getLong());
        table = buf.getShort();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NiciraResubmitTable)) {
            return false;
        }
        NiciraResubmitTable that = (NiciraResubmitTable) o;
        return table == that.table && Objects.equals(inPort, that.inPort);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inPort, table);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("inPort", inPort).add("table", table).toString();
    }
}

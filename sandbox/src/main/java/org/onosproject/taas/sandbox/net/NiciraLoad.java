package org.onosproject.taas.sandbox.net;

import com.google.common.base.MoreObjects;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Nicira {@code load} action (NXAST_REG_LOAD): writes a value into a bit range of a field.
 * Its properties have the names and types of ONOS's {@code ovs} driver extension, so code
 * that sets them through {@link #setPropertyValue} works unchanged: {@code ofsNbits} (int),
 * {@code dst} (long, OXM/NXM header) and {@code value} (long).
 */
public final class NiciraLoad extends AbstractExtension implements ExtensionTreatment {

    private int ofsNbits;
    private long dst;
    private long value;

    @Override
    public ExtensionTreatmentType type() {
        return ExtensionTreatmentTypes.NICIRA_LOAD.type();
    }

    @Override
    public byte[] serialize() {
        return ByteBuffer.allocate(20).putInt(ofsNbits).putLong(dst).putLong(value).array();
    }

    @Override
    public void deserialize(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        ofsNbits = buf.getInt();
        dst = buf.getLong();
        value = buf.getLong();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NiciraLoad)) {
            return false;
        }
        NiciraLoad that = (NiciraLoad) o;
        return ofsNbits == that.ofsNbits && dst == that.dst && value == that.value;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ofsNbits, dst, value);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("ofsNbits", ofsNbits)
                .add("dst", "0x" + Long.toHexString(dst)).add("value", value).toString();
    }
}

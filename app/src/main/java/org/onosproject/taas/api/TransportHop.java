package org.onosproject.taas.api;

import com.google.common.base.MoreObjects;
import org.onosproject.net.DeviceId;

import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What the master of one device reports about the transport rules of one remote tap service
 * there (its transit or last-hop rules and its transport VLAN drop rule): which rules it
 * installed, identified by a fingerprint, and whether the switch confirmed (ACTIVE) or refused
 * them (ERROR). A source device emits tagged copies only towards hops that confirmed the rules
 * its own instance expects, so copies never reach a switch without them, whichever instance
 * masters it. Immutable.
 */
public final class TransportHop {

    private final TapServiceId tapServiceId;
    private final DeviceId device;
    private final String fingerprint;
    private final TapStatus status;

    /**
     * Creates a report.
     *
     * @param tapServiceId tap service whose copies the rules carry
     * @param device       device the rules are on
     * @param fingerprint  identity of the set of rules
     * @param status       ACTIVE when the switch confirmed them, ERROR when it refused them;
     *                     its term orders the reports as for tap statuses
     */
    public TransportHop(TapServiceId tapServiceId, DeviceId device, String fingerprint, TapStatus status) {
        this.tapServiceId = checkNotNull(tapServiceId, "tap service id cannot be null");
        this.device = checkNotNull(device, "device cannot be null");
        this.fingerprint = checkNotNull(fingerprint, "fingerprint cannot be null");
        this.status = checkNotNull(status, "status cannot be null");
    }

    /**
     * Returns the tap service.
     *
     * @return tap service id
     */
    public TapServiceId tapServiceId() {
        return tapServiceId;
    }

    /**
     * Returns the device.
     *
     * @return device id
     */
    public DeviceId device() {
        return device;
    }

    /**
     * Returns the identity of the rules reported.
     *
     * @return fingerprint
     */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * Returns whether the switch confirmed the rules (ACTIVE) or refused them (ERROR).
     *
     * @return status with its report term
     */
    public TapStatus status() {
        return status;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TransportHop)) {
            return false;
        }
        TransportHop that = (TransportHop) o;
        return tapServiceId.equals(that.tapServiceId) && device.equals(that.device)
                && fingerprint.equals(that.fingerprint) && status.equals(that.status)
                && status.term() == that.status.term();
    }

    @Override
    public int hashCode() {
        return Objects.hash(tapServiceId, device, fingerprint, status);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("tapServiceId", tapServiceId).add("device", device)
                .add("fingerprint", fingerprint).add("status", status).toString();
    }
}

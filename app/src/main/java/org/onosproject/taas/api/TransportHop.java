package org.onosproject.taas.api;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableSet;
import org.onosproject.net.DeviceId;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What the master of one device reports about the transport rules of one remote tap service
 * there (its transit or last-hop rules and its transport VLAN drop rule): which rules it
 * installed, each as text, and whether the switch confirmed (ACTIVE) or refused them (ERROR).
 * A source device emits tagged copies only towards hops that confirmed the rules its own
 * instance expects, so copies never reach a switch without them, whichever instance masters
 * it. Immutable.
 */
public final class TransportHop {

    private final TapServiceId tapServiceId;
    private final DeviceId device;
    // HashSet: stored through Kryo
    private final HashSet<String> rules;
    private final TapStatus status;

    /**
     * Creates a report.
     *
     * @param tapServiceId tap service whose copies the rules carry
     * @param device       device the rules are on
     * @param rules        the rules, each as text (priority, selector, treatment)
     * @param status       ACTIVE when the switch confirmed them, ERROR when it refused them;
     *                     its term orders the reports as for tap statuses
     */
    public TransportHop(TapServiceId tapServiceId, DeviceId device, Set<String> rules, TapStatus status) {
        this.tapServiceId = checkNotNull(tapServiceId, "tap service id cannot be null");
        this.device = checkNotNull(device, "device cannot be null");
        this.rules = new HashSet<>(checkNotNull(rules, "rules cannot be null"));
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
     * Returns the rules reported, each as text (priority, selector, treatment).
     *
     * @return rules
     */
    public Set<String> rules() {
        return ImmutableSet.copyOf(rules);
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
                && rules.equals(that.rules) && status.equals(that.status)
                && status.term() == that.status.term();
    }

    @Override
    public int hashCode() {
        return Objects.hash(tapServiceId, device, rules, status);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("tapServiceId", tapServiceId).add("device", device)
                .add("rules", rules).add("status", status).toString();
    }
}

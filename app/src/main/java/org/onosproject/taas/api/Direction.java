package org.onosproject.taas.api;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which frames of a source port a tap flow mirrors, seen from the host on that port,
 * exactly as in OpenStack TaaS.
 */
public enum Direction {
    /** Frames delivered to the host: they leave the switch on the source port. */
    IN,
    /** Frames the host sends: they enter the switch on the source port. */
    OUT,
    /** Both IN and OUT. */
    BOTH;

    /**
     * Returns true if this direction includes frames the host sends.
     *
     * @return true for OUT and BOTH
     */
    public boolean includesOut() {
        return this != IN;
    }

    /**
     * Returns true if this direction includes frames delivered to the host.
     *
     * @return true for IN and BOTH
     */
    public boolean includesIn() {
        return this != OUT;
    }

    /**
     * Parses a direction, ignoring case and surrounding blanks.
     *
     * @param text IN, OUT or BOTH
     * @return direction
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Direction parse(String text) {
        if (text != null) {
            String t = text.trim().toUpperCase(Locale.ROOT);
            for (Direction d : values()) {
                if (d.name().equals(t)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("invalid direction '" + text + "': expected one of "
                + Arrays.toString(values()));
    }
}

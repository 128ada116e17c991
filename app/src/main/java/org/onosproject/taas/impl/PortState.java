package org.onosproject.taas.impl;

/**
 * State of a port as the rule compiler sees it.
 */
public enum PortState {
    /** The device or the port is unknown or the device is unavailable. */
    ABSENT,
    /** The port exists but is disabled or has no link. */
    DOWN,
    /** The port is up. */
    UP
}

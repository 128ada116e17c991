package org.onosproject.taas.impl;

/**
 * Names and defaults of the application's component configuration properties.
 */
public final class OsgiPropertyConstants {

    private OsgiPropertyConstants() {
    }

    /** Most tap services the application keeps. */
    public static final String MAX_TAP_SERVICES = "maxTapServices";
    /** Default of {@link #MAX_TAP_SERVICES}. */
    public static final int MAX_TAP_SERVICES_DEFAULT = 1024;

    /** Most tap flows the application keeps. */
    public static final String MAX_TAP_FLOWS = "maxTapFlows";
    /** Default of {@link #MAX_TAP_FLOWS}. */
    public static final int MAX_TAP_FLOWS_DEFAULT = 16384;
}

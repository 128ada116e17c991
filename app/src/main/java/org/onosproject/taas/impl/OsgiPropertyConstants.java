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

    /** Priority of the lowest mirror classifier; the others sit a few above (docs/rules.md). */
    public static final String PRIORITY_BASE = "priorityBase";
    /** Default of {@link #PRIORITY_BASE}: above the priorities ONOS applications use. */
    public static final int PRIORITY_BASE_DEFAULT = 65000;

    /** Drop frames entering a tap service port (a SPAN destination is receive-only). */
    public static final String DROP_TAP_PORT_INGRESS = "dropTapPortIngress";
    /** Default of {@link #DROP_TAP_PORT_INGRESS}. */
    public static final boolean DROP_TAP_PORT_INGRESS_DEFAULT = true;

    /** Seconds between full comparisons of wanted and installed state on every mastered device. */
    public static final String AUDIT_PERIOD = "auditPeriod";
    /** Default of {@link #AUDIT_PERIOD}. */
    public static final int AUDIT_PERIOD_DEFAULT = 30;

    /** VLAN ids, "low-high", that carry mirrored copies between switches (as TaaS's pool). */
    public static final String TRANSPORT_VLAN_POOL = "transportVlanPool";
    /** Default of {@link #TRANSPORT_VLAN_POOL}. */
    public static final String TRANSPORT_VLAN_POOL_DEFAULT = "3900-3999";

    /** Name of the flow-based GRE tunnel port the application looks for on each switch. */
    public static final String GRE_TUNNEL_PORT = "greTunnelPort";
    /** Default of {@link #GRE_TUNNEL_PORT} (a literal: ONOS's cfgdef generator reads it from here). */
    public static final String GRE_TUNNEL_PORT_DEFAULT = "taas-gre";

    /** Name of the flow-based ERSPAN tunnel port the application looks for on each switch. */
    public static final String ERSPAN_TUNNEL_PORT = "erspanTunnelPort";
    /** Default of {@link #ERSPAN_TUNNEL_PORT} (a literal, as above). */
    public static final String ERSPAN_TUNNEL_PORT_DEFAULT = "taas-erspan";

    /** Attempts of an optimistic store update before it answers CONFLICT (409). */
    public static final String WRITE_ATTEMPTS = "writeAttempts";
    /** Default of {@link #WRITE_ATTEMPTS}. */
    public static final int WRITE_ATTEMPTS_DEFAULT = 10;
}

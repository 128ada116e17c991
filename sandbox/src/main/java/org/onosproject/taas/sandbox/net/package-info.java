/**
 * In-process implementations of the ONOS services the application uses, backed by a real
 * Open vSwitch: devices, flow rules, groups, drivers with the Nicira extensions, and the
 * translation of ONOS rules to {@code ovs-ofctl}. Test tooling; never shipped.
 */
package org.onosproject.taas.sandbox.net;

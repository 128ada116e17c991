/**
 * The sandbox that proves the application on a real Open vSwitch: topologies of OVS bridges
 * and network namespaces, the scenario file format and its runner. Test tooling; never shipped.
 */
package org.onosproject.taas.sandbox;

package org.onosproject.taas.impl;

import org.onlab.packet.IpAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapTunnel;

import java.util.Objects;

/**
 * The rules a tap service or tap flow must satisfy before it is stored (see DESIGN.md). Each
 * failure is a {@link TaasException} whose message names the field or the conflicting object.
 */
final class TaasValidator {

    /** Longest name or tenant accepted, as in TaaS's database. */
    static final int MAX_NAME = 255;
    /** Longest description accepted. */
    static final int MAX_DESCRIPTION = 1024;

    private TaasValidator() {
    }

    /**
     * Checks a new tap service.
     *
     * @param s      new tap service
     * @param lookup existing taps
     * @param max    quota of tap services
     */
    static void checkNewService(TapService s, TapLookup lookup, int max) {
        checkText("name", s.name(), MAX_NAME, false);
        checkText("description", s.description(), MAX_DESCRIPTION, true);
        checkText("tenant", s.tenant(), MAX_NAME, false);
        if (s.isTunnel()) {
            checkTunnel(s.tunnel().get());
        } else {
            checkPort("port", s.port());
        }
        if (lookup.service(s.id()) != null) {
            throw TaasException.conflict("id: tap service " + s.id() + " already exists");
        }
        if (s.isTunnel()) {
            checkTunnelFree(s.tunnel().get(), lookup);
        } else {
            checkPortFree(s, lookup);
        }
        if (lookup.serviceCount() >= max) {
            throw quotaExceeded(max, "tap services", OsgiPropertyConstants.MAX_TAP_SERVICES);
        }
    }

    // Two tunnels to one collector must not share a key: the collector could not tell them apart.
    private static void checkTunnelFree(TapTunnel t, TapLookup lookup) {
        for (long key : new long[]{t.inKey(), t.outKey()}) {
            TapService other = lookup.tunnelUsing(t.type(), t.remoteIp(), key);
            if (other != null) {
                throw tunnelKeyTaken(t, key, other.id(), other);
            }
        }
    }

    // A tap service port must be neither another service's nor a mirrored source.
    private static void checkPortFree(TapService s, TapLookup lookup) {
        TapService other = lookup.serviceByPort(s.port());
        if (other != null) {
            throw portTaken(s.port(), other.id(), other);
        }
        for (TapFlow f : lookup.flowsBySource(s.port())) {
            throw portMirrored(s.port(), f.id());
        }
    }

    /**
     * Checks a tunnel: an IPv4 remote address (ONOS's Nicira set-tunnel-destination action
     * carries IPv4 only) that is a unicast host address, and keys in the encapsulation's range.
     *
     * @param t tunnel
     */
    static void checkTunnel(TapTunnel t) {
        IpAddress ip = t.remoteIp();
        if (!ip.isIp4()) {
            throw TaasException.invalid("remoteIp " + ip + ": only IPv4 collectors are supported"
                    + " (OpenFlow sets an IPv4 tunnel destination per copy)");
        }
        if (ip.isMulticast() || ip.isZero() || ip.isLinkLocal()
                || ip.equals(IpAddress.valueOf("255.255.255.255"))
                || ip.getIp4Address().toOctets()[0] == 127) {
            throw TaasException.invalid("remoteIp " + ip + " is not a unicast address a collector can have");
        }
        checkKey("inKey", t.type(), t.inKey());
        checkKey("outKey", t.type(), t.outKey());
        if (t.inKey() == t.outKey()) {
            throw TaasException.invalid("inKey and outKey are both " + t.inKey()
                    + "; they must differ so that the collector can tell IN copies from OUT copies");
        }
    }

    private static void checkKey(String field, TapTunnel.Type type, long key) {
        if (key < 0 || key > type.maxKey()) {
            throw TaasException.invalid(field + " " + key + " is out of range: "
                    + (type == TapTunnel.Type.ERSPAN ? "an ERSPAN session id" : "a GRE key")
                    + " is 0.." + type.maxKey());
        }
    }

    /**
     * Checks an update of a tap service: only name and description may change.
     *
     * @param current stored tap service
     * @param updated requested tap service
     */
    static void checkServiceUpdate(TapService current, TapService updated) {
        checkText("name", updated.name(), MAX_NAME, false);
        checkText("description", updated.description(), MAX_DESCRIPTION, true);
        if (!Objects.equals(current.port(), updated.port())
                || !Objects.equals(current.tunnel(), updated.tunnel())) {
            throw TaasException.invalid((current.isTunnel() ? "tunnel" : "port") + " of tap service "
                    + current.id() + " cannot be changed; create a new tap service");
        }
        if (!current.tenant().equals(updated.tenant())) {
            throw TaasException.invalid("tenant of tap service " + current.id() + " cannot be changed");
        }
    }

    /**
     * Checks a new tap flow.
     *
     * @param f      new tap flow
     * @param lookup existing taps
     * @param max    quota of tap flows
     */
    static void checkNewFlow(TapFlow f, TapLookup lookup, int max) {
        checkText("name", f.name(), MAX_NAME, false);
        checkText("description", f.description(), MAX_DESCRIPTION, true);
        checkText("tenant", f.tenant(), MAX_NAME, false);
        checkPort("sourcePort", f.sourcePort());
        if (lookup.service(f.tapServiceId()) == null) {
            throw noService(f);
        }
        TapService atSource = lookup.serviceByPort(f.sourcePort());
        if (atSource != null) {
            throw sourceIsTapPort(f.sourcePort(), atSource.id(), atSource);
        }
        if (lookup.flowExists(f.id())) {
            throw TaasException.conflict("id: tap flow " + f.id() + " already exists");
        }
        checkNotDuplicate(f, lookup);
        if (lookup.flowCount() >= max) {
            throw quotaExceeded(max, "tap flows", OsgiPropertyConstants.MAX_TAP_FLOWS);
        }
    }

    /**
     * Checks an in-place update of a tap flow: name, description, direction and VLAN filter
     * may change.
     *
     * @param current stored tap flow
     * @param updated requested tap flow
     * @param lookup  existing taps
     */
    static void checkFlowUpdate(TapFlow current, TapFlow updated, TapLookup lookup) {
        checkText("name", updated.name(), MAX_NAME, false);
        checkText("description", updated.description(), MAX_DESCRIPTION, true);
        if (!current.sourcePort().equals(updated.sourcePort())) {
            throw TaasException.invalid("sourcePort of tap flow " + current.id()
                    + " cannot be changed; create a new tap flow");
        }
        if (!current.tapServiceId().equals(updated.tapServiceId())) {
            throw TaasException.invalid("tapServiceId of tap flow " + current.id()
                    + " cannot be changed; create a new tap flow");
        }
        if (!current.tenant().equals(updated.tenant())) {
            throw TaasException.invalid("tenant of tap flow " + current.id() + " cannot be changed");
        }
        checkNotDuplicate(updated, lookup);
    }

    private static void checkNotDuplicate(TapFlow f, TapLookup lookup) {
        for (TapFlow other : lookup.flowsBySource(f.sourcePort())) {
            if (!other.id().equals(f.id()) && other.selectsSameAs(f)) {
                throw duplicate(f, other.id());
            }
        }
    }

    /**
     * Returns the refusal of an object over its quota.
     *
     * @param max      the quota
     * @param what     "tap services" or "tap flows"
     * @param property the component config property of the quota
     * @return exception
     */
    static TaasException quotaExceeded(int max, String what, String property) {
        return TaasException.conflict("quota exceeded: at most " + max + " " + what
                + " (component config " + property + ")");
    }

    /**
     * Returns the refusal of a tap flow whose tap service does not exist.
     *
     * @param f tap flow
     * @return exception
     */
    static TaasException noService(TapFlow f) {
        return TaasException.notFound("tapServiceId: tap service " + f.tapServiceId() + " does not exist");
    }

    /**
     * Returns the refusal of a tunnel whose key at its collector is another tap service's.
     *
     * @param t     tunnel
     * @param key   the key taken
     * @param other the other tap service's id
     * @param known the other tap service, or null if unknown here
     * @return exception
     */
    static TaasException tunnelKeyTaken(TapTunnel t, long key, TapServiceId other, TapService known) {
        return TaasException.conflict("tunnel: " + t.type().text() + " key " + key + " to " + t.remoteIp()
                + " is already used by tap service " + describe(other, known)
                + "; the collector could not tell their copies apart");
    }

    /**
     * Returns the refusal of a tap service on another tap service's port.
     *
     * @param port  port
     * @param other the other tap service's id
     * @param known the other tap service, or null if unknown here
     * @return exception
     */
    static TaasException portTaken(ConnectPoint port, TapServiceId other, TapService known) {
        return TaasException.conflict("port " + port + " is already the port of tap service "
                + describe(other, known));
    }

    /**
     * Returns the refusal of a tap service on a mirrored port.
     *
     * @param port port
     * @param flow a tap flow whose source it is
     * @return exception
     */
    static TaasException portMirrored(ConnectPoint port, TapFlowId flow) {
        return TaasException.conflict("port " + port + " is the source port of tap flow "
                + flow + "; a mirrored port cannot be a tap service port (mirror loop)");
    }

    /**
     * Returns the refusal of a tap flow whose source is a tap service's port.
     *
     * @param source  source port
     * @param service the tap service's id
     * @param known   the tap service, or null if unknown here
     * @return exception
     */
    static TaasException sourceIsTapPort(ConnectPoint source, TapServiceId service, TapService known) {
        return TaasException.conflict("sourcePort " + source + " is the port of tap service "
                + describe(service, known) + "; a tap service port cannot be mirrored (mirror loop)");
    }

    /**
     * Returns the refusal of a tap flow that selects what another selects.
     *
     * @param f     tap flow
     * @param other the other tap flow's id
     * @return exception
     */
    static TaasException duplicate(TapFlow f, TapFlowId other) {
        return TaasException.conflict("duplicate: tap flow " + other + " already mirrors "
                + f.direction() + " of " + f.sourcePort() + " with VLAN filter "
                + f.vlanFilter().map(Objects::toString).orElse("(none)")
                + " to tap service " + f.tapServiceId());
    }

    /**
     * Checks that a connect point names a physical port of a device.
     *
     * @param field field name for the message
     * @param cp    connect point
     */
    static void checkPort(String field, ConnectPoint cp) {
        if (cp == null) {
            throw TaasException.invalid(field + " is missing");
        }
        if (!(cp.elementId() instanceof DeviceId)) {
            throw TaasException.invalid(field + " " + cp + " is not a device port");
        }
        if (cp.port().isLogical() || cp.port().toLong() <= 0) {
            throw TaasException.invalid(field + " " + cp + ": port " + cp.port()
                    + " is not a physical port number");
        }
    }

    private static void checkText(String field, String value, int max, boolean multiline) {
        if (value.length() > max) {
            throw TaasException.invalid(field + " is too long (" + value.length()
                    + " characters, at most " + max + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\t'))) {
                throw TaasException.invalid(field + " contains a control character (code "
                        + (int) c + ")");
            }
        }
    }

    private static String describe(TapServiceId id, TapService s) {
        return s == null || s.name().isEmpty() ? id.toString() : id + " (" + s.name() + ")";
    }
}

package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.net.AnnotationKeys;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Port;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.edge.EdgePortService;
import org.onosproject.net.topology.TopologyService;
import org.onosproject.taas.api.PortText;
import org.onosproject.taas.api.TaasIds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The device ports ONOS knows, as Neutron ports: each has a stable UUID derived from its
 * connect point (a name-based UUID, the same on every instance and after restarts), and is
 * found by that id, by its connect point ({@code of:0000000000000001/3}), by its name in ONOS
 * (the {@code portName} annotation, e.g. the OVS interface name) or, for the OVS ports
 * OpenStack creates for a VM ({@code tap} or {@code qvo} + the first 11 characters of the
 * Neutron port id), by that Neutron port id.
 */
final class NeutronPorts {

    /** Prefix of the names hashed into port ids. */
    static final String ID_NAMESPACE = "onos-taas:port:";
    /** Interface name prefixes OpenStack gives a VM's port on OVS (hybrid plug: qvo). */
    static final List<String> OPENSTACK_PREFIXES = List.of("tap", "qvo");
    /** Characters of the Neutron port id in such an interface name. */
    static final int OPENSTACK_ID_CHARS = 11;
    /** Highest OpenFlow port number of a physical port (OFPP_MAX); above are reserved ports. */
    static final long MAX_PHYSICAL = 0xFFFFFF00L;
    /** ONOS-specific port attribute: the port's name in ONOS. */
    static final String PORT_NAME = "onos:port_name";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One device port. */
    static final class Entry {
        final ConnectPoint cp;
        final String text;
        final String id;
        final String portName;
        final String mac;
        final boolean enabled;
        final boolean up;
        final boolean edge;

        Entry(ConnectPoint cp, String portName, String mac, boolean enabled, boolean up, boolean edge) {
            this.cp = cp;
            this.text = text(cp);
            this.id = portId(cp);
            this.portName = portName == null ? "" : portName;
            this.mac = mac == null ? "" : mac;
            this.enabled = enabled;
            this.up = up;
            this.edge = edge;
        }

        /**
         * Returns true if this port is the OVS port OpenStack made for the given Neutron port id.
         *
         * @param neutronId Neutron port UUID
         * @return true if the port's name is tap/qvo + the first 11 characters of the id
         */
        boolean isOpenStackPortOf(String neutronId) {
            String head = neutronId.substring(0, OPENSTACK_ID_CHARS).toLowerCase(Locale.ROOT);
            return OPENSTACK_PREFIXES.stream().anyMatch(p -> portName.equalsIgnoreCase(p + head));
        }

        /**
         * Returns true if the text is this port's connect point or its name in ONOS.
         *
         * @param name text
         * @return true if it names this port
         */
        boolean isNamed(String name) {
            return text.equals(name) || (!portName.isEmpty() && portName.equals(name));
        }

        /**
         * Returns the Neutron representation.
         *
         * @return port object
         */
        ObjectNode toJson() {
            ObjectNode json = MAPPER.createObjectNode()
                    .put("id", id)
                    .put("name", text)
                    .put("description", "")
                    .put("network_id", "")
                    .put("tenant_id", "")
                    .put("project_id", "")
                    .put("mac_address", mac)
                    .put("admin_state_up", enabled)
                    .put("status", up ? "ACTIVE" : "DOWN")
                    .put("device_id", cp.deviceId().toString())
                    .put("device_owner", "");
            json.putArray("fixed_ips");
            json.put(PORT_NAME, portName);
            return json;
        }
    }

    private final DeviceService devices;
    private final EdgePortService edgePorts;
    private final TopologyService topology;

    /**
     * Creates the directory over ONOS's services.
     *
     * @param devices   device service
     * @param edgePorts edge port service, or null (then the topology decides)
     * @param topology  topology service, or null (then every port is an edge port)
     */
    NeutronPorts(DeviceService devices, EdgePortService edgePorts, TopologyService topology) {
        this.devices = devices;
        this.edgePorts = edgePorts;
        this.topology = topology;
    }

    /**
     * Returns the stable Neutron id of a port: a name-based UUID of its connect point.
     *
     * @param cp connect point
     * @return UUID text
     */
    static String portId(ConnectPoint cp) {
        return UUID.nameUUIDFromBytes((ID_NAMESPACE + text(cp)).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Returns the text of a connect point as the API writes it, e.g. {@code of:0000000000000001/3}.
     *
     * @param cp connect point
     * @return text
     */
    static String text(ConnectPoint cp) {
        return cp.elementId() + "/" + cp.port().toLong();
    }

    /**
     * Returns every physical port of every device ONOS knows, ordered by device and number.
     *
     * @return ports, with whether each is an edge port
     */
    List<Entry> all() {
        List<Entry> ports = new ArrayList<>();
        if (devices == null) {
            return ports;
        }
        for (Device device : devices.getDevices()) {
            DeviceId deviceId = device.id();
            boolean available = devices.isAvailable(deviceId);
            for (Port port : devices.getPorts(deviceId)) {
                PortNumber number = port.number();
                // LOCAL and the other reserved ports, however the provider numbered them
                if (number == null || number.isLogical() || number.toLong() <= 0
                        || number.toLong() > MAX_PHYSICAL) {
                    continue;
                }
                ConnectPoint cp = new ConnectPoint(deviceId, PortNumber.portNumber(number.toLong()));
                ports.add(new Entry(cp, port.annotations().value(AnnotationKeys.PORT_NAME),
                        port.annotations().value(AnnotationKeys.PORT_MAC), port.isEnabled(),
                        available && port.isEnabled(), isEdge(cp)));
            }
        }
        ports.sort(Comparator.comparing((Entry e) -> e.cp.deviceId().toString())
                .thenComparingLong(e -> e.cp.port().toLong()));
        return ports;
    }

    /**
     * Returns the edge ports: those not on a link between devices, where hosts attach.
     *
     * @return edge ports, ordered by device and number
     */
    List<Entry> edge() {
        return all().stream().filter(e -> e.edge).collect(Collectors.toList());
    }

    private boolean isEdge(ConnectPoint cp) {
        try {
            if (edgePorts != null) {
                return edgePorts.isEdgePoint(cp);
            }
            if (topology != null) {
                return !topology.isInfrastructure(topology.currentTopology(), cp);
            }
        } catch (RuntimeException e) {
            // no topology yet: count the port as an edge port
        }
        return true;
    }

    /**
     * Resolves a port given in a request, as the clients send what /v2.0/ports returned: a
     * port id, a Neutron port id whose OVS port ({@code tap}/{@code qvo} + 11 characters) ONOS
     * knows, a connect point (accepted even if ONOS does not know it yet, as in the native
     * API: the tap stays DOWN until the port appears), or a port name that one port has.
     *
     * @param value     port text
     * @param attribute Neutron attribute name, for messages
     * @param type      Neutron exception name when there is no such port
     * @param what      what the port is, for the message ("Destination Port")
     * @return connect point
     * @throws NeutronError 404 of the given type if no port matches; 400 if a name is ambiguous
     */
    ConnectPoint resolve(String value, String attribute, String type, String what) {
        String v = value.trim();
        List<Entry> known = all();
        if (TaasIds.isUuid(v)) {
            for (Entry e : known) {
                if (e.id.equalsIgnoreCase(v)) {
                    return e.cp;
                }
            }
            List<Entry> vm = known.stream().filter(e -> e.isOpenStackPortOf(v)).collect(Collectors.toList());
            if (vm.size() == 1) {
                return vm.get(0).cp;
            }
            if (vm.size() > 1) {
                throw ambiguous(value, attribute, vm);
            }
            throw notFound(value, type, what);
        }
        try {
            return PortText.parse(v);
        } catch (IllegalArgumentException e) {
            // not a connect point: a port name
        }
        List<Entry> named = known.stream().filter(e -> e.isNamed(v)).collect(Collectors.toList());
        if (named.size() == 1) {
            return named.get(0).cp;
        }
        if (named.size() > 1) {
            throw ambiguous(value, attribute, named);
        }
        throw notFound(value, type, what);
    }

    private static NeutronError notFound(String value, String type, String what) {
        return NeutronError.notFound(type, what + " " + value + " does not exist: give a port id or name from "
                + "/v2.0/ports, or a connect point such as " + PortText.EXAMPLE);
    }

    private static NeutronError ambiguous(String value, String attribute, List<Entry> matches) {
        return NeutronError.badRequest("Invalid input for " + attribute + ". Reason: '" + value
                + "' names several ports (" + matches.stream().map(e -> e.text).collect(Collectors.joining(", "))
                + "); give the port id or the connect point.");
    }
}

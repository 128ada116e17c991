package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.osgi.ServiceNotFoundException;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.edge.EdgePortService;
import org.onosproject.net.topology.TopologyService;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasIds;
import org.onosproject.taas.api.VlanFilter;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Common handling of the Neutron-compatible resources: the request body checks of Neutron's
 * API layer (resource key, unknown, missing, not-allowed and read-only attributes, attribute
 * validators) with Neutron's messages, and the port directory.
 */
public abstract class NeutronWebResource extends TaasWebResource {

    /** Attribute: tenant. */
    static final String TENANT_ID = "tenant_id";
    /** Attribute: project, Neutron's newer name of the tenant. */
    static final String PROJECT_ID = "project_id";
    /** Directions Neutron accepts. */
    static final List<String> DIRECTIONS = List.of("IN", "OUT", "BOTH");

    /** What an attribute's value must be. */
    enum Kind {
        /** A UUID. */
        UUID,
        /** Any string. */
        STRING,
        /** A port: port id, Neutron port id, connect point or port name (a string). */
        PORT,
        /** IN, OUT or BOTH. */
        DIRECTION,
        /** A VLAN filter such as 9,18,27-36, or null. */
        VLAN_FILTER,
        /** Output only. */
        OUTPUT,
        /** An IP address (a string). */
        IP_ADDRESS,
        /** A tap mirror's type: erspanv1 or gre. */
        MIRROR_TYPE,
        /** A tap mirror's directions: {"IN": key, "OUT": key}, one or both. */
        DIRECTION_KEYS
    }

    /** Tap mirror types, as neutron_lib's tap_mirror definition. */
    static final List<String> MIRROR_TYPES = List.of("erspanv1", "gre");

    /** One attribute of a Neutron resource, as in its RESOURCE_ATTRIBUTE_MAP. */
    static final class Attr {
        final String name;
        final boolean post;
        final boolean put;
        final boolean required;
        final Kind kind;

        Attr(String name, boolean post, boolean put, boolean required, Kind kind) {
            this.name = name;
            this.post = post;
            this.put = put;
            this.required = required;
            this.kind = kind;
        }
    }

    /**
     * Returns the port directory over ONOS's device, edge port and topology services
     * (each used if present).
     *
     * @return ports
     */
    protected NeutronPorts ports() {
        return new NeutronPorts(optional(DeviceService.class), optional(EdgePortService.class),
                optional(TopologyService.class));
    }

    private <T> T optional(Class<T> type) {
        try {
            return get(type);
        } catch (ServiceNotFoundException | NullPointerException e) {
            return null;
        }
    }

    /**
     * Reads a request body, answering malformed JSON as Neutron does.
     *
     * @param stream request body
     * @return JSON object
     */
    protected ObjectNode readNeutronBody(InputStream stream) {
        try {
            return readObject(stream);
        } catch (TaasException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("request body is empty")) {
                throw NeutronError.badRequest("Resource body required");
            }
            throw new NeutronError(400, "MalformedRequestBody", "Malformed request body: " + e.getMessage());
        }
    }

    /**
     * Returns the elements of a bulk body {@code {"<collection>": [...]}}, each either
     * {@code {"<resource>": {...}}} or the attributes themselves, or null when the body is
     * not a bulk body.
     *
     * @param body       request body
     * @param resource   resource name, e.g. tap_service
     * @param collection collection name, e.g. tap_services
     * @return bodies of single resources, or null
     */
    static List<ObjectNode> bulk(ObjectNode body, String resource, String collection) {
        JsonNode list = body.get(collection);
        if (list == null) {
            return null;
        }
        if (!list.isArray()) {
            throw NeutronError.badRequest("Body contains invalid data");
        }
        if (list.size() == 0) {
            throw NeutronError.badRequest("Resources required");
        }
        List<ObjectNode> items = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isObject()) {
                throw NeutronError.badRequest("Body contains invalid data");
            }
            if (item.has(resource)) {
                items.add((ObjectNode) item);
            } else {
                ObjectNode wrapped = ((ObjectNode) item).objectNode();
                wrapped.set(resource, item);
                items.add(wrapped);
            }
        }
        return items;
    }

    /**
     * Checks a request body for one resource as Neutron's API layer does, in its order: the
     * resource key, project and tenant agreeing, unknown attributes, then on create the
     * required and the not-allowed attributes, on update the read-only ones, then each
     * attribute's validator.
     *
     * @param body     request body
     * @param resource resource name, e.g. tap_service
     * @param attrs    the resource's attributes, in Neutron's order
     * @param create   true for POST, false for PUT
     * @return the attributes given, tenant_id and project_id merged into tenant_id
     * @throws NeutronError 400 with Neutron's message
     */
    static Map<String, JsonNode> checkBody(ObjectNode body, String resource, List<Attr> attrs, boolean create) {
        JsonNode res = body.get(resource);
        if (res == null || res.isNull()) {
            throw NeutronError.badRequest("Unable to find '" + resource + "' in request body");
        }
        if (!res.isObject()) {
            throw NeutronError.badRequest("Object '" + resource + "' contains invalid data");
        }
        Map<String, JsonNode> given = new LinkedHashMap<>();
        res.fields().forEachRemaining(e -> given.put(e.getKey(), e.getValue()));
        JsonNode tenant = given.get(TENANT_ID);
        JsonNode project = given.remove(PROJECT_ID);
        if (project != null) {
            if (tenant != null && !tenant.equals(project)) {
                throw NeutronError.badRequest("'project_id' and 'tenant_id' do not match");
            }
            given.put(TENANT_ID, project);
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = given.keySet().iterator(); it.hasNext();) {
            String name = it.next();
            if (attrs.stream().noneMatch(a -> a.name.equals(name))) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw NeutronError.badRequest("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
        for (Attr a : attrs) {
            boolean present = given.containsKey(a.name);
            if (create) {
                if (a.post && a.required && !present) {
                    throw NeutronError.badRequest("Failed to parse request. Required attribute '" + a.name
                            + "' not specified");
                }
                if (!a.post && present) {
                    throw NeutronError.badRequest("Attribute '" + a.name + "' not allowed in POST");
                }
            } else if (!a.put && present) {
                throw NeutronError.badRequest("Cannot update read-only attribute " + a.name);
            }
        }
        for (Attr a : attrs) {
            JsonNode value = given.get(a.name);
            if (value != null) {
                String reason = invalid(a.kind, value);
                if (reason != null) {
                    throw NeutronError.badRequest("Invalid input for " + a.name + ". Reason: " + reason + ".");
                }
            }
        }
        return given;
    }

    // Neutron's validator messages: type:string, type:uuid, type:values; the VLAN filter
    // with the native parser's reason
    private static String invalid(Kind kind, JsonNode value) {
        switch (kind) {
            case STRING:
            case PORT:
                return value.isTextual() ? null : "'" + py(value) + "' is not a valid string";
            case UUID:
                return value.isTextual() && TaasIds.isUuid(value.textValue()) ? null
                        : "'" + py(value) + "' is not a valid UUID";
            case DIRECTION:
                return value.isTextual() && DIRECTIONS.contains(value.textValue()) ? null
                        : "'" + py(value) + "' is not in " + NeutronQuery.pyList(DIRECTIONS);
            case VLAN_FILTER:
                if (value.isNull()) {
                    return null;
                }
                if (!value.isTextual()) {
                    return "'" + py(value) + "' is not a valid input";
                }
                try {
                    VlanFilter.parse(value.textValue());
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            case IP_ADDRESS:
                if (!value.isTextual()) {
                    return "'" + py(value) + "' is not a valid IP address";
                }
                try {
                    org.onlab.packet.IpAddress.valueOf(value.textValue());
                    return null;
                } catch (IllegalArgumentException e) {
                    return "'" + value.textValue() + "' is not a valid IP address";
                }
            case MIRROR_TYPE:
                return value.isTextual() && MIRROR_TYPES.contains(value.textValue()) ? null
                        : "'" + py(value) + "' is not in " + NeutronQuery.pyList(MIRROR_TYPES);
            case DIRECTION_KEYS:
                return directionKeys(value);
            case OUTPUT:
            default:
                return null;
        }
    }

    // {"IN": key, "OUT": key}: an object with IN and/or OUT, each a non-negative integer
    private static String directionKeys(JsonNode value) {
        if (!value.isObject() || value.size() == 0) {
            return "'" + py(value) + "' is not a dictionary with IN and/or OUT";
        }
        Iterator<Map.Entry<String, JsonNode>> it = value.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("IN") && !e.getKey().equals("OUT")) {
                return "'" + e.getKey() + "' is not in ['IN', 'OUT']";
            }
            JsonNode k = e.getValue();
            boolean integral = k.isIntegralNumber() && k.canConvertToLong()
                    || k.isTextual() && k.textValue().matches("[0-9]{1,19}");
            if (!integral) {
                return "'" + py(k) + "' is not an integer";
            }
        }
        return null;
    }

    /**
     * Writes a JSON value as Python prints it in Neutron's messages.
     *
     * @param value JSON value
     * @return text
     */
    static String py(JsonNode value) {
        if (value.isNull()) {
            return "None";
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "True" : "False";
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    /**
     * Returns a text attribute given in a request, or the default when absent.
     *
     * @param given attributes
     * @param name  attribute
     * @param def   default
     * @return text
     */
    static String text(Map<String, JsonNode> given, String name, String def) {
        JsonNode v = given.get(name);
        return v == null || v.isNull() ? def : v.textValue();
    }

    /**
     * Applies the filters other than the given ones to representations.
     *
     * @param items   full representations
     * @param filters filters by attribute
     * @return the representations matching every filter
     */
    static List<ObjectNode> filter(List<ObjectNode> items, Map<String, List<String>> filters) {
        return items.stream()
                .filter(o -> filters.entrySet().stream().allMatch(f -> NeutronQuery.matches(o, f.getKey(),
                        f.getValue())))
                .collect(Collectors.toList());
    }
}

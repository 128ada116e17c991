package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The query parameters of Neutron's API, applied to full representations: filters
 * ({@code ?name=a&name=b}: attribute equals one of the values), {@code fields=} (only those
 * attributes), {@code sort_key}/{@code sort_dir} pairs, and pagination ({@code limit},
 * {@code marker}, {@code page_reverse}, with {@code <collection>_links}), with Neutron's
 * messages for bad parameters.
 */
final class NeutronQuery {

    /** Parameters that are not filters. */
    static final Set<String> CONTROL = Set.of("fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ID = "id";

    private final UriInfo uriInfo;
    private final MultivaluedMap<String, String> params;

    /**
     * Reads the query of a request.
     *
     * @param uriInfo request URI information
     */
    NeutronQuery(UriInfo uriInfo) {
        this.uriInfo = uriInfo;
        this.params = uriInfo.getQueryParameters();
    }

    /**
     * Returns the requested fields; empty means all.
     *
     * @return field names
     */
    List<String> fields() {
        return values("fields");
    }

    private List<String> values(String key) {
        List<String> v = params.get(key);
        return v == null ? List.of() : v.stream().filter(s -> s != null && !s.isEmpty()).collect(Collectors.toList());
    }

    /**
     * Returns the filters: every parameter other than fields, sorting and pagination.
     *
     * @param filterable attributes that may be filtered on
     * @return values by attribute, in request order
     * @throws NeutronError 400 naming the attributes that cannot be filtered on
     */
    Map<String, List<String>> filters(Collection<String> filterable) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (CONTROL.contains(e.getKey())) {
                continue;
            }
            if (!filterable.contains(e.getKey())) {
                invalid.add(e.getKey());
                continue;
            }
            filters.put(e.getKey(), e.getValue());
        }
        if (!invalid.isEmpty()) {
            throw NeutronError.badRequest(pyList(invalid) + " is invalid attribute for filtering");
        }
        return filters;
    }

    /**
     * Returns true if an object's attribute equals one of the values: text as is, booleans
     * as {@code true}/{@code false} (any case) or 1/0; a null attribute matches nothing.
     *
     * @param object representation
     * @param key    attribute
     * @param values accepted values
     * @return true if it matches
     */
    static boolean matches(ObjectNode object, String key, List<String> values) {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return false;
        }
        for (String v : values) {
            if (node.isBoolean()) {
                String b = v.trim().toLowerCase(Locale.ROOT);
                if ((node.booleanValue() && (b.equals("true") || b.equals("1")))
                        || (!node.booleanValue() && (b.equals("false") || b.equals("0")))) {
                    return true;
                }
            } else if (node.asText().equals(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sorts and pages a list as Neutron does, and returns the collection body with the
     * requested fields.
     *
     * @param items      full representations that passed the filters, in default order
     * @param collection collection name, e.g. tap_services
     * @param sortable   attributes that may be sort keys
     * @param noMarker   the error when the marker is no known object, given the marker
     * @return {"collection": [...], "collection_links": [...] when paging}
     */
    ObjectNode collection(List<ObjectNode> items, String collection, Collection<String> sortable,
                          Function<String, NeutronError> noMarker) {
        List<ObjectNode> sorted = new ArrayList<>(items);
        Comparator<ObjectNode> order = sortOrder(sortable);
        if (order != null) {
            sorted.sort(order.thenComparing(o -> o.path(ID).asText()));
        }
        int limit = limit();
        List<ObjectNode> page = sorted;
        boolean reverse = "true".equalsIgnoreCase(params.getFirst("page_reverse"));
        String marker = params.getFirst("marker");
        if (limit > 0) {
            int from = 0;
            int to = sorted.size();
            if (marker != null && !marker.isEmpty()) {
                int at = -1;
                for (int i = 0; i < sorted.size(); i++) {
                    if (sorted.get(i).path(ID).asText().equals(marker)) {
                        at = i;
                        break;
                    }
                }
                if (at < 0) {
                    throw noMarker.apply(marker);
                }
                if (reverse) {
                    to = at;
                } else {
                    from = at + 1;
                }
            }
            if (reverse) {
                from = Math.max(from, to - limit);
            } else {
                to = Math.min(to, from + limit);
            }
            page = sorted.subList(from, to);
        }
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray(collection);
        List<String> fields = fields();
        page.forEach(o -> array.add(project(o, fields)));
        if (limit > 0) {
            ArrayNode links = MAPPER.createArrayNode();
            if (!(page.size() < limit && !reverse)) {
                links.addObject().put("rel", "next").put("href", link(page.isEmpty() ? null
                        : page.get(page.size() - 1).path(ID).asText(), false));
            }
            if (!(page.size() < limit && reverse)) {
                links.addObject().put("rel", "previous").put("href", link(page.isEmpty() ? null
                        : page.get(0).path(ID).asText(), true));
            }
            if (links.size() > 0) {
                root.set(collection + "_links", links);
            }
        }
        return root;
    }

    private String link(String marker, boolean previous) {
        UriBuilder b = uriInfo.getRequestUriBuilder().replaceQueryParam("marker").replaceQueryParam("page_reverse");
        if (marker != null) {
            b.queryParam("marker", marker);
        }
        if (previous) {
            b.queryParam("page_reverse", "True");
        }
        return b.build().toString();
    }

    private int limit() {
        String text = params.getFirst("limit");
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new NeutronError(400, "BadRequest", "Bad limit request: Limit must be an integer 0 or greater and not '"
                + text + "'.");
    }

    private Comparator<ObjectNode> sortOrder(Collection<String> sortable) {
        List<String> keys = values("sort_key");
        List<String> dirs = values("sort_dir");
        if (keys.isEmpty() && dirs.isEmpty()) {
            return null;
        }
        if (keys.size() != dirs.size()) {
            throw NeutronError.badRequest("The number of sort_keys and sort_dirs must be same");
        }
        List<String> absent = keys.stream().filter(k -> !sortable.contains(k)).collect(Collectors.toList());
        if (!absent.isEmpty()) {
            throw NeutronError.badRequest(pyList(absent) + " is invalid attribute for sort_keys");
        }
        List<String> badDirs = dirs.stream().filter(d -> !d.equals("asc") && !d.equals("desc"))
                .collect(Collectors.toList());
        if (!badDirs.isEmpty()) {
            throw NeutronError.badRequest(pyList(badDirs)
                    + " is invalid value for sort_dirs, valid value is 'asc' and 'desc'");
        }
        Comparator<ObjectNode> order = null;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            Comparator<ObjectNode> c = Comparator.comparing(o -> o.path(key).isNull() ? "" : o.path(key).asText());
            if (dirs.get(i).equals("desc")) {
                c = c.reversed();
            }
            order = order == null ? c : order.thenComparing(c);
        }
        return order;
    }

    /**
     * Keeps only the requested fields of an object (all when none are requested); unknown
     * field names are ignored, as Neutron does.
     *
     * @param object full representation
     * @param fields requested fields
     * @return the object or a copy with those fields
     */
    static ObjectNode project(ObjectNode object, List<String> fields) {
        if (fields.isEmpty()) {
            return object;
        }
        ObjectNode out = MAPPER.createObjectNode();
        object.fields().forEachRemaining(e -> {
            if (fields.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /**
     * Writes names as Python writes a list of strings, as Neutron's messages show them.
     *
     * @param names names
     * @return e.g. ['foo', 'bar']
     */
    static String pyList(List<String> names) {
        return names.stream().map(n -> "'" + n.replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}

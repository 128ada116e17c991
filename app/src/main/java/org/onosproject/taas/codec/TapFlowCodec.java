package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.VlanFilter;

import java.util.Set;

import static org.onosproject.taas.codec.TaasJson.checkFields;
import static org.onosproject.taas.codec.TaasJson.connectPoint;
import static org.onosproject.taas.codec.TaasJson.optionalText;
import static org.onosproject.taas.codec.TaasJson.quote;
import static org.onosproject.taas.codec.TaasJson.requiredText;
import static org.onosproject.taas.codec.TaasJson.uuid;

/**
 * JSON codec of {@link TapFlow}:
 * {@code {"id","name","description","tenant","tapServiceId","sourcePort","direction",
 * "vlanFilter":"9,18,27-36","status","reason"}}; vlanFilter is left out when the flow mirrors
 * every frame; "path" (remote copies) and "stats" ({@link TapStatsCodec}, written when the
 * application's TaasStatsService is there) are output only. Decoding is strict: unknown
 * fields, wrong types, a missing tapServiceId, sourcePort or direction, a malformed connect
 * point, direction or VLAN filter are refused with a {@link TaasException} of kind INVALID
 * naming the field. The id is optional (a random
 * one is generated); an absent or null vlanFilter means no filter; status, reason, path and
 * stats are output-only and ignored on input.
 */
public final class TapFlowCodec extends JsonCodec<TapFlow> {

    /** Field: tap flow id (UUID). */
    public static final String ID = "id";
    /** Field: name. */
    public static final String NAME = "name";
    /** Field: description. */
    public static final String DESCRIPTION = "description";
    /** Field: tenant. */
    public static final String TENANT = "tenant";
    /** Field: id of the tap service that receives the copies. */
    public static final String TAP_SERVICE_ID = "tapServiceId";
    /** Field: mirrored connect point. */
    public static final String SOURCE_PORT = "sourcePort";
    /** Field: IN, OUT or BOTH. */
    public static final String DIRECTION = "direction";
    /** Field: VLAN filter in TaaS syntax. */
    public static final String VLAN_FILTER = "vlanFilter";
    /** Field: operational state (output only). */
    public static final String STATUS = "status";
    /** Field: reason of the state (output only). */
    public static final String REASON = "reason";
    /** Field: hops a remote copy takes to its tap port (output only). */
    public static final String PATH = "path";

    private static final String WHAT = "tap flow";
    private static final int ASCII_END = 0x80;
    private static final Set<String> FIELDS = TaasJson.fields(ID, NAME, DESCRIPTION, TENANT,
            TAP_SERVICE_ID, SOURCE_PORT, DIRECTION, VLAN_FILTER, STATUS, REASON, PATH, TapStatsCodec.STATS);

    @Override
    public ObjectNode encode(TapFlow f, CodecContext context) {
        if (f == null) {
            throw new IllegalArgumentException("tap flow cannot be null");
        }
        ObjectNode json = context.mapper().createObjectNode()
                .put(ID, f.id().toString())
                .put(NAME, f.name())
                .put(DESCRIPTION, f.description())
                .put(TENANT, f.tenant())
                .put(TAP_SERVICE_ID, f.tapServiceId().toString())
                .put(SOURCE_PORT, f.sourcePort().toString())
                .put(DIRECTION, f.direction().name());
        f.vlanFilter().ifPresent(v -> json.put(VLAN_FILTER, v.format()));
        json.put(STATUS, f.status().state().name()).put(REASON, f.status().reason());
        if (!f.status().path().isEmpty()) {
            ArrayNode path = json.putArray(PATH);
            f.status().path().forEach(cp -> path.add(cp.toString()));
        }
        TapStatsCodec.addStats(json, context, stats -> stats.tapFlowStats(f.id()), true);
        return json;
    }

    @Override
    public TapFlow decode(ObjectNode json, CodecContext context) {
        if (json == null) {
            throw TaasException.invalid("tap flow: missing; expected a JSON object");
        }
        checkFields(json, FIELDS, WHAT);
        // output-only fields: type-checked, then ignored
        optionalText(json, STATUS);
        optionalText(json, REASON);
        TapStatsCodec.ignoreOnInput(json);
        if (json.has(PATH) && !json.get(PATH).isNull() && !json.get(PATH).isArray()) {
            throw TaasException.invalid(PATH + ": expected an array of connect points (output only), got "
                    + TaasJson.typeOf(json.get(PATH)));
        }

        String id = optionalText(json, ID);
        TapFlowId flowId = id == null ? TapFlowId.random() : TapFlowId.of(uuid(id, ID));
        TapServiceId serviceId = TapServiceId.of(uuid(requiredText(json, TAP_SERVICE_ID, WHAT),
                TAP_SERVICE_ID));
        String directionText = requiredText(json, DIRECTION, WHAT);
        Direction direction;
        try {
            if (!directionText.chars().allMatch(c -> c < ASCII_END)) {
                throw new IllegalArgumentException("not ASCII");
            }
            direction = Direction.parse(directionText);
        } catch (IllegalArgumentException e) {
            throw TaasException.invalid(DIRECTION + ": invalid direction " + quote(directionText)
                    + "; expected IN, OUT or BOTH");
        }
        String filterText = optionalText(json, VLAN_FILTER);
        VlanFilter filter = null;
        if (filterText != null) {
            try {
                filter = VlanFilter.parse(filterText);
            } catch (IllegalArgumentException e) {
                throw TaasException.invalid(VLAN_FILTER + ": " + e.getMessage());
            }
        }
        return TapFlow.builder()
                .id(flowId)
                .name(optionalText(json, NAME))
                .description(optionalText(json, DESCRIPTION))
                .tenant(optionalText(json, TENANT))
                .tapServiceId(serviceId)
                .sourcePort(connectPoint(requiredText(json, SOURCE_PORT, WHAT), SOURCE_PORT))
                .direction(direction)
                .vlanFilter(filter)
                .build();
    }
}

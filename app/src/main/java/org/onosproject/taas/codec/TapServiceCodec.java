package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;

import java.util.Set;

import static org.onosproject.taas.codec.TaasJson.checkFields;
import static org.onosproject.taas.codec.TaasJson.connectPoint;
import static org.onosproject.taas.codec.TaasJson.optionalText;
import static org.onosproject.taas.codec.TaasJson.requiredText;
import static org.onosproject.taas.codec.TaasJson.uuid;

/**
 * JSON codec of {@link TapService}:
 * {@code {"id","name","description","tenant","port":"of:0000000000000001/3","status","reason"}}.
 * Decoding is strict: unknown fields, wrong types and a missing or malformed port are
 * refused with a {@link TaasException} of kind INVALID naming the field. The id is optional
 * (a random one is generated); status, reason, transportVlan and stats ({@link TapStatsCodec},
 * written when the application's TaasStatsService is there) are output-only and ignored on
 * input.
 */
public final class TapServiceCodec extends JsonCodec<TapService> {

    /** Field: tap service id (UUID). */
    public static final String ID = "id";
    /** Field: name. */
    public static final String NAME = "name";
    /** Field: description. */
    public static final String DESCRIPTION = "description";
    /** Field: tenant. */
    public static final String TENANT = "tenant";
    /** Field: destination connect point. */
    public static final String PORT = "port";
    /** Field: operational state (output only). */
    public static final String STATUS = "status";
    /** Field: reason of the state (output only). */
    public static final String REASON = "reason";
    /** Field: VLAN id carrying copies from other switches (output only). */
    public static final String TRANSPORT_VLAN = "transportVlan";

    private static final String WHAT = "tap service";
    private static final Set<String> FIELDS =
            TaasJson.fields(ID, NAME, DESCRIPTION, TENANT, PORT, STATUS, REASON, TRANSPORT_VLAN,
                    TapStatsCodec.STATS);

    @Override
    public ObjectNode encode(TapService s, CodecContext context) {
        if (s == null) {
            throw new IllegalArgumentException("tap service cannot be null");
        }
        ObjectNode json = context.mapper().createObjectNode()
                .put(ID, s.id().toString())
                .put(NAME, s.name())
                .put(DESCRIPTION, s.description())
                .put(TENANT, s.tenant())
                .put(PORT, s.port().toString())
                .put(STATUS, s.status().state().name())
                .put(REASON, s.status().reason());
        s.transportVlan().ifPresent(v -> json.put(TRANSPORT_VLAN, v));
        TapStatsCodec.addStats(json, context, stats -> stats.tapServiceStats(s.id()), false);
        return json;
    }

    @Override
    public TapService decode(ObjectNode json, CodecContext context) {
        if (json == null) {
            throw TaasException.invalid("tap service: missing; expected a JSON object");
        }
        checkFields(json, FIELDS, WHAT);
        // output-only fields: type-checked, then ignored
        optionalText(json, STATUS);
        optionalText(json, REASON);
        TapStatsCodec.ignoreOnInput(json);
        if (json.has(TRANSPORT_VLAN) && !json.get(TRANSPORT_VLAN).isNull() && !json.get(TRANSPORT_VLAN).isInt()) {
            throw TaasException.invalid(TRANSPORT_VLAN + ": expected a number (output only), got "
                    + TaasJson.typeOf(json.get(TRANSPORT_VLAN)));
        }

        String id = optionalText(json, ID);
        TapServiceId serviceId = id == null ? TapServiceId.random() : TapServiceId.of(uuid(id, ID));
        return TapService.builder()
                .id(serviceId)
                .name(optionalText(json, NAME))
                .description(optionalText(json, DESCRIPTION))
                .tenant(optionalText(json, TENANT))
                .port(connectPoint(requiredText(json, PORT, WHAT), PORT))
                .build();
    }
}

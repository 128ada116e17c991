package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.IpAddress;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapTunnel;

import java.util.Set;

import static org.onosproject.taas.codec.TaasJson.checkFields;
import static org.onosproject.taas.codec.TaasJson.connectPoint;
import static org.onosproject.taas.codec.TaasJson.optionalText;
import static org.onosproject.taas.codec.TaasJson.requiredText;
import static org.onosproject.taas.codec.TaasJson.uuid;

/**
 * JSON codec of {@link TapService}:
 * {@code {"id","name","description","tenant","port":"of:0000000000000001/3","status","reason"}},
 * or instead of {@code port} a {@code "tunnel":{"type":"gre|erspan","remoteIp":"192.0.2.9","inKey":101,
 * "outKey":102}}.
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
    /** Field: tunnel to a remote collector, instead of a port. */
    public static final String TUNNEL = "tunnel";
    /** Field of the tunnel: {@code gre} or {@code erspan}. */
    public static final String TUNNEL_TYPE = "type";
    /** Field of the tunnel: the collector's IPv4 address. */
    public static final String REMOTE_IP = "remoteIp";
    /** Field of the tunnel: key (GRE key, ERSPAN session id) of IN copies. */
    public static final String IN_KEY = "inKey";
    /** Field of the tunnel: key of OUT copies. */
    public static final String OUT_KEY = "outKey";
    /** Field: VLAN id carrying copies from other switches (output only). */
    public static final String TRANSPORT_VLAN = "transportVlan";

    private static final String WHAT = "tap service";
    private static final Set<String> FIELDS =
            TaasJson.fields(ID, NAME, DESCRIPTION, TENANT, PORT, TUNNEL, STATUS, REASON, TRANSPORT_VLAN,
                    TapStatsCodec.STATS);
    private static final Set<String> TUNNEL_FIELDS = TaasJson.fields(TUNNEL_TYPE, REMOTE_IP, IN_KEY, OUT_KEY);

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
                .put(STATUS, s.status().state().name())
                .put(REASON, s.status().reason());
        if (s.isTunnel()) {
            TapTunnel t = s.tunnel().get();
            json.putObject(TUNNEL).put(TUNNEL_TYPE, t.type().text()).put(REMOTE_IP, t.remoteIp().toString())
                    .put(IN_KEY, t.inKey()).put(OUT_KEY, t.outKey());
        } else {
            json.put(PORT, s.port().toString());
        }
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
        TapService.Builder b = TapService.builder()
                .id(serviceId)
                .name(optionalText(json, NAME))
                .description(optionalText(json, DESCRIPTION))
                .tenant(optionalText(json, TENANT));
        JsonNode tunnel = json.get(TUNNEL);
        if (tunnel != null && !tunnel.isNull()) {
            if (optionalText(json, PORT) != null) {
                throw TaasException.invalid(PORT + " and " + TUNNEL + ": a tap service sends its copies to a port"
                        + " or through a tunnel, not both");
            }
            return b.tunnel(tunnel(tunnel)).build();
        }
        if (optionalText(json, PORT) == null) {
            throw TaasException.invalid(PORT + ": missing; a tap service needs a port (or a " + TUNNEL + ")");
        }
        return b.port(connectPoint(requiredText(json, PORT, WHAT), PORT)).build();
    }

    // {"type":"gre|erspan","remoteIp":"192.0.2.9","inKey":101,"outKey":102}, every field required
    private static TapTunnel tunnel(JsonNode node) {
        if (!node.isObject()) {
            throw TaasException.invalid(TUNNEL + ": expected an object {\"" + TUNNEL_TYPE + "\",\"" + REMOTE_IP
                    + "\",\"" + IN_KEY + "\",\"" + OUT_KEY + "\"}, got " + TaasJson.typeOf(node));
        }
        ObjectNode json = (ObjectNode) node;
        checkFields(json, TUNNEL_FIELDS, TUNNEL);
        TapTunnel.Type type;
        IpAddress ip;
        try {
            type = TapTunnel.Type.parse(requiredText(json, TUNNEL_TYPE, TUNNEL));
        } catch (IllegalArgumentException e) {
            throw TaasException.invalid(TUNNEL + "." + TUNNEL_TYPE + ": " + e.getMessage());
        }
        try {
            ip = TapTunnel.parseIp(requiredText(json, REMOTE_IP, TUNNEL));
        } catch (IllegalArgumentException e) {
            throw TaasException.invalid(TUNNEL + "." + REMOTE_IP + ": " + e.getMessage());
        }
        return TapTunnel.builder().type(type).remoteIp(ip)
                .inKey(key(json, IN_KEY)).outKey(key(json, OUT_KEY)).build();
    }

    private static long key(ObjectNode json, String field) {
        JsonNode k = json.get(field);
        if (k == null || k.isNull()) {
            throw TaasException.invalid(TUNNEL + "." + field + ": missing; a " + TUNNEL
                    + " needs a key per direction (GRE key or ERSPAN session id)");
        }
        if (!k.isIntegralNumber() || !k.canConvertToLong()) {
            throw TaasException.invalid(TUNNEL + "." + field + ": expected a whole number, got "
                    + TaasJson.typeOf(k));
        }
        return k.longValue();
    }
}

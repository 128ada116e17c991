package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapStats;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON of {@link TapStats}, the {@code "stats"} object of tap services and tap flows:
 * {@code {"packets": N, "bytes": N, "packetsPerSecond": x, "bitsPerSecond": x,
 * "sampled": "2026-11-29T17:15:00.123Z", "sharedWith": [ids]}}. Rates are null until two
 * samples exist, sampled is null until the counters were sampled; sharedWith is written for
 * tap flows only. Output only: the tap codecs accept and ignore it on input; {@link #decode}
 * reads it back for clients of the REST API.
 */
public final class TapStatsCodec extends JsonCodec<TapStats> {

    /** Field of tap services and tap flows that holds the statistics (output only). */
    public static final String STATS = "stats";
    /** Field: packets copied. */
    public static final String PACKETS = "packets";
    /** Field: bytes copied. */
    public static final String BYTES = "bytes";
    /** Field: packet rate over the last two samples. */
    public static final String PACKETS_PER_SECOND = "packetsPerSecond";
    /** Field: bit rate over the last two samples. */
    public static final String BITS_PER_SECOND = "bitsPerSecond";
    /** Field: time of the sample, ISO-8601. */
    public static final String SAMPLED = "sampled";
    /** Field: other tap flows a tap flow's figure includes. */
    public static final String SHARED_WITH = "sharedWith";

    private final boolean withSharedWith;

    /**
     * Creates the codec of a tap flow's statistics (with sharedWith).
     */
    public TapStatsCodec() {
        this(true);
    }

    /**
     * Creates the codec.
     *
     * @param withSharedWith true to write sharedWith (tap flows), false for tap services
     */
    public TapStatsCodec(boolean withSharedWith) {
        this.withSharedWith = withSharedWith;
    }

    @Override
    public ObjectNode encode(TapStats s, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode()
                .put(PACKETS, s.packets())
                .put(BYTES, s.bytes());
        putRate(json, PACKETS_PER_SECOND, s.packetsPerSecond().orElse(null));
        putRate(json, BITS_PER_SECOND, s.bitsPerSecond().orElse(null));
        if (s.sampled().isPresent()) {
            json.put(SAMPLED, s.sampled().get().toString());
        } else {
            json.putNull(SAMPLED);
        }
        if (withSharedWith) {
            ArrayNode shared = json.putArray(SHARED_WITH);
            s.sharedWith().forEach(id -> shared.add(id.toString()));
        }
        return json;
    }

    private static void putRate(ObjectNode json, String field, Double rate) {
        if (rate == null) {
            json.putNull(field);
        } else {
            // three decimals are plenty for packets and bits per second
            json.put(field, Math.round(rate * 1000) / 1000.0);
        }
    }

    /**
     * Reads statistics as {@link #encode} writes them (for clients; the application ignores
     * them on input).
     *
     * @param json    statistics object
     * @param context unused
     * @return statistics
     * @throws TaasException if a field is malformed
     */
    @Override
    public TapStats decode(ObjectNode json, CodecContext context) {
        try {
            Double pps = json.hasNonNull(PACKETS_PER_SECOND) ? json.get(PACKETS_PER_SECOND).asDouble() : null;
            Double bps = json.hasNonNull(BITS_PER_SECOND) ? json.get(BITS_PER_SECOND).asDouble() : null;
            Instant sampled = json.hasNonNull(SAMPLED) ? Instant.parse(json.get(SAMPLED).asText()) : null;
            List<TapFlowId> shared = new ArrayList<>();
            for (JsonNode id : json.path(SHARED_WITH)) {
                shared.add(TapFlowId.of(id.asText()));
            }
            return TapStats.of(json.path(PACKETS).asLong(), json.path(BYTES).asLong(), pps, bps, sampled, shared);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw TaasException.invalid(STATS + ": " + e.getMessage());
        }
    }

    /**
     * Adds the statistics of a tap service or tap flow to its JSON, from the
     * {@link TaasStatsService} of the context; adds nothing when there is none (the
     * application's statistics component is not running).
     *
     * @param json     object to add to
     * @param context  codec context
     * @param stats    reads the statistics from the service
     * @param isFlow   true for a tap flow (sharedWith is written)
     */
    static void addStats(ObjectNode json, CodecContext context,
                         java.util.function.Function<TaasStatsService, TapStats> stats, boolean isFlow) {
        TaasStatsService service;
        try {
            service = context.getService(TaasStatsService.class);
        } catch (RuntimeException e) {
            // ServiceNotFoundException outside a running application, or no services at all
            return;
        }
        if (service != null) {
            json.set(STATS, new TapStatsCodec(isFlow).encode(stats.apply(service), context));
        }
    }

    /**
     * Accepts an output-only stats field on input: an object or null, then ignored.
     *
     * @param json object being decoded
     */
    static void ignoreOnInput(ObjectNode json) {
        JsonNode stats = json.get(STATS);
        if (stats != null && !stats.isNull() && !stats.isObject()) {
            throw TaasException.invalid(STATS + ": expected an object (output only), got " + TaasJson.typeOf(stats));
        }
    }
}

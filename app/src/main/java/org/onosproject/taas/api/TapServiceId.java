package org.onosproject.taas.api;

import org.onlab.util.Identifier;

import java.util.UUID;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Unique identifier of a tap service.
 */
public final class TapServiceId extends Identifier<UUID> {

    // for serialization
    private TapServiceId() {
        super();
    }

    private TapServiceId(UUID uuid) {
        super(checkNotNull(uuid, "tap service id cannot be null"));
    }

    /**
     * Returns a tap service id for the given UUID.
     *
     * @param uuid UUID
     * @return tap service id
     */
    public static TapServiceId of(UUID uuid) {
        return new TapServiceId(uuid);
    }

    /**
     * Parses a tap service id from its string form.
     *
     * @param text UUID text
     * @return tap service id
     * @throws IllegalArgumentException if the text is not a UUID
     */
    public static TapServiceId of(String text) {
        return new TapServiceId(TaasIds.parseUuid(text, "tap service id"));
    }

    /**
     * Returns a new random tap service id.
     *
     * @return tap service id
     */
    public static TapServiceId random() {
        return new TapServiceId(UUID.randomUUID());
    }
}

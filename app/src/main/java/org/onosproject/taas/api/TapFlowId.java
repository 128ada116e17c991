package org.onosproject.taas.api;

import org.onlab.util.Identifier;

import java.util.UUID;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Unique identifier of a tap flow.
 */
public final class TapFlowId extends Identifier<UUID> {

    // for serialization
    private TapFlowId() {
        super();
    }

    private TapFlowId(UUID uuid) {
        super(checkNotNull(uuid, "tap flow id cannot be null"));
    }

    /**
     * Returns a tap flow id for the given UUID.
     *
     * @param uuid UUID
     * @return tap flow id
     */
    public static TapFlowId of(UUID uuid) {
        return new TapFlowId(uuid);
    }

    /**
     * Parses a tap flow id from its string form.
     *
     * @param text UUID text
     * @return tap flow id
     * @throws IllegalArgumentException if the text is not a UUID
     */
    public static TapFlowId of(String text) {
        return new TapFlowId(TaasIds.parseUuid(text, "tap flow id"));
    }

    /**
     * Returns a new random tap flow id.
     *
     * @return tap flow id
     */
    public static TapFlowId random() {
        return new TapFlowId(UUID.randomUUID());
    }
}

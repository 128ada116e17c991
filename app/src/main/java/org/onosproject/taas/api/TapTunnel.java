package org.onosproject.taas.api;

import com.google.common.base.MoreObjects;
import org.onlab.packet.IpAddress;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The destination of a tunnel tap service: copies leave the source's own switch encapsulated
 * in GRE or ERSPAN (type II) towards a remote collector, with one key per direction (the GRE
 * key or the ERSPAN session id, OpenStack TaaS's {@code directions}), so the collector can
 * tell IN copies from OUT copies. Immutable; use {@link #builder()}.
 */
public final class TapTunnel {

    /**
     * Encapsulation of the copies.
     */
    public enum Type {
        /** GRE with a 32-bit key (transparent Ethernet bridging). */
        GRE(0xFFFFFFFFL),
        /** ERSPAN type II (OpenStack TaaS's erspanv1): the key is the 10-bit session id. */
        ERSPAN(1023);

        private final long maxKey;

        Type(long maxKey) {
            this.maxKey = maxKey;
        }

        /**
         * Returns the largest key this encapsulation carries.
         *
         * @return largest key (keys start at 0)
         */
        public long maxKey() {
            return maxKey;
        }

        /**
         * Returns the name users type: {@code gre} or {@code erspan}.
         *
         * @return lower-case name
         */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses a tunnel type, ignoring case.
         *
         * @param text {@code gre} or {@code erspan}
         * @return type
         * @throws IllegalArgumentException if the text is neither
         */
        public static Type parse(String text) {
            if (text != null) {
                String t = text.trim().toUpperCase(Locale.ROOT);
                for (Type type : values()) {
                    if (type.name().equals(t)) {
                        return type;
                    }
                }
            }
            throw new IllegalArgumentException("invalid tunnel type '" + text + "': expected one of "
                    + Arrays.toString(Arrays.stream(values()).map(Type::text).toArray()));
        }
    }

    /**
     * Parses a remote IP address as users type it.
     *
     * @param text address text
     * @return IP address
     * @throws IllegalArgumentException naming the text if it is not an IP address
     */
    public static IpAddress parseIp(String text) {
        try {
            return IpAddress.valueOf(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid IP address '" + text + "'");
        }
    }

    private final Type type;
    private final IpAddress remoteIp;
    private final long inKey;
    private final long outKey;

    private TapTunnel(Builder b) {
        this.type = checkNotNull(b.type, "tunnel type cannot be null");
        this.remoteIp = checkNotNull(b.remoteIp, "tunnel remote IP cannot be null");
        this.inKey = b.inKey;
        this.outKey = b.outKey;
    }

    /**
     * Returns the encapsulation.
     *
     * @return GRE or ERSPAN
     */
    public Type type() {
        return type;
    }

    /**
     * Returns the collector's address, the outer destination of every copy.
     *
     * @return remote IP
     */
    public IpAddress remoteIp() {
        return remoteIp;
    }

    /**
     * Returns the key of IN copies (frames to the host on the source port).
     *
     * @return GRE key or ERSPAN session id
     */
    public long inKey() {
        return inKey;
    }

    /**
     * Returns the key of OUT copies (frames from the host on the source port).
     *
     * @return GRE key or ERSPAN session id
     */
    public long outKey() {
        return outKey;
    }

    /**
     * Returns the key of one side's copies.
     *
     * @param side {@link Direction#IN} or {@link Direction#OUT}
     * @return key
     * @throws IllegalArgumentException for BOTH
     */
    public long key(Direction side) {
        switch (side) {
            case IN:
                return inKey;
            case OUT:
                return outKey;
            default:
                throw new IllegalArgumentException("a copy is either IN or OUT, not " + side);
        }
    }

    /**
     * Returns the tunnel as users read it, e.g. {@code erspan 192.0.2.9 in-key 101 out-key 102}.
     *
     * @return text
     */
    public String format() {
        return type.text() + " " + remoteIp + " in-key " + inKey + " out-key " + outKey;
    }

    /**
     * Returns a new builder.
     *
     * @return builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TapTunnel)) {
            return false;
        }
        TapTunnel that = (TapTunnel) o;
        return type == that.type && remoteIp.equals(that.remoteIp) && inKey == that.inKey
                && outKey == that.outKey;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, remoteIp, inKey, outKey);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("type", type).add("remoteIp", remoteIp)
                .add("inKey", inKey).add("outKey", outKey).toString();
    }

    /**
     * Builder of tunnels.
     */
    public static final class Builder {
        private Type type;
        private IpAddress remoteIp;
        private long inKey;
        private long outKey;

        private Builder() {
        }

        /**
         * Sets the encapsulation.
         *
         * @param type GRE or ERSPAN
         * @return this builder
         */
        public Builder type(Type type) {
            this.type = type;
            return this;
        }

        /**
         * Sets the collector's address.
         *
         * @param ip remote IP
         * @return this builder
         */
        public Builder remoteIp(IpAddress ip) {
            this.remoteIp = ip;
            return this;
        }

        /**
         * Sets the key of IN copies.
         *
         * @param key GRE key or ERSPAN session id
         * @return this builder
         */
        public Builder inKey(long key) {
            this.inKey = key;
            return this;
        }

        /**
         * Sets the key of OUT copies.
         *
         * @param key GRE key or ERSPAN session id
         * @return this builder
         */
        public Builder outKey(long key) {
            this.outKey = key;
            return this;
        }

        /**
         * Builds the tunnel (the ranges are checked where taps are validated).
         *
         * @return tunnel
         * @throws NullPointerException if type or remote IP is missing
         */
        public TapTunnel build() {
            return new TapTunnel(this);
        }
    }
}

package org.onosproject.taas.api;

import com.google.common.base.MoreObjects;
import org.onosproject.net.ConnectPoint;

import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A tap service: where mirrored copies go. Either a port, where an analyzer listens, or a
 * tunnel ({@link TapTunnel}: GRE or ERSPAN to a remote collector, sent from each source's own
 * switch). Immutable; use {@link #builder()} or {@link #toBuilder()}.
 */
public final class TapService {

    private final TapServiceId id;
    private final String name;
    private final String description;
    private final String tenant;
    private final ConnectPoint port;
    private final TapStatus status;
    private final Integer transportVlan;
    private final TapTunnel tunnel;

    private TapService(Builder b) {
        this.id = checkNotNull(b.id, "tap service id cannot be null");
        this.name = b.name == null ? "" : b.name;
        this.description = b.description == null ? "" : b.description;
        this.tenant = b.tenant == null ? "" : b.tenant;
        this.tunnel = b.tunnel;
        checkArgument(b.port != null || b.tunnel != null, "tap service needs a port or a tunnel");
        checkArgument(b.port == null || b.tunnel == null, "tap service has a port or a tunnel, not both");
        this.port = b.port;
        this.status = b.status == null ? TapStatus.CREATED : b.status;
        this.transportVlan = b.transportVlan;
    }

    /**
     * Returns the VLAN id that carries this service's copies from other switches, allocated
     * from the transport pool when the first remote tap flow is created.
     *
     * @return VLAN id, or empty when none is allocated
     */
    public Optional<Integer> transportVlan() {
        return Optional.ofNullable(transportVlan);
    }

    /**
     * Returns the id.
     *
     * @return id
     */
    public TapServiceId id() {
        return id;
    }

    /**
     * Returns the name (free text, may be empty).
     *
     * @return name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the description (may be empty).
     *
     * @return description
     */
    public String description() {
        return description;
    }

    /**
     * Returns the tenant (free text, may be empty).
     *
     * @return tenant
     */
    public String tenant() {
        return tenant;
    }

    /**
     * Returns the port that receives mirrored copies.
     *
     * @return destination connect point, or null for a tunnel tap service
     */
    public ConnectPoint port() {
        return port;
    }

    /**
     * Returns the tunnel copies are sent through, for a tunnel tap service.
     *
     * @return tunnel, or empty for a port tap service
     */
    public Optional<TapTunnel> tunnel() {
        return Optional.ofNullable(tunnel);
    }

    /**
     * Tells whether copies go through a tunnel rather than to a port.
     *
     * @return true for a tunnel tap service
     */
    public boolean isTunnel() {
        return tunnel != null;
    }

    /**
     * Returns the destination as users read it: the port, or {@code erspan 192.0.2.9 in-key
     * 101 out-key 102}.
     *
     * @return destination text
     */
    public String destination() {
        return tunnel != null ? tunnel.format() : port.toString();
    }

    /**
     * Returns the operational status.
     *
     * @return status
     */
    public TapStatus status() {
        return status;
    }

    /**
     * Returns a copy with another status.
     *
     * @param newStatus status
     * @return tap service
     */
    public TapService withStatus(TapStatus newStatus) {
        return toBuilder().status(newStatus).build();
    }

    /**
     * Returns a builder initialised with this tap service.
     *
     * @return builder
     */
    public Builder toBuilder() {
        return new Builder().id(id).name(name).description(description).tenant(tenant)
                .port(port).tunnel(tunnel).status(status).transportVlan(transportVlan);
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
        if (!(o instanceof TapService)) {
            return false;
        }
        TapService that = (TapService) o;
        return id.equals(that.id) && name.equals(that.name) && description.equals(that.description)
                && tenant.equals(that.tenant) && Objects.equals(port, that.port)
                && Objects.equals(tunnel, that.tunnel) && status.equals(that.status)
                && Objects.equals(transportVlan, that.transportVlan);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, description, tenant, port, tunnel, status, transportVlan);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("id", id).add("name", name)
                .add("port", port).add("tunnel", tunnel).add("tenant", tenant).add("status", status)
                .add("transportVlan", transportVlan).toString();
    }

    /**
     * Builder of tap services.
     */
    public static final class Builder {
        private TapServiceId id;
        private String name;
        private String description;
        private String tenant;
        private ConnectPoint port;
        private TapStatus status;
        private Integer transportVlan;
        private TapTunnel tunnel;

        private Builder() {
        }

        /**
         * Sets the tunnel (instead of a port).
         *
         * @param tunnel tunnel or null
         * @return this builder
         */
        public Builder tunnel(TapTunnel tunnel) {
            this.tunnel = tunnel;
            return this;
        }

        /**
         * Sets the transport VLAN id.
         *
         * @param vlan VLAN id or null
         * @return this builder
         */
        public Builder transportVlan(Integer vlan) {
            this.transportVlan = vlan;
            return this;
        }

        /**
         * Sets the id.
         *
         * @param id id
         * @return this builder
         */
        public Builder id(TapServiceId id) {
            this.id = id;
            return this;
        }

        /**
         * Sets the name.
         *
         * @param name name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the description.
         *
         * @param description description
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Sets the tenant.
         *
         * @param tenant tenant
         * @return this builder
         */
        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /**
         * Sets the destination port.
         *
         * @param port connect point
         * @return this builder
         */
        public Builder port(ConnectPoint port) {
            this.port = port;
            return this;
        }

        /**
         * Sets the status.
         *
         * @param status status
         * @return this builder
         */
        public Builder status(TapStatus status) {
            this.status = status;
            return this;
        }

        /**
         * Builds the tap service.
         *
         * @return tap service
         * @throws NullPointerException if id is missing
         * @throws IllegalArgumentException unless exactly one of port and tunnel is set
         */
        public TapService build() {
            return new TapService(this);
        }
    }
}

package org.onosproject.taas.api;

import com.google.common.base.MoreObjects;
import org.onosproject.net.ConnectPoint;

import java.util.Objects;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A tap flow: mirrors the traffic of a source port, in a direction and optionally restricted
 * to some VLANs, to a tap service. Immutable; use {@link #builder()} or {@link #toBuilder()}.
 */
public final class TapFlow {

    private final TapFlowId id;
    private final String name;
    private final String description;
    private final String tenant;
    private final TapServiceId tapServiceId;
    private final ConnectPoint sourcePort;
    private final Direction direction;
    private final VlanFilter vlanFilter;
    private final TapStatus status;

    private TapFlow(Builder b) {
        this.id = checkNotNull(b.id, "tap flow id cannot be null");
        this.name = b.name == null ? "" : b.name;
        this.description = b.description == null ? "" : b.description;
        this.tenant = b.tenant == null ? "" : b.tenant;
        this.tapServiceId = checkNotNull(b.tapServiceId, "tap service id cannot be null");
        this.sourcePort = checkNotNull(b.sourcePort, "source port cannot be null");
        this.direction = checkNotNull(b.direction, "direction cannot be null");
        this.vlanFilter = b.vlanFilter;
        this.status = b.status == null ? TapStatus.CREATED : b.status;
    }

    /**
     * Returns the id.
     *
     * @return id
     */
    public TapFlowId id() {
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
     * Returns the id of the tap service that receives the copies.
     *
     * @return tap service id
     */
    public TapServiceId tapServiceId() {
        return tapServiceId;
    }

    /**
     * Returns the mirrored port.
     *
     * @return source connect point
     */
    public ConnectPoint sourcePort() {
        return sourcePort;
    }

    /**
     * Returns the direction, seen from the host on the source port.
     *
     * @return direction
     */
    public Direction direction() {
        return direction;
    }

    /**
     * Returns the VLAN filter; empty means every frame.
     *
     * @return VLAN filter
     */
    public Optional<VlanFilter> vlanFilter() {
        return Optional.ofNullable(vlanFilter);
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
     * Returns true if both tap flows select the same traffic for the same tap service:
     * same source port, tap service, direction and VLAN filter.
     *
     * @param other another tap flow
     * @return true if the two are duplicates of one another
     */
    public boolean selectsSameAs(TapFlow other) {
        return sourcePort.equals(other.sourcePort) && tapServiceId.equals(other.tapServiceId)
                && direction == other.direction && Objects.equals(vlanFilter, other.vlanFilter);
    }

    /**
     * Returns a copy with another status.
     *
     * @param newStatus status
     * @return tap flow
     */
    public TapFlow withStatus(TapStatus newStatus) {
        return toBuilder().status(newStatus).build();
    }

    /**
     * Returns a builder initialised with this tap flow.
     *
     * @return builder
     */
    public Builder toBuilder() {
        return new Builder().id(id).name(name).description(description).tenant(tenant)
                .tapServiceId(tapServiceId).sourcePort(sourcePort).direction(direction)
                .vlanFilter(vlanFilter).status(status);
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
        if (!(o instanceof TapFlow)) {
            return false;
        }
        TapFlow that = (TapFlow) o;
        return id.equals(that.id) && name.equals(that.name) && description.equals(that.description)
                && tenant.equals(that.tenant) && selectsSameAs(that) && status.equals(that.status);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, description, tenant, tapServiceId, sourcePort, direction,
                            vlanFilter, status);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("id", id).add("name", name)
                .add("tapServiceId", tapServiceId).add("sourcePort", sourcePort)
                .add("direction", direction).add("vlanFilter", vlanFilter)
                .add("status", status).toString();
    }

    /**
     * Builder of tap flows.
     */
    public static final class Builder {
        private TapFlowId id;
        private String name;
        private String description;
        private String tenant;
        private TapServiceId tapServiceId;
        private ConnectPoint sourcePort;
        private Direction direction;
        private VlanFilter vlanFilter;
        private TapStatus status;

        private Builder() {
        }

        /**
         * Sets the id.
         *
         * @param id id
         * @return this builder
         */
        public Builder id(TapFlowId id) {
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
         * Sets the tap service that receives the copies.
         *
         * @param tapServiceId tap service id
         * @return this builder
         */
        public Builder tapServiceId(TapServiceId tapServiceId) {
            this.tapServiceId = tapServiceId;
            return this;
        }

        /**
         * Sets the mirrored port.
         *
         * @param sourcePort connect point
         * @return this builder
         */
        public Builder sourcePort(ConnectPoint sourcePort) {
            this.sourcePort = sourcePort;
            return this;
        }

        /**
         * Sets the direction.
         *
         * @param direction direction
         * @return this builder
         */
        public Builder direction(Direction direction) {
            this.direction = direction;
            return this;
        }

        /**
         * Sets the VLAN filter; null for every frame.
         *
         * @param vlanFilter filter or null
         * @return this builder
         */
        public Builder vlanFilter(VlanFilter vlanFilter) {
            this.vlanFilter = vlanFilter;
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
         * Builds the tap flow.
         *
         * @return tap flow
         * @throws NullPointerException if id, tap service, source port or direction is missing
         */
        public TapFlow build() {
            return new TapFlow(this);
        }
    }
}

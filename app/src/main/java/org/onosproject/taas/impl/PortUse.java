package org.onosproject.taas.impl;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableMap;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapServiceId;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one port is to the application, as one value of a distributed map, so that the rules
 * involving several objects on a port are checked and claimed in one atomic write: the tap
 * service whose port it is, or the tap flows whose source it is, each with what it selects.
 * Both at once would be a mirror loop; two flows selecting the same would be duplicates.
 * Immutable.
 */
final class PortUse {

    /** Nothing uses the port. */
    static final PortUse NONE = new PortUse(null, new HashMap<>());

    private final TapServiceId tapService;
    // HashMap: stored through Kryo
    private final HashMap<TapFlowId, String> sources;

    private PortUse(TapServiceId tapService, Map<TapFlowId, String> sources) {
        this.tapService = tapService;
        this.sources = new HashMap<>(sources);
    }

    /**
     * Returns the tap service whose port this is.
     *
     * @return tap service id, if any
     */
    Optional<TapServiceId> tapService() {
        return Optional.ofNullable(tapService);
    }

    /**
     * Returns the tap flows whose source this is, each with what it selects.
     *
     * @return selection by tap flow
     */
    Map<TapFlowId, String> sources() {
        return ImmutableMap.copyOf(sources);
    }

    /**
     * Returns true if nothing uses the port.
     *
     * @return true if unused
     */
    boolean isEmpty() {
        return tapService == null && sources.isEmpty();
    }

    /**
     * Returns this use with the port as a tap service's port.
     *
     * @param id tap service id
     * @return new use
     */
    PortUse withTapService(TapServiceId id) {
        return new PortUse(id, sources);
    }

    /**
     * Returns this use without the tap service.
     *
     * @return new use
     */
    PortUse withoutTapService() {
        return new PortUse(null, sources);
    }

    /**
     * Returns this use with a tap flow's selection (added or replaced).
     *
     * @param f tap flow
     * @return new use
     */
    PortUse withSource(TapFlow f) {
        Map<TapFlowId, String> s = new HashMap<>(sources);
        s.put(f.id(), selection(f));
        return new PortUse(tapService, s);
    }

    /**
     * Returns this use without a tap flow.
     *
     * @param id tap flow id
     * @return new use
     */
    PortUse withoutSource(TapFlowId id) {
        Map<TapFlowId, String> s = new HashMap<>(sources);
        s.remove(id);
        return new PortUse(tapService, s);
    }

    /**
     * Returns another tap flow on this port that selects what the given one selects.
     *
     * @param f tap flow
     * @return the other tap flow's id, if any
     */
    Optional<TapFlowId> duplicateOf(TapFlow f) {
        String mine = selection(f);
        return sources.entrySet().stream().filter(e -> !e.getKey().equals(f.id()) && e.getValue().equals(mine))
                .map(Map.Entry::getKey).findFirst();
    }

    // What a tap flow selects, as TapFlow.selectsSameAs compares it.
    static String selection(TapFlow f) {
        return f.tapServiceId() + "|" + f.direction() + "|" + f.vlanFilter().map(Objects::toString).orElse("");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PortUse)) {
            return false;
        }
        PortUse that = (PortUse) o;
        return Objects.equals(tapService, that.tapService) && sources.equals(that.sources);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tapService, sources);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("tapService", tapService).add("sources", sources).toString();
    }
}

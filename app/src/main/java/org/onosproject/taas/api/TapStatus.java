package org.onosproject.taas.api;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import org.onosproject.net.ConnectPoint;

import java.util.List;
import java.util.Objects;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Operational status of a tap service or tap flow, with a human-readable reason.
 */
public final class TapStatus {

    /**
     * Operational states, as in OpenStack TaaS.
     */
    public enum State {
        /** Rules are being installed. */
        BUILD,
        /** Rules are installed and confirmed by the switch. */
        ACTIVE,
        /** A device, port or path the tap needs is absent or down. */
        DOWN,
        /** Installing failed or the device cannot mirror. */
        ERROR
    }

    /** Status of a newly created object. */
    public static final TapStatus CREATED = new TapStatus(State.BUILD, "created, not yet programmed");

    private final State state;
    private final String reason;
    private final List<ConnectPoint> path;
    private final long term;

    private TapStatus(State state, String reason) {
        this(state, reason, ImmutableList.of(), 0);
    }

    private TapStatus(State state, String reason, List<ConnectPoint> path, long term) {
        this.state = checkNotNull(state, "state cannot be null");
        this.reason = reason == null ? "" : reason;
        this.path = path == null ? ImmutableList.of() : ImmutableList.copyOf(path);
        this.term = term;
    }

    /**
     * Returns a copy of this status with the path a remote copy takes.
     *
     * @param hops connect points from the source device to the tap port: each link's egress
     *             and ingress port, then the tap port
     * @return status
     */
    public TapStatus withPath(List<ConnectPoint> hops) {
        return new TapStatus(state, reason, hops, term);
    }

    /**
     * Returns a copy of this status with a report term.
     *
     * @param reportTerm see {@link #term()}
     * @return status
     */
    public TapStatus withTerm(long reportTerm) {
        return new TapStatus(state, reason, path, reportTerm);
    }

    /**
     * Returns the term of the report that set this status, which orders the reports of the
     * instances of a cluster: twice the mastership term of the device whose master reported
     * it, plus one when it was reported for a device without master. A report with a lower
     * term than the stored status's never replaces it, so an instance with a stale view of
     * mastership cannot undo what the current master reported.
     *
     * @return term, 0 for statuses set through the API or by a single instance
     */
    public long term() {
        return term;
    }

    /**
     * Returns a status.
     *
     * @param state  state
     * @param reason why the object is in that state; may be empty
     * @return status
     */
    public static TapStatus of(State state, String reason) {
        return new TapStatus(state, reason);
    }

    /**
     * Returns an ACTIVE status with no reason.
     *
     * @return status
     */
    public static TapStatus active() {
        return new TapStatus(State.ACTIVE, "");
    }

    /**
     * Returns an ACTIVE status with a note.
     *
     * @param reason note, such as a part of the tap that waits for something
     * @return status
     */
    public static TapStatus active(String reason) {
        return new TapStatus(State.ACTIVE, reason);
    }

    /**
     * Returns a BUILD status.
     *
     * @param reason what is pending
     * @return status
     */
    public static TapStatus build(String reason) {
        return new TapStatus(State.BUILD, reason);
    }

    /**
     * Returns a DOWN status.
     *
     * @param reason what is missing
     * @return status
     */
    public static TapStatus down(String reason) {
        return new TapStatus(State.DOWN, reason);
    }

    /**
     * Returns an ERROR status.
     *
     * @param reason what failed and how to fix it
     * @return status
     */
    public static TapStatus error(String reason) {
        return new TapStatus(State.ERROR, reason);
    }

    /**
     * Returns the state.
     *
     * @return state
     */
    public State state() {
        return state;
    }

    /**
     * Returns the reason; empty when there is nothing to say.
     *
     * @return reason
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns the path mirrored copies take to a tap port on another device; empty for a
     * local tap port.
     *
     * @return egress and ingress connect points of each link, then the tap port
     */
    public List<ConnectPoint> path() {
        return path;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TapStatus)) {
            return false;
        }
        TapStatus that = (TapStatus) o;
        return state == that.state && reason.equals(that.reason) && path.equals(that.path) && term == that.term;
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, reason, path, term);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("state", state).add("reason", reason)
                .add("path", path).add("term", term).toString();
    }
}

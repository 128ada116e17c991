package org.onosproject.taas.api;

import org.onosproject.event.AbstractEvent;

/**
 * A tap service or tap flow was added, updated (configuration or status) or removed.
 * The subject is the {@link TapService} or {@link TapFlow} after the change (before it, for a
 * removal); {@link #prevSubject()} is the object before an update.
 */
public class TaasEvent extends AbstractEvent<TaasEvent.Type, Object> {

    /**
     * Event types.
     */
    public enum Type {
        /** A tap service was created. */
        TAP_SERVICE_ADDED,
        /** A tap service's configuration or status changed. */
        TAP_SERVICE_UPDATED,
        /** A tap service was removed. */
        TAP_SERVICE_REMOVED,
        /** A tap flow was created. */
        TAP_FLOW_ADDED,
        /** A tap flow's configuration or status changed. */
        TAP_FLOW_UPDATED,
        /** A tap flow was removed. */
        TAP_FLOW_REMOVED
    }

    private final Object prevSubject;

    /**
     * Creates an event about a tap service.
     *
     * @param type    event type, one of the TAP_SERVICE_ types
     * @param subject tap service
     * @param prev    tap service before an update, or null
     */
    public TaasEvent(Type type, TapService subject, TapService prev) {
        super(type, subject);
        this.prevSubject = prev;
    }

    /**
     * Creates an event about a tap flow.
     *
     * @param type    event type, one of the TAP_FLOW_ types
     * @param subject tap flow
     * @param prev    tap flow before an update, or null
     */
    public TaasEvent(Type type, TapFlow subject, TapFlow prev) {
        super(type, subject);
        this.prevSubject = prev;
    }

    /**
     * Returns the subject before an update, or null.
     *
     * @return previous subject
     */
    public Object prevSubject() {
        return prevSubject;
    }

    /**
     * Returns true for the TAP_SERVICE_ types.
     *
     * @return true if the subject is a tap service
     */
    public boolean isTapServiceEvent() {
        return subject() instanceof TapService;
    }

    /**
     * Returns the subject as a tap service.
     *
     * @return tap service
     * @throws ClassCastException for a tap flow event
     */
    public TapService tapService() {
        return (TapService) subject();
    }

    /**
     * Returns the subject as a tap flow.
     *
     * @return tap flow
     * @throws ClassCastException for a tap service event
     */
    public TapFlow tapFlow() {
        return (TapFlow) subject();
    }
}

package org.onosproject.taas.api;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A request to the tap service API that was refused; nothing was changed. The message names
 * the offending field or object, and {@link #kind()} tells interfaces how to report it
 * (REST: 400, 404 or 409).
 */
public class TaasException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Why a request was refused.
     */
    public enum Kind {
        /** Malformed or invalid input. */
        INVALID,
        /** A referenced tap service or tap flow does not exist. */
        NOT_FOUND,
        /** The request conflicts with existing state: a duplicate, a port in use, a quota. */
        CONFLICT
    }

    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind    kind of refusal
     * @param message what was wrong, naming the field or object
     */
    public TaasException(Kind kind, String message) {
        super(message);
        this.kind = checkNotNull(kind);
    }

    /**
     * Returns an INVALID exception.
     *
     * @param message what was wrong
     * @return exception
     */
    public static TaasException invalid(String message) {
        return new TaasException(Kind.INVALID, message);
    }

    /**
     * Returns a NOT_FOUND exception.
     *
     * @param message what was not found
     * @return exception
     */
    public static TaasException notFound(String message) {
        return new TaasException(Kind.NOT_FOUND, message);
    }

    /**
     * Returns a CONFLICT exception.
     *
     * @param message what conflicts
     * @return exception
     */
    public static TaasException conflict(String message) {
        return new TaasException(Kind.CONFLICT, message);
    }

    /**
     * Returns the kind of refusal.
     *
     * @return kind
     */
    public Kind kind() {
        return kind;
    }
}

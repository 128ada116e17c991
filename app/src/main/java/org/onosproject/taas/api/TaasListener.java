package org.onosproject.taas.api;

import org.onosproject.event.EventListener;

/**
 * Listener of tap service and tap flow events.
 */
public interface TaasListener extends EventListener<TaasEvent> {
}

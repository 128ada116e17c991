package org.onosproject.taas.api;

import org.onosproject.event.ListenerService;

import java.util.Collection;

/**
 * Queries tap services and tap flows and notifies of their changes.
 */
public interface TaasService extends ListenerService<TaasEvent, TaasListener> {

    /**
     * Returns every tap service.
     *
     * @return tap services
     */
    Collection<TapService> getTapServices();

    /**
     * Returns a tap service.
     *
     * @param id tap service id
     * @return tap service, or null if there is none with that id
     */
    TapService getTapService(TapServiceId id);

    /**
     * Returns every tap flow.
     *
     * @return tap flows
     */
    Collection<TapFlow> getTapFlows();

    /**
     * Returns the tap flows of a tap service.
     *
     * @param tapServiceId tap service id
     * @return tap flows feeding that service
     */
    Collection<TapFlow> getTapFlows(TapServiceId tapServiceId);

    /**
     * Returns a tap flow.
     *
     * @param id tap flow id
     * @return tap flow, or null if there is none with that id
     */
    TapFlow getTapFlow(TapFlowId id);
}

package org.onosproject.taas.api;

import java.util.List;

/**
 * Creates, updates and removes tap services and tap flows. Every method either succeeds
 * completely or throws {@link TaasException} and changes nothing.
 */
public interface TaasAdminService {

    /**
     * Creates a tap service. Its status is set by the application, whatever the argument says.
     *
     * @param tapService tap service with a fresh id
     * @return the stored tap service
     * @throws TaasException if it is invalid, its id or port is taken, or the quota is reached
     */
    TapService createTapService(TapService tapService);

    /**
     * Creates several tap services, all or none.
     *
     * @param tapServices tap services with fresh ids
     * @return the stored tap services, in order
     * @throws TaasException if any of them cannot be created
     */
    List<TapService> createTapServices(List<TapService> tapServices);

    /**
     * Updates the name and description of a tap service. The port cannot change.
     *
     * @param tapService tap service with an existing id and the new values
     * @return the stored tap service
     * @throws TaasException if there is no such service or another field changed
     */
    TapService updateTapService(TapService tapService);

    /**
     * Removes a tap service and every tap flow that feeds it.
     *
     * @param id tap service id
     * @return the removed tap service
     * @throws TaasException if there is no such service
     */
    TapService removeTapService(TapServiceId id);

    /**
     * Creates a tap flow.
     *
     * @param tapFlow tap flow with a fresh id
     * @return the stored tap flow
     * @throws TaasException if it is invalid, a duplicate, its service is unknown, or the quota is reached
     */
    TapFlow createTapFlow(TapFlow tapFlow);

    /**
     * Creates several tap flows, all or none.
     *
     * @param tapFlows tap flows with fresh ids
     * @return the stored tap flows, in order
     * @throws TaasException if any of them cannot be created
     */
    List<TapFlow> createTapFlows(List<TapFlow> tapFlows);

    /**
     * Updates a tap flow in place: name, description, direction and VLAN filter may change;
     * the source port, tap service and tenant may not.
     *
     * @param tapFlow tap flow with an existing id and the new values
     * @return the stored tap flow
     * @throws TaasException if there is no such flow, the result is invalid or a duplicate
     */
    TapFlow updateTapFlow(TapFlow tapFlow);

    /**
     * Removes a tap flow.
     *
     * @param id tap flow id
     * @return the removed tap flow
     * @throws TaasException if there is no such flow
     */
    TapFlow removeTapFlow(TapFlowId id);
}

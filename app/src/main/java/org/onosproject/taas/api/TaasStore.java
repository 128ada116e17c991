package org.onosproject.taas.api;

import org.onosproject.net.ConnectPoint;
import org.onosproject.store.Store;

import java.util.Collection;
import java.util.function.UnaryOperator;

/**
 * Distributed storage of tap services and tap flows. It knows nothing of rules; every change
 * is raised to the delegate on every instance of a cluster.
 */
public interface TaasStore extends Store<TaasEvent, TaasStoreDelegate> {

    /**
     * Stores a new tap service unless its id is taken.
     *
     * @param tapService tap service
     * @return true if stored, false if the id was taken
     */
    boolean createTapService(TapService tapService);

    /**
     * Atomically replaces a tap service by a function of its current value.
     *
     * @param id     tap service id
     * @param update function of the current value; may return the value unchanged
     * @return the new value, or null if there is no such tap service
     */
    TapService updateTapService(TapServiceId id, UnaryOperator<TapService> update);

    /**
     * Removes a tap service.
     *
     * @param id tap service id
     * @return the removed tap service, or null
     */
    TapService removeTapService(TapServiceId id);

    /**
     * Returns a tap service.
     *
     * @param id tap service id
     * @return tap service, or null
     */
    TapService getTapService(TapServiceId id);

    /**
     * Returns every tap service.
     *
     * @return tap services
     */
    Collection<TapService> getTapServices();

    /**
     * Stores a new tap flow unless its id is taken.
     *
     * @param tapFlow tap flow
     * @return true if stored, false if the id was taken
     */
    boolean createTapFlow(TapFlow tapFlow);

    /**
     * Atomically replaces a tap flow by a function of its current value.
     *
     * @param id     tap flow id
     * @param update function of the current value; may return the value unchanged
     * @return the new value, or null if there is no such tap flow
     */
    TapFlow updateTapFlow(TapFlowId id, UnaryOperator<TapFlow> update);

    /**
     * Removes a tap flow.
     *
     * @param id tap flow id
     * @return the removed tap flow, or null
     */
    TapFlow removeTapFlow(TapFlowId id);

    /**
     * Returns a tap flow.
     *
     * @param id tap flow id
     * @return tap flow, or null
     */
    TapFlow getTapFlow(TapFlowId id);

    /**
     * Returns every tap flow.
     *
     * @return tap flows
     */
    Collection<TapFlow> getTapFlows();

    /**
     * Returns the tap flows that feed a tap service.
     *
     * @param tapServiceId tap service id
     * @return tap flows
     */
    Collection<TapFlow> getTapFlows(TapServiceId tapServiceId);

    /**
     * Returns the tap flows whose source is the given port.
     *
     * @param sourcePort connect point
     * @return tap flows
     */
    Collection<TapFlow> getTapFlowsBySource(ConnectPoint sourcePort);

    /**
     * Returns the tap service whose port is the given one.
     *
     * @param port connect point
     * @return tap service, or null
     */
    TapService getTapServiceByPort(ConnectPoint port);

    /**
     * Returns the number of tap services.
     *
     * @return count
     */
    int tapServiceCount();

    /**
     * Returns the number of tap flows.
     *
     * @return count
     */
    int tapFlowCount();

    /**
     * Gives a tap service a transport VLAN id from an inclusive range, unless it has one.
     * Ids are taken in a distributed map, so two instances never hand out the same id.
     *
     * @param id   tap service id
     * @param low  lowest id of the pool
     * @param high highest id of the pool
     * @return the service's transport VLAN id, or null if the pool is exhausted or the
     *         service does not exist
     */
    Integer allocateTransportVlan(TapServiceId id, int low, int high);

    /**
     * Returns a transport VLAN id to the pool.
     *
     * @param id   tap service id that held it
     * @param vlan VLAN id
     */
    void releaseTransportVlan(TapServiceId id, int vlan);
}

package org.onosproject.taas.api;

import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.store.Store;

import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Distributed storage of tap services and tap flows. It knows nothing of rules; every change
 * is raised to the delegate on every instance of a cluster. The rules of DESIGN.md that
 * involve several objects (one tap service per port, no tap service port mirrored, no
 * duplicate tap flow, no tap flow without its tap service) are enforced here with atomic
 * operations on the distributed maps, so they hold whichever instances write at once.
 * Updates are optimistic and retried a bounded number of times. Reads are served from a
 * local copy kept from the maps' events and this instance's own writes.
 */
public interface TaasStore extends Store<TaasEvent, TaasStoreDelegate> {

    /**
     * Stores a new tap service unless its id is taken, claiming its port atomically.
     *
     * @param tapService tap service
     * @return true if stored, false if the id was taken
     * @throws TaasException CONFLICT if the port is another tap service's or a tap flow's source
     */
    boolean createTapService(TapService tapService);

    /**
     * Atomically replaces a tap service by a function of its current value; the function is
     * applied again when another writer was faster.
     *
     * @param id     tap service id
     * @param update function of the current value; may return the value unchanged
     * @return the new value, or null if there is no such tap service
     * @throws TaasException CONFLICT if other writers won every attempt
     */
    TapService updateTapService(TapServiceId id, UnaryOperator<TapService> update);

    /**
     * Removes a tap service and releases its port. Its tap flows are not removed: see
     * {@link #readTapFlows(TapServiceId)}.
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
     * Stores a new tap flow unless its id is taken, if its tap service exists, claiming its
     * source port atomically; a tap service removed meanwhile takes the flow with it.
     *
     * @param tapFlow tap flow
     * @return true if stored, false if the id was taken
     * @throws TaasException NOT_FOUND without its tap service, CONFLICT if the source port is
     *                       a tap service's port or the flow duplicates another
     */
    boolean createTapFlow(TapFlow tapFlow);

    /**
     * Atomically replaces a tap flow by a function of its current value; the function is
     * applied again when another writer was faster. A new direction or VLAN filter is claimed
     * on the source port first.
     *
     * @param id     tap flow id
     * @param update function of the current value; may return the value unchanged
     * @return the new value, or null if there is no such tap flow
     * @throws TaasException CONFLICT if the new selection duplicates another tap flow, or if
     *                       other writers won every attempt
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
     * Reads the tap flows that feed a tap service from the distributed map itself, not the
     * local copy, so that flows another instance wrote a moment ago are included.
     *
     * @param tapServiceId tap service id
     * @return tap flows
     */
    Collection<TapFlow> readTapFlows(TapServiceId tapServiceId);

    /**
     * Returns the number of tap services, read from the distributed map.
     *
     * @return count
     */
    int tapServiceCount();

    /**
     * Returns the number of tap flows, read from the distributed map.
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
     * @throws TaasException CONFLICT if the id could not be written into the tap service
     *                       (the id is then back in the pool)
     */
    Integer allocateTransportVlan(TapServiceId id, int low, int high);

    /**
     * Returns a transport VLAN id to the pool.
     *
     * @param id   tap service id that held it
     * @param vlan VLAN id
     */
    void releaseTransportVlan(TapServiceId id, int vlan);

    /**
     * Records a device master's report on the transport rules of a tap service on its device,
     * unless a report with a higher term is stored.
     *
     * @param hop report
     */
    void putTransportHop(TransportHop hop);

    /**
     * Removes the report on a device's transport rules of a tap service.
     *
     * @param tapServiceId tap service id
     * @param device       device
     */
    void removeTransportHop(TapServiceId tapServiceId, DeviceId device);

    /**
     * Returns the report on a device's transport rules of a tap service (local copy).
     *
     * @param tapServiceId tap service id
     * @param device       device
     * @return report or null
     */
    TransportHop getTransportHop(TapServiceId tapServiceId, DeviceId device);

    /**
     * Returns the reports on a device's transport rules (local copy).
     *
     * @param device device
     * @return reports
     */
    Collection<TransportHop> getTransportHops(DeviceId device);

    /**
     * Reads the report on a device's transport rules of a tap service from the distributed map
     * itself, not the local copy.
     *
     * @param tapServiceId tap service id
     * @param device       device
     * @return report or null
     */
    TransportHop readTransportHop(TapServiceId tapServiceId, DeviceId device);

    /**
     * Records the transport VLANs a source device sends tagged copies with. Its master writes
     * a VLAN before the device may start sending it and removes it once the switch confirmed
     * it stopped, so a device keeps its transport VLAN drop rule while a copy may still come.
     *
     * @param device source device
     * @param vlans  transport VLAN ids; empty when it sends none
     */
    void setEmittedVlans(DeviceId device, Set<Integer> vlans);

    /**
     * Returns the transport VLANs a source device sends copies with (local copy).
     *
     * @param device source device
     * @return VLAN ids
     */
    Set<Integer> getEmittedVlans(DeviceId device);

    /**
     * Reads the transport VLANs any source device sends copies with from the distributed map
     * itself, not the local copy.
     *
     * @return VLAN ids
     */
    Set<Integer> readEmittedVlans();

    /**
     * Adds a listener told of the source devices whose transport VLANs changed.
     *
     * @param listener listener, on the thread that delivers the change; must not block
     */
    void addEmissionListener(Consumer<DeviceId> listener);

    /**
     * Removes a listener of transport VLAN changes.
     *
     * @param listener listener
     */
    void removeEmissionListener(Consumer<DeviceId> listener);

    /**
     * Adds a listener told of every report that changes, on any instance; it runs on the
     * thread that delivers the change and must not block.
     *
     * @param listener listener
     */
    void addTransportHopListener(Consumer<TransportHop> listener);

    /**
     * Removes a listener of reports.
     *
     * @param listener listener
     */
    void removeTransportHopListener(Consumer<TransportHop> listener);
}

package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import org.onosproject.net.ConnectPoint;
import org.onosproject.store.AbstractStore;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;
import org.onosproject.taas.api.TaasEvent;
import org.onosproject.taas.api.TaasStore;
import org.onosproject.taas.api.TaasStoreDelegate;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * Tap services and tap flows in two ONOS ConsistentMaps. Map events, which every instance of
 * the cluster receives, become {@link TaasEvent}s for the delegate. Local indexes (flows by
 * source port and by tap service, services by port) are kept from local writes and map events;
 * they only name candidates, which are always read back from the maps, so a late or repeated
 * event never makes a lookup wrong.
 */
@Component(immediate = true, service = TaasStore.class)
public class DistributedTaasStore extends AbstractStore<TaasEvent, TaasStoreDelegate> implements TaasStore {

    static final String SERVICES_MAP = "onos-taas-tap-services";
    static final String FLOWS_MAP = "onos-taas-tap-flows";
    static final String VLANS_MAP = "onos-taas-transport-vlans";

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    private ConsistentMap<TapServiceId, TapService> services;
    private ConsistentMap<TapFlowId, TapFlow> flows;
    private ConsistentMap<Integer, TapServiceId> transportVlans;

    private final Map<ConnectPoint, Set<TapFlowId>> flowsBySource = new ConcurrentHashMap<>();
    private final Map<TapServiceId, Set<TapFlowId>> flowsByService = new ConcurrentHashMap<>();
    private final Map<ConnectPoint, Set<TapServiceId>> servicesByPort = new ConcurrentHashMap<>();

    private final MapEventListener<TapServiceId, TapService> serviceListener = this::onServiceEvent;
    private final MapEventListener<TapFlowId, TapFlow> flowListener = this::onFlowEvent;

    @Activate
    protected void activate() {
        services = storageService.<TapServiceId, TapService>consistentMapBuilder()
                .withName(SERVICES_MAP)
                .withSerializer(TaasSerializer.serializer())
                .build();
        flows = storageService.<TapFlowId, TapFlow>consistentMapBuilder()
                .withName(FLOWS_MAP)
                .withSerializer(TaasSerializer.serializer())
                .build();
        transportVlans = storageService.<Integer, TapServiceId>consistentMapBuilder()
                .withName(VLANS_MAP)
                .withSerializer(TaasSerializer.serializer())
                .build();
        services.addListener(serviceListener);
        flows.addListener(flowListener);
        services.asJavaMap().values().forEach(this::indexService);
        flows.asJavaMap().values().forEach(this::indexFlow);
        log.info("Started with {} tap services and {} tap flows", services.size(), flows.size());
    }

    @Deactivate
    protected void deactivate() {
        services.removeListener(serviceListener);
        flows.removeListener(flowListener);
        log.info("Stopped");
    }

    @Override
    public boolean createTapService(TapService tapService) {
        boolean created = services.putIfAbsent(tapService.id(), tapService) == null;
        if (created) {
            indexService(tapService);
        }
        return created;
    }

    @Override
    public TapService updateTapService(TapServiceId id, UnaryOperator<TapService> update) {
        return Versioned.valueOrNull(services.computeIfPresent(id, (k, v) -> update.apply(v)));
    }

    @Override
    public TapService removeTapService(TapServiceId id) {
        TapService removed = Versioned.valueOrNull(services.remove(id));
        if (removed != null) {
            unindexService(removed);
        }
        return removed;
    }

    @Override
    public TapService getTapService(TapServiceId id) {
        return Versioned.valueOrNull(services.get(id));
    }

    @Override
    public Collection<TapService> getTapServices() {
        return ImmutableList.copyOf(services.asJavaMap().values());
    }

    @Override
    public boolean createTapFlow(TapFlow tapFlow) {
        boolean created = flows.putIfAbsent(tapFlow.id(), tapFlow) == null;
        if (created) {
            indexFlow(tapFlow);
        }
        return created;
    }

    @Override
    public TapFlow updateTapFlow(TapFlowId id, UnaryOperator<TapFlow> update) {
        return Versioned.valueOrNull(flows.computeIfPresent(id, (k, v) -> update.apply(v)));
    }

    @Override
    public TapFlow removeTapFlow(TapFlowId id) {
        TapFlow removed = Versioned.valueOrNull(flows.remove(id));
        if (removed != null) {
            unindexFlow(removed);
        }
        return removed;
    }

    @Override
    public TapFlow getTapFlow(TapFlowId id) {
        return Versioned.valueOrNull(flows.get(id));
    }

    @Override
    public Collection<TapFlow> getTapFlows() {
        return ImmutableList.copyOf(flows.asJavaMap().values());
    }

    @Override
    public Collection<TapFlow> getTapFlows(TapServiceId tapServiceId) {
        return readFlows(flowsByService.get(tapServiceId));
    }

    @Override
    public Collection<TapFlow> getTapFlowsBySource(ConnectPoint sourcePort) {
        return readFlows(flowsBySource.get(sourcePort));
    }

    @Override
    public TapService getTapServiceByPort(ConnectPoint port) {
        Set<TapServiceId> ids = port == null ? null : servicesByPort.get(port);
        if (ids == null) {
            return null;
        }
        return ids.stream().map(this::getTapService).filter(Objects::nonNull)
                .filter(s -> port.equals(s.port())).findFirst().orElse(null);
    }

    @Override
    public int tapServiceCount() {
        return services.size();
    }

    @Override
    public int tapFlowCount() {
        return flows.size();
    }

    @Override
    public Integer allocateTransportVlan(TapServiceId id, int low, int high) {
        TapService s = getTapService(id);
        if (s == null) {
            return null;
        }
        if (s.transportVlan().isPresent()) {
            return s.transportVlan().get();
        }
        for (int vlan = low; vlan <= high; vlan++) {
            if (transportVlans.putIfAbsent(vlan, id) != null) {
                continue;
            }
            int taken = vlan;
            TapService after = updateTapService(id, cur -> cur.transportVlan().isPresent()
                    ? cur : cur.toBuilder().transportVlan(taken).build());
            if (after == null || after.transportVlan().orElse(-1) != taken) {
                // the service went away, or another instance was faster: give ours back
                transportVlans.remove(taken, id);
                return after == null ? null : after.transportVlan().orElse(null);
            }
            return taken;
        }
        return null;
    }

    @Override
    public void releaseTransportVlan(TapServiceId id, int vlan) {
        transportVlans.remove(vlan, id);
    }

    private Collection<TapFlow> readFlows(Set<TapFlowId> ids) {
        if (ids == null) {
            return ImmutableList.of();
        }
        return ids.stream().map(this::getTapFlow).filter(Objects::nonNull)
                .collect(Collectors.toList());
    }

    private void indexService(TapService s) {
        if (s.port() == null) {
            return;
        }
        servicesByPort.computeIfAbsent(s.port(), k -> ConcurrentHashMap.newKeySet()).add(s.id());
    }

    private void unindexService(TapService s) {
        if (s.port() == null) {
            return;
        }
        servicesByPort.computeIfPresent(s.port(), (k, ids) -> {
            ids.remove(s.id());
            return ids.isEmpty() ? null : ids;
        });
    }

    private void indexFlow(TapFlow f) {
        flowsBySource.computeIfAbsent(f.sourcePort(), k -> ConcurrentHashMap.newKeySet()).add(f.id());
        flowsByService.computeIfAbsent(f.tapServiceId(), k -> ConcurrentHashMap.newKeySet()).add(f.id());
    }

    private void unindexFlow(TapFlow f) {
        flowsBySource.computeIfPresent(f.sourcePort(), (k, ids) -> {
            ids.remove(f.id());
            return ids.isEmpty() ? null : ids;
        });
        flowsByService.computeIfPresent(f.tapServiceId(), (k, ids) -> {
            ids.remove(f.id());
            return ids.isEmpty() ? null : ids;
        });
    }

    private void onServiceEvent(MapEvent<TapServiceId, TapService> e) {
        TapService now = Versioned.valueOrNull(e.newValue());
        TapService before = Versioned.valueOrNull(e.oldValue());
        switch (e.type()) {
            case INSERT:
                indexService(now);
                notifyDelegate(new TaasEvent(TaasEvent.Type.TAP_SERVICE_ADDED, now, null));
                break;
            case UPDATE:
                if (!now.equals(before)) {
                    notifyDelegate(new TaasEvent(TaasEvent.Type.TAP_SERVICE_UPDATED, now, before));
                }
                break;
            case REMOVE:
                if (before == null) {
                    // removal of an absent key: nothing was removed
                    break;
                }
                unindexService(before);
                notifyDelegate(new TaasEvent(TaasEvent.Type.TAP_SERVICE_REMOVED, before, null));
                break;
            default:
                break;
        }
    }

    private void onFlowEvent(MapEvent<TapFlowId, TapFlow> e) {
        TapFlow now = Versioned.valueOrNull(e.newValue());
        TapFlow before = Versioned.valueOrNull(e.oldValue());
        switch (e.type()) {
            case INSERT:
                indexFlow(now);
                notifyDelegate(new TaasEvent(TaasEvent.Type.TAP_FLOW_ADDED, now, null));
                break;
            case UPDATE:
                if (!now.equals(before)) {
                    notifyDelegate(new TaasEvent(TaasEvent.Type.TAP_FLOW_UPDATED, now, before));
                }
                break;
            case REMOVE:
                if (before == null) {
                    // removal of an absent key: nothing was removed
                    break;
                }
                unindexFlow(before);
                notifyDelegate(new TaasEvent(TaasEvent.Type.TAP_FLOW_REMOVED, before, null));
                break;
            default:
                break;
        }
    }
}

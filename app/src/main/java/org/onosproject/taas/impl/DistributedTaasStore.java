package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import org.onlab.util.Tools;
import org.onosproject.cfg.ComponentConfigService;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.store.AbstractStore;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;
import org.onosproject.taas.api.TaasEvent;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasStore;
import org.onosproject.taas.api.TaasStoreDelegate;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapTunnel;
import org.onosproject.taas.api.TransportHop;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.onosproject.taas.impl.OsgiPropertyConstants.WRITE_ATTEMPTS;
import static org.onosproject.taas.impl.OsgiPropertyConstants.WRITE_ATTEMPTS_DEFAULT;
import static org.slf4j.LoggerFactory.getLogger;

/**
 * Tap services and tap flows in ONOS ConsistentMaps, with the rules that involve several
 * objects enforced by atomic operations on a map of port uses ({@link PortUse}): a tap service
 * claims its port, a tap flow its selection on its source port, each in one versioned write,
 * and a tunnel tap service its keys at its collector in a map of tunnel keys, so that two
 * instances can never both succeed where one must fail. Updates are optimistic
 * (replace at the version read) and retried up to {@code writeAttempts} times (component
 * configuration).
 * Reads come from {@link LocalCopy}s kept from map events (which may arrive late and out of
 * order) and from values read back after this instance's own writes; the copies' changes
 * become {@link TaasEvent}s for the delegate. Local indexes (flows by source port and by tap
 * service, services by port) follow the copies.
 */
@Component(immediate = true, service = TaasStore.class,
        property = {
                WRITE_ATTEMPTS + ":Integer=" + WRITE_ATTEMPTS_DEFAULT,
        })
public class DistributedTaasStore extends AbstractStore<TaasEvent, TaasStoreDelegate> implements TaasStore {

    static final String SERVICES_MAP = "onos-taas-tap-services";
    static final String FLOWS_MAP = "onos-taas-tap-flows";
    static final String VLANS_MAP = "onos-taas-transport-vlans";
    static final String PORTS_MAP = "onos-taas-port-uses";
    static final String HOPS_MAP = "onos-taas-transport-hops";
    static final String EMITTED_MAP = "onos-taas-transport-sources";
    static final String TUNNEL_KEYS_MAP = "onos-taas-tunnel-keys";

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ComponentConfigService cfgService;

    /** Attempts of an optimistic update before it gives up with a CONFLICT. */
    private volatile int writeAttempts = WRITE_ATTEMPTS_DEFAULT;

    private ConsistentMap<TapServiceId, TapService> services;
    private ConsistentMap<TapFlowId, TapFlow> flows;
    private ConsistentMap<Integer, TapServiceId> transportVlans;
    private ConsistentMap<ConnectPoint, PortUse> ports;
    private ConsistentMap<String, TransportHop> hops;
    private ConsistentMap<DeviceId, Set<Integer>> emitted;
    // "type remote-ip key" of every tunnel tap service's keys -> the service
    private ConsistentMap<String, TapServiceId> tunnelKeys;

    private final LocalCopy<TapServiceId, TapService> serviceCopy = new LocalCopy<>();
    private final LocalCopy<TapFlowId, TapFlow> flowCopy = new LocalCopy<>();
    private final LocalCopy<String, TransportHop> hopCopy = new LocalCopy<>();
    private final LocalCopy<DeviceId, Set<Integer>> emittedCopy = new LocalCopy<>();

    private final Map<ConnectPoint, Set<TapFlowId>> flowsBySource = new ConcurrentHashMap<>();
    private final Map<TapServiceId, Set<TapFlowId>> flowsByService = new ConcurrentHashMap<>();
    private final Map<ConnectPoint, Set<TapServiceId>> servicesByPort = new ConcurrentHashMap<>();
    private final List<Consumer<TransportHop>> hopListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<DeviceId>> emissionListeners = new CopyOnWriteArrayList<>();

    private final MapEventListener<TapServiceId, TapService> serviceListener =
            e -> serviceChanged(() -> serviceCopy.apply(e));
    private final MapEventListener<TapFlowId, TapFlow> flowListener = e -> flowChanged(() -> flowCopy.apply(e));
    private final MapEventListener<String, TransportHop> hopListener = e -> hopChanged(hopCopy.apply(e));
    private final MapEventListener<DeviceId, Set<Integer>> emittedListener =
            e -> emittedChanged(e.key(), emittedCopy.apply(e));

    @Activate
    protected void activate(ComponentContext context) {
        cfgService.registerProperties(getClass());
        modified(context);
        services = map(SERVICES_MAP);
        flows = map(FLOWS_MAP);
        transportVlans = map(VLANS_MAP);
        ports = map(PORTS_MAP);
        hops = map(HOPS_MAP);
        emitted = map(EMITTED_MAP);
        tunnelKeys = map(TUNNEL_KEYS_MAP);
        services.addListener(serviceListener);
        flows.addListener(flowListener);
        hops.addListener(hopListener);
        emitted.addListener(emittedListener);
        services.entrySet().forEach(e -> serviceChanged(() -> serviceCopy.update(e.getKey(), e.getValue())));
        flows.entrySet().forEach(e -> flowChanged(() -> flowCopy.update(e.getKey(), e.getValue())));
        hops.entrySet().forEach(e -> hopChanged(hopCopy.update(e.getKey(), e.getValue())));
        emitted.entrySet().forEach(e -> emittedChanged(e.getKey(), emittedCopy.update(e.getKey(), e.getValue())));
        // tunnel tap services stored before the keys were claimed in their own map claim them now
        for (TapService svc : serviceCopy.values()) {
            try {
                svc.tunnel().ifPresent(t -> claimTunnelKeys(svc.id(), t));
            } catch (TaasException e) {
                log.warn("Tap service {} keeps a tunnel key another one holds: {}", svc.id(), e.getMessage());
            }
        }
        log.info("Started with {} tap services and {} tap flows", serviceCopy.values().size(),
                 flowCopy.values().size());
    }

    // A ConsistentMap of the application's values.
    private <K, V> ConsistentMap<K, V> map(String name) {
        return storageService.<K, V>consistentMapBuilder().withName(name)
                .withSerializer(TaasSerializer.serializer()).build();
    }

    @Deactivate
    protected void deactivate() {
        services.removeListener(serviceListener);
        flows.removeListener(flowListener);
        hops.removeListener(hopListener);
        emitted.removeListener(emittedListener);
        cfgService.unregisterProperties(getClass(), false);
        log.info("Stopped");
    }

    @Modified
    protected void modified(ComponentContext context) {
        Dictionary<?, ?> properties = context == null ? null : context.getProperties();
        if (properties == null) {
            return;
        }
        int attempts = Tools.getIntegerProperty(properties, WRITE_ATTEMPTS, WRITE_ATTEMPTS_DEFAULT);
        if (attempts <= 0) {
            log.warn("Ignoring {}={}: must be positive; keeping {}", WRITE_ATTEMPTS, attempts, writeAttempts);
            return;
        }
        writeAttempts = attempts;
        log.info("Optimistic writes: {} attempts", writeAttempts);
    }

    // ---- tap services

    @Override
    public boolean createTapService(TapService tapService) {
        TapServiceId id = tapService.id();
        ConnectPoint port = tapService.port();
        if (services.get(id) != null) {
            return false;
        }
        if (port == null) {
            // a tunnel tap service claims its keys at its collector, not a port
            TapTunnel tunnel = tapService.tunnel().get();
            List<String> claimed = claimTunnelKeys(id, tunnel);
            boolean created = false;
            try {
                created = services.putIfAbsent(id, tapService) == null;
            } finally {
                if (!created) {
                    release(claimed, id);
                }
            }
            if (created) {
                refreshService(id);
            }
            return created;
        }
        PortUse before = updatePort(port, use -> {
            Optional<TapServiceId> other = use.tapService().filter(s -> !s.equals(id));
            if (other.isPresent()) {
                throw TaasValidator.portTaken(port, other.get(), getTapService(other.get()));
            }
            if (!use.sources().isEmpty()) {
                throw TaasValidator.portMirrored(port, use.sources().keySet().iterator().next());
            }
            return use.withTapService(id);
        });
        boolean created = false;
        try {
            created = services.putIfAbsent(id, tapService) == null;
        } finally {
            if (!created && !before.tapService().isPresent()) {
                releaseTapPort(port, id);
            }
        }
        if (created) {
            refreshService(id);
        }
        return created;
    }

    @Override
    public TapService updateTapService(TapServiceId id, UnaryOperator<TapService> update) {
        TapService after = write(services, id, s -> s == null ? null : update.apply(s), "tap service " + id);
        if (after != null) {
            refreshService(id);
        }
        return after;
    }

    @Override
    public TapService removeTapService(TapServiceId id) {
        Versioned<TapService> removed = services.remove(id);
        if (removed == null) {
            return null;
        }
        if (removed.value().port() != null) {
            releaseTapPort(removed.value().port(), id);
        }
        removed.value().tunnel().ifPresent(t -> releaseTunnelKeys(id, t));
        serviceChanged(() -> serviceCopy.remove(id, removed.version()));
        return removed.value();
    }

    @Override
    public TapService getTapService(TapServiceId id) {
        TapService s = serviceCopy.get(id);
        if (s != null || serviceCopy.isRemoved(id)) {
            return s;
        }
        // not heard of yet (created a moment ago on another instance): read it
        return refreshService(id);
    }

    @Override
    public Collection<TapService> getTapServices() {
        return serviceCopy.values();
    }

    // ---- tap flows

    @Override
    public boolean createTapFlow(TapFlow tapFlow) {
        TapFlowId id = tapFlow.id();
        ConnectPoint source = tapFlow.sourcePort();
        if (flows.get(id) != null) {
            return false;
        }
        if (services.get(tapFlow.tapServiceId()) == null) {
            throw TaasValidator.noService(tapFlow);
        }
        PortUse before = updatePort(source, use -> {
            if (use.tapService().isPresent()) {
                TapServiceId there = use.tapService().get();
                throw TaasValidator.sourceIsTapPort(source, there, getTapService(there));
            }
            Optional<TapFlowId> duplicate = use.duplicateOf(tapFlow);
            if (duplicate.isPresent()) {
                throw TaasValidator.duplicate(tapFlow, duplicate.get());
            }
            return use.withSource(tapFlow);
        });
        boolean created = false;
        try {
            created = flows.putIfAbsent(id, tapFlow) == null;
        } finally {
            if (!created && !before.sources().containsKey(id)) {
                releaseSource(source, id);
            }
        }
        if (!created) {
            return false;
        }
        // a removal of the tap service that read its flows before this one was written missed
        // it: this side sees the service gone and takes the flow back
        if (services.get(tapFlow.tapServiceId()) == null) {
            removeTapFlow(id);
            throw TaasValidator.noService(tapFlow);
        }
        refreshFlow(id);
        return true;
    }

    @Override
    public TapFlow updateTapFlow(TapFlowId id, UnaryOperator<TapFlow> update) {
        TapFlow after;
        try {
            after = write(flows, id, f -> {
                if (f == null) {
                    return null;
                }
                TapFlow next = update.apply(f);
                if (!next.selectsSameAs(f)) {
                    claimSelection(next);
                }
                return next;
            }, "tap flow " + id);
        } catch (TaasException e) {
            // the port keeps the selection of the flow as stored
            TapFlow stored = Versioned.valueOrNull(flows.get(id));
            if (stored != null) {
                claimSelection(stored);
            }
            throw e;
        }
        if (after != null) {
            refreshFlow(id);
        }
        return after;
    }

    // Changes a flow's selection on its source port, unless another flow selects it already.
    private void claimSelection(TapFlow f) {
        updatePort(f.sourcePort(), use -> {
            if (!use.sources().containsKey(f.id())) {
                throw TaasException.notFound("tap flow " + f.id() + " does not exist");
            }
            Optional<TapFlowId> duplicate = use.duplicateOf(f);
            if (duplicate.isPresent()) {
                throw TaasValidator.duplicate(f, duplicate.get());
            }
            return use.withSource(f);
        });
    }

    @Override
    public TapFlow removeTapFlow(TapFlowId id) {
        Versioned<TapFlow> removed = flows.remove(id);
        if (removed == null) {
            return null;
        }
        releaseSource(removed.value().sourcePort(), id);
        flowChanged(() -> flowCopy.remove(id, removed.version()));
        return removed.value();
    }

    @Override
    public TapFlow getTapFlow(TapFlowId id) {
        TapFlow f = flowCopy.get(id);
        if (f != null || flowCopy.isRemoved(id)) {
            return f;
        }
        return refreshFlow(id);
    }

    @Override
    public Collection<TapFlow> getTapFlows() {
        return flowCopy.values();
    }

    @Override
    public Collection<TapFlow> getTapFlows(TapServiceId tapServiceId) {
        return copiedFlows(flowsByService.get(tapServiceId));
    }

    @Override
    public Collection<TapFlow> readTapFlows(TapServiceId tapServiceId) {
        return flows.values().stream().map(Versioned::value).filter(f -> f.tapServiceId().equals(tapServiceId))
                .collect(Collectors.toList());
    }

    @Override
    public Collection<TapFlow> getTapFlowsBySource(ConnectPoint sourcePort) {
        return copiedFlows(flowsBySource.get(sourcePort));
    }

    @Override
    public TapService getTapServiceByPort(ConnectPoint port) {
        Set<TapServiceId> ids = port == null ? null : servicesByPort.get(port);
        if (ids == null) {
            return null;
        }
        return ids.stream().map(serviceCopy::get).filter(Objects::nonNull)
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

    // ---- transport VLANs

    @Override
    public Integer allocateTransportVlan(TapServiceId id, int low, int high) {
        TapService s = Versioned.valueOrNull(services.get(id));
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
            TapService after;
            try {
                after = updateTapService(id, cur -> cur.transportVlan().isPresent()
                        ? cur : cur.toBuilder().transportVlan(taken).build());
            } catch (RuntimeException e) {
                transportVlans.remove(taken, id);
                throw e;
            }
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

    // ---- transport hops

    private static String hopKey(TapServiceId id, DeviceId device) {
        return id + "@" + device;
    }

    @Override
    public void putTransportHop(TransportHop hop) {
        String key = hopKey(hop.tapServiceId(), hop.device());
        TransportHop known = hopCopy.get(key);
        if (hop.equals(known)) {
            return;
        }
        write(hops, key, cur -> cur != null && cur.status().term() > hop.status().term() ? cur : hop,
              "transport hop " + key);
        Versioned<TransportHop> read = hops.get(key);
        hopChanged(hopCopy.read(key, read));
    }

    @Override
    public void removeTransportHop(TapServiceId tapServiceId, DeviceId device) {
        String key = hopKey(tapServiceId, device);
        Versioned<TransportHop> removed = hops.remove(key);
        if (removed != null) {
            hopChanged(hopCopy.remove(key, removed.version()));
        }
    }

    @Override
    public TransportHop getTransportHop(TapServiceId tapServiceId, DeviceId device) {
        return hopCopy.get(hopKey(tapServiceId, device));
    }

    @Override
    public Collection<TransportHop> getTransportHops(DeviceId device) {
        return hopCopy.values().stream().filter(h -> h.device().equals(device)).collect(Collectors.toList());
    }

    @Override
    public TransportHop readTransportHop(TapServiceId tapServiceId, DeviceId device) {
        return Versioned.valueOrNull(hops.get(hopKey(tapServiceId, device)));
    }

    @Override
    public void setEmittedVlans(DeviceId device, Set<Integer> vlans) {
        Set<Integer> known = emittedCopy.get(device);
        if (known == null ? vlans.isEmpty() : known.equals(vlans)) {
            return;
        }
        // HashSet: stored through Kryo
        write(emitted, device, cur -> vlans.isEmpty() ? null : new HashSet<>(vlans), "transport VLANs of " + device);
        emittedChanged(device, emittedCopy.read(device, emitted.get(device)));
    }

    @Override
    public Set<Integer> getEmittedVlans(DeviceId device) {
        Set<Integer> vlans = emittedCopy.get(device);
        return vlans == null ? ImmutableSet.of() : ImmutableSet.copyOf(vlans);
    }

    @Override
    public Set<Integer> readEmittedVlans() {
        ImmutableSet.Builder<Integer> all = ImmutableSet.builder();
        emitted.values().forEach(v -> all.addAll(v.value()));
        return all.build();
    }

    @Override
    public void addEmissionListener(Consumer<DeviceId> listener) {
        emissionListeners.add(listener);
    }

    @Override
    public void removeEmissionListener(Consumer<DeviceId> listener) {
        emissionListeners.remove(listener);
    }

    @Override
    public void addTransportHopListener(Consumer<TransportHop> listener) {
        hopListeners.add(listener);
    }

    @Override
    public void removeTransportHopListener(Consumer<TransportHop> listener) {
        hopListeners.remove(listener);
    }

    // ---- optimistic writes

    /**
     * Replaces a key's value by a function of it, at the version read; when another writer
     * was faster, reads again and applies the function again, up to writeAttempts times.
     * The function gets and may return null (absent / remove).
     */
    private <K, V> V write(ConsistentMap<K, V> map, K key, UnaryOperator<V> op, String what) {
        int attempts = writeAttempts;
        for (int attempt = 0; attempt < attempts; attempt++) {
            Versioned<V> cur = map.get(key);
            V before = Versioned.valueOrNull(cur);
            V after = op.apply(before);
            if (Objects.equals(before, after)) {
                return after;
            }
            boolean done;
            if (before == null) {
                done = map.putIfAbsent(key, after) == null;
            } else if (after == null) {
                done = map.remove(key, cur.version());
            } else {
                done = map.replace(key, cur.version(), after);
            }
            if (done) {
                return after;
            }
            backOff(attempt);
        }
        log.warn("Gave up writing {} after {} attempts: other writers changed it each time", what, attempts);
        throw TaasException.conflict(what + " was changed concurrently by other writers " + attempts
                + " times in a row; try again (component configuration " + WRITE_ATTEMPTS + ")");
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1 + Math.min(32, 1 << attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TaasException.conflict("interrupted while retrying a write");
        }
    }

    // Updates a port's use; returns the use before.
    private PortUse updatePort(ConnectPoint port, UnaryOperator<PortUse> op) {
        PortUse[] before = new PortUse[1];
        write(ports, port, use -> {
            PortUse cur = use == null ? PortUse.NONE : use;
            before[0] = cur;
            PortUse next = op.apply(cur);
            return next.isEmpty() ? null : next;
        }, "port " + port);
        return before[0];
    }

    // Claims a tunnel's keys at its collector for a tap service, lowest key first (so that of
    // requests racing for the same keys one always gets them all); returns those it claimed now
    // (not before); when one is another service's, gives back those and refuses.
    private List<String> claimTunnelKeys(TapServiceId id, TapTunnel t) {
        List<String> claimed = new ArrayList<>();
        for (long key : tunnelKeysInOrder(t)) {
            String name = tunnelKeyName(t, key);
            Versioned<TapServiceId> holder = tunnelKeys.putIfAbsent(name, id);
            if (holder == null) {
                claimed.add(name);
            } else if (!holder.value().equals(id)) {
                release(claimed, id);
                throw TaasValidator.tunnelKeyTaken(t, key, holder.value(), getTapService(holder.value()));
            }
        }
        return claimed;
    }

    private void releaseTunnelKeys(TapServiceId id, TapTunnel t) {
        for (long key : tunnelKeysInOrder(t)) {
            tunnelKeys.remove(tunnelKeyName(t, key), id);
        }
    }

    // Gives back the tunnel keys of these names that the tap service holds.
    private void release(List<String> names, TapServiceId id) {
        names.forEach(name -> tunnelKeys.remove(name, id));
    }

    private static long[] tunnelKeysInOrder(TapTunnel t) {
        return new long[]{Math.min(t.inKey(), t.outKey()), Math.max(t.inKey(), t.outKey())};
    }

    private static String tunnelKeyName(TapTunnel t, long key) {
        return t.type().text() + " " + t.remoteIp() + " " + key;
    }

    private void releaseTapPort(ConnectPoint port, TapServiceId id) {
        updatePort(port, use -> use.tapService().filter(id::equals).isPresent() ? use.withoutTapService() : use);
    }

    private void releaseSource(ConnectPoint port, TapFlowId id) {
        updatePort(port, use -> use.withoutSource(id));
    }

    // ---- local copies

    // Reads a value back into the copy after a write, or when it is not known yet.
    private TapService refreshService(TapServiceId id) {
        Versioned<TapService> read = services.get(id);
        serviceChanged(() -> serviceCopy.read(id, read));
        return serviceCopy.get(id);
    }

    private TapFlow refreshFlow(TapFlowId id) {
        Versioned<TapFlow> read = flows.get(id);
        flowChanged(() -> flowCopy.read(id, read));
        return flowCopy.get(id);
    }

    private Collection<TapFlow> copiedFlows(Set<TapFlowId> ids) {
        if (ids == null) {
            return ImmutableList.of();
        }
        return ids.stream().map(flowCopy::get).filter(Objects::nonNull).collect(Collectors.toList());
    }

    // Applies a change to the copy and the indexes together, then tells the delegate.
    private void serviceChanged(Supplier<LocalCopy.Change<TapService>> change) {
        LocalCopy.Change<TapService> c;
        synchronized (serviceCopy) {
            c = change.get();
            if (c == null) {
                return;
            }
            // a tunnel tap service has no port
            if (c.before != null && c.before.port() != null) {
                unindex(servicesByPort, c.before.port(), c.before.id());
            }
            if (c.after != null && c.after.port() != null) {
                index(servicesByPort, c.after.port(), c.after.id());
            }
        }
        notifyChange(c, (type, now, before) -> new TaasEvent(type, now, before), TaasEvent.Type.TAP_SERVICE_ADDED,
                     TaasEvent.Type.TAP_SERVICE_UPDATED, TaasEvent.Type.TAP_SERVICE_REMOVED);
    }

    private void flowChanged(Supplier<LocalCopy.Change<TapFlow>> change) {
        LocalCopy.Change<TapFlow> c;
        synchronized (flowCopy) {
            c = change.get();
            if (c == null) {
                return;
            }
            if (c.before != null) {
                unindex(flowsBySource, c.before.sourcePort(), c.before.id());
                unindex(flowsByService, c.before.tapServiceId(), c.before.id());
            }
            if (c.after != null) {
                index(flowsBySource, c.after.sourcePort(), c.after.id());
                index(flowsByService, c.after.tapServiceId(), c.after.id());
            }
        }
        notifyChange(c, (type, now, before) -> new TaasEvent(type, now, before), TaasEvent.Type.TAP_FLOW_ADDED,
                     TaasEvent.Type.TAP_FLOW_UPDATED, TaasEvent.Type.TAP_FLOW_REMOVED);
    }

    /**
     * Makes the event of a change.
     *
     * @param <V> tap service or tap flow
     */
    private interface EventMaker<V> {
        TaasEvent make(TaasEvent.Type type, V subject, V before);
    }

    // Tells the delegate of a change of a copy: added, removed, or updated if it differs.
    private <V> void notifyChange(LocalCopy.Change<V> c, EventMaker<V> maker, TaasEvent.Type added,
                                  TaasEvent.Type updated, TaasEvent.Type removed) {
        if (c.before == null) {
            notifyDelegate(maker.make(added, c.after, null));
        } else if (c.after == null) {
            notifyDelegate(maker.make(removed, c.before, null));
        } else if (!c.after.equals(c.before)) {
            notifyDelegate(maker.make(updated, c.after, c.before));
        }
    }

    private void hopChanged(LocalCopy.Change<TransportHop> c) {
        if (c == null) {
            return;
        }
        TransportHop subject = c.after != null ? c.after : c.before;
        hopListeners.forEach(l -> l.accept(subject));
    }

    private void emittedChanged(DeviceId device, LocalCopy.Change<Set<Integer>> c) {
        if (c != null) {
            emissionListeners.forEach(l -> l.accept(device));
        }
    }

    private static <K, I> void index(Map<K, Set<I>> index, K key, I id) {
        index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(id);
    }

    private static <K, I> void unindex(Map<K, Set<I>> index, K key, I id) {
        index.computeIfPresent(key, (k, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }
}

package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import org.onlab.util.Tools;
import org.onosproject.cfg.ComponentConfigService;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.event.AbstractListenerManager;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasEvent;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasListener;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStore;
import org.onosproject.taas.api.TaasStoreDelegate;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
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
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import static com.google.common.base.Preconditions.checkNotNull;
import static org.onosproject.taas.impl.OsgiPropertyConstants.MAX_TAP_FLOWS;
import static org.onosproject.taas.impl.OsgiPropertyConstants.MAX_TAP_FLOWS_DEFAULT;
import static org.onosproject.taas.impl.OsgiPropertyConstants.MAX_TAP_SERVICES;
import static org.onosproject.taas.impl.OsgiPropertyConstants.MAX_TAP_SERVICES_DEFAULT;
import static org.onosproject.taas.impl.OsgiPropertyConstants.TRANSPORT_VLAN_POOL;
import static org.onosproject.taas.impl.OsgiPropertyConstants.TRANSPORT_VLAN_POOL_DEFAULT;
import static org.slf4j.LoggerFactory.getLogger;

/**
 * Serves the tap service API: validates every request against the rules of DESIGN.md,
 * writes the store, and relays the store's events to listeners.
 */
@Component(immediate = true,
        service = {TaasService.class, TaasAdminService.class},
        property = {
                MAX_TAP_SERVICES + ":Integer=" + MAX_TAP_SERVICES_DEFAULT,
                MAX_TAP_FLOWS + ":Integer=" + MAX_TAP_FLOWS_DEFAULT,
                TRANSPORT_VLAN_POOL + "=" + TRANSPORT_VLAN_POOL_DEFAULT,
        })
public class TaasManager extends AbstractListenerManager<TaasEvent, TaasListener>
        implements TaasService, TaasAdminService {

    /** The application's name, as in app.xml. */
    public static final String APP_NAME = "org.onosproject.taas";

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected TaasStore store;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected ComponentConfigService cfgService;

    /** Most tap services the application keeps. */
    private int maxTapServices = MAX_TAP_SERVICES_DEFAULT;

    /** Most tap flows the application keeps. */
    private int maxTapFlows = MAX_TAP_FLOWS_DEFAULT;

    /** VLAN ids that carry copies to tap ports on other switches, "low-high". */
    private String transportVlanPool = TRANSPORT_VLAN_POOL_DEFAULT;
    private int[] pool = TransportVlanPool.parse(TRANSPORT_VLAN_POOL_DEFAULT);

    private final TaasStoreDelegate delegate = this::post;
    private ApplicationId appId;

    @Activate
    protected void activate(ComponentContext context) {
        appId = coreService.registerApplication(APP_NAME);
        cfgService.registerProperties(getClass());
        modified(context);
        store.setDelegate(delegate);
        eventDispatcher.addSink(TaasEvent.class, listenerRegistry);
        log.info("Started, {}", appId);
    }

    @Deactivate
    protected void deactivate() {
        eventDispatcher.removeSink(TaasEvent.class);
        store.unsetDelegate(delegate);
        cfgService.unregisterProperties(getClass(), false);
        log.info("Stopped");
    }

    @Modified
    protected void modified(ComponentContext context) {
        Dictionary<?, ?> properties = context == null ? null : context.getProperties();
        if (properties == null) {
            return;
        }
        maxTapServices = positive(MAX_TAP_SERVICES,
                Tools.getIntegerProperty(properties, MAX_TAP_SERVICES, MAX_TAP_SERVICES_DEFAULT), maxTapServices);
        maxTapFlows = positive(MAX_TAP_FLOWS,
                Tools.getIntegerProperty(properties, MAX_TAP_FLOWS, MAX_TAP_FLOWS_DEFAULT), maxTapFlows);
        String poolText = Tools.get(properties, TRANSPORT_VLAN_POOL);
        if (poolText != null) {
            try {
                pool = TransportVlanPool.parse(poolText);
                transportVlanPool = poolText.trim();
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring {}={}: {}; keeping {}", TRANSPORT_VLAN_POOL, poolText, e.getMessage(),
                         transportVlanPool);
            }
        }
        log.info("Quotas: {} tap services, {} tap flows; transport VLANs {}", maxTapServices, maxTapFlows,
                 transportVlanPool);
    }

    private int positive(String name, int value, int current) {
        if (value <= 0) {
            log.warn("Ignoring {}={}: must be positive; keeping {}", name, value, current);
            return current;
        }
        return value;
    }

    // ---- queries

    @Override
    public Collection<TapService> getTapServices() {
        return store.getTapServices();
    }

    @Override
    public TapService getTapService(TapServiceId id) {
        return store.getTapService(checkNotNull(id, "tap service id cannot be null"));
    }

    @Override
    public Collection<TapFlow> getTapFlows() {
        return store.getTapFlows();
    }

    @Override
    public Collection<TapFlow> getTapFlows(TapServiceId tapServiceId) {
        return store.getTapFlows(checkNotNull(tapServiceId, "tap service id cannot be null"));
    }

    @Override
    public TapFlow getTapFlow(TapFlowId id) {
        return store.getTapFlow(checkNotNull(id, "tap flow id cannot be null"));
    }

    // ---- administration

    @Override
    public TapService createTapService(TapService tapService) {
        return createTapServices(ImmutableList.of(required(tapService, "tap service"))).get(0);
    }

    @Override
    public synchronized List<TapService> createTapServices(List<TapService> tapServices) {
        TapLookup lookup = new TapLookup(store);
        List<TapService> accepted = new ArrayList<>();
        for (TapService s : required(tapServices, "tap services")) {
            TapService in = required(s, "tap service");
            // a tunnel has nothing of its own to install: its tap flows report each source
            TapService fresh = in.toBuilder().status(in.isTunnel() ? TapStatus.active() : TapStatus.CREATED)
                    .transportVlan(null).build();
            TaasValidator.checkNewService(fresh, lookup, maxTapServices);
            lookup.addPending(fresh);
            accepted.add(fresh);
        }
        // the store claims each port atomically
        return writeAll(accepted, store::createTapService, s -> "id: tap service " + s.id() + " already exists",
                        s -> store.removeTapService(s.id()), store::tapServiceCount, maxTapServices,
                        "tap services", MAX_TAP_SERVICES);
    }

    @Override
    public synchronized TapService updateTapService(TapService tapService) {
        TapService requested = required(tapService, "tap service");
        TapService current = existingService(requested.id());
        TaasValidator.checkServiceUpdate(current, requested);
        TapService updated = store.updateTapService(requested.id(), s -> s.toBuilder()
                .name(requested.name()).description(requested.description()).build());
        if (updated == null) {
            throw TaasException.notFound("tap service " + requested.id() + " does not exist");
        }
        return updated;
    }

    @Override
    public synchronized TapService removeTapService(TapServiceId id) {
        TapService current = existingService(required(id, "tap service id"));
        // its flows, the service, then the flows written meanwhile on other instances: a flow
        // created at the same time either is among those read last or sees its service gone
        // and removes itself (DistributedTaasStore.createTapFlow)
        store.readTapFlows(id).forEach(f -> store.removeTapFlow(f.id()));
        TapService removed = store.removeTapService(id);
        store.readTapFlows(id).forEach(f -> store.removeTapFlow(f.id()));
        TapService gone = removed != null ? removed : current;
        gone.transportVlan().ifPresent(v -> store.releaseTransportVlan(id, v));
        return gone;
    }

    @Override
    public TapFlow createTapFlow(TapFlow tapFlow) {
        return createTapFlows(ImmutableList.of(required(tapFlow, "tap flow"))).get(0);
    }

    @Override
    public synchronized List<TapFlow> createTapFlows(List<TapFlow> tapFlows) {
        TapLookup lookup = new TapLookup(store);
        List<TapFlow> accepted = new ArrayList<>();
        for (TapFlow f : required(tapFlows, "tap flows")) {
            TapFlow fresh = required(f, "tap flow").withStatus(TapStatus.CREATED);
            TaasValidator.checkNewFlow(fresh, lookup, maxTapFlows);
            lookup.addPending(fresh);
            accepted.add(fresh);
        }
        allocateTransportVlans(accepted);
        // the store checks the tap service and claims each selection atomically
        return writeAll(accepted, store::createTapFlow, f -> "id: tap flow " + f.id() + " already exists",
                        f -> store.removeTapFlow(f.id()), store::tapFlowCount, maxTapFlows,
                        "tap flows", MAX_TAP_FLOWS);
    }

    @Override
    public synchronized TapFlow updateTapFlow(TapFlow tapFlow) {
        TapFlow requested = required(tapFlow, "tap flow");
        TapFlow current = store.getTapFlow(requested.id());
        if (current == null) {
            throw TaasException.notFound("tap flow " + requested.id() + " does not exist");
        }
        TaasValidator.checkFlowUpdate(current, requested, new TapLookup(store));
        boolean selectionChanged = !current.selectsSameAs(requested);
        TapFlow updated = store.updateTapFlow(requested.id(), f -> {
            TapFlow.Builder b = f.toBuilder().name(requested.name()).description(requested.description())
                    .direction(requested.direction()).vlanFilter(requested.vlanFilter().orElse(null));
            if (selectionChanged) {
                b.status(TapStatus.build("updated, being reprogrammed").withTerm(f.status().term()));
            }
            return b.build();
        });
        if (updated == null) {
            throw TaasException.notFound("tap flow " + requested.id() + " does not exist");
        }
        return updated;
    }

    @Override
    public synchronized TapFlow removeTapFlow(TapFlowId id) {
        TapFlow removed = store.removeTapFlow(required(id, "tap flow id"));
        if (removed == null) {
            throw TaasException.notFound("tap flow " + id + " does not exist");
        }
        return removed;
    }

    /**
     * Returns the application id under which every rule is installed.
     *
     * @return application id
     */
    public ApplicationId appId() {
        return appId;
    }

    // Writes a batch all or nothing: each object (false: its id is taken), then the quota
    // again, as another instance may have written at the same time (then both may give up);
    // on any refusal, what was written is removed.
    private static <T> List<T> writeAll(List<T> accepted, Predicate<T> create, Function<T, String> taken,
                                        Consumer<T> remove, IntSupplier count, int max, String what,
                                        String property) {
        List<T> written = new ArrayList<>();
        try {
            for (T t : accepted) {
                if (!create.test(t)) {
                    throw TaasException.conflict(taken.apply(t));
                }
                written.add(t);
            }
            if (count.getAsInt() > max) {
                throw TaasValidator.quotaExceeded(max, what, property);
            }
        } catch (RuntimeException e) {
            written.forEach(remove);
            throw e;
        }
        return ImmutableList.copyOf(written);
    }

    // A tap flow whose tap port is on another device needs its service's transport VLAN (a
    // tunnel's copies leave from the source's own switch: none).
    private void allocateTransportVlans(List<TapFlow> flows) {
        for (TapFlow f : flows) {
            TapService s = store.getTapService(f.tapServiceId());
            if (s == null || s.isTunnel() || s.port().deviceId().equals(f.sourcePort().deviceId())
                    || s.transportVlan().isPresent()) {
                continue;
            }
            if (store.allocateTransportVlan(s.id(), pool[0], pool[1]) == null) {
                throw TaasException.conflict("transport VLAN pool " + transportVlanPool + " is exhausted: "
                        + "tap flow " + f.id() + " needs a transport VLAN for tap service " + s.id()
                        + " on another device (component config " + TRANSPORT_VLAN_POOL + ")");
            }
        }
    }

    private TapService existingService(TapServiceId id) {
        TapService current = store.getTapService(id);
        if (current == null) {
            throw TaasException.notFound("tap service " + id + " does not exist");
        }
        return current;
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw TaasException.invalid(what + " is missing");
        }
        return value;
    }
}

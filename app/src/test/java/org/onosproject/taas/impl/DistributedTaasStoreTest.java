package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableSet;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.cfg.ComponentConfigAdapter;
import org.onosproject.net.ConnectPoint;
import org.onosproject.store.service.AsyncConsistentMap;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.ConsistentMapBuilder;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.TestConsistentMap;
import org.onosproject.store.service.TestStorageService;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasEvent;
import org.onosproject.taas.api.TaasStoreDelegate;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * Tests of the distributed store on its own: writes, lookups by service, source and port,
 * counts, and the events it raises to its delegate.
 */
public class DistributedTaasStoreTest {

    private static final ConnectPoint P1 = ConnectPoint.deviceConnectPoint("of:0000000000000001/1");
    private static final ConnectPoint P2 = ConnectPoint.deviceConnectPoint("of:0000000000000001/2");
    private static final ConnectPoint P3 = ConnectPoint.deviceConnectPoint("of:0000000000000002/2");
    private static final ConnectPoint P9 = ConnectPoint.deviceConnectPoint("of:0000000000000001/9");

    private DistributedTaasStore store;
    private final List<TaasEvent> events = new ArrayList<>();
    private final TaasStoreDelegate delegate = events::add;

    private TapService s1;
    private TapService s2;

    @Before
    public void setUp() {
        store = new DistributedTaasStore();
        store.storageService = new TestStorageService();
        store.cfgService = new ComponentConfigAdapter();
        store.activate(null);
        store.setDelegate(delegate);
        s1 = TapService.builder().id(TapServiceId.random()).name("one").port(P1).build();
        s2 = TapService.builder().id(TapServiceId.random()).name("two").port(P9).build();
    }

    @After
    public void tearDown() {
        store.unsetDelegate(delegate);
        store.deactivate();
    }

    private static TapFlow flow(TapService s, ConnectPoint source, Direction d) {
        return TapFlow.builder().id(TapFlowId.random()).tapServiceId(s.id()).sourcePort(source).direction(d)
                .build();
    }

    @Test
    public void servicesByIdAndPort() {
        assertTrue(store.createTapService(s1));
        assertTrue(store.createTapService(s2));
        assertFalse("id taken", store.createTapService(s1.toBuilder().port(P2).build()));
        assertEquals(2, store.tapServiceCount());
        assertEquals(s1, store.getTapService(s1.id()));
        assertEquals(ImmutableSet.of(s1, s2), ImmutableSet.copyOf(store.getTapServices()));
        assertEquals(s1, store.getTapServiceByPort(P1));
        assertEquals(s2, store.getTapServiceByPort(P9));
        assertNull(store.getTapServiceByPort(P2));
        assertNull(store.getTapService(TapServiceId.random()));

        assertEquals(s1, store.removeTapService(s1.id()));
        assertNull(store.getTapServiceByPort(P1));
        assertNull(store.getTapService(s1.id()));
        assertEquals(1, store.tapServiceCount());
        assertNull(store.removeTapService(s1.id()));
        assertNull(store.removeTapService(TapServiceId.random()));
    }

    @Test
    public void flowsByServiceAndSource() {
        store.createTapService(s1);
        store.createTapService(s2);
        TapFlow a = flow(s1, P2, Direction.OUT);
        TapFlow b = flow(s1, P2, Direction.IN);
        TapFlow c = flow(s1, P3, Direction.BOTH);
        TapFlow d = flow(s2, P2, Direction.OUT);
        for (TapFlow f : List.of(a, b, c, d)) {
            assertTrue(store.createTapFlow(f));
        }
        assertFalse("id taken", store.createTapFlow(a.toBuilder().sourcePort(P3).build()));
        assertEquals(4, store.tapFlowCount());
        assertEquals(a, store.getTapFlow(a.id()));
        assertEquals(ImmutableSet.of(a, b, c, d), ImmutableSet.copyOf(store.getTapFlows()));
        assertEquals(ImmutableSet.of(a, b, c), ImmutableSet.copyOf(store.getTapFlows(s1.id())));
        assertEquals(ImmutableSet.of(d), ImmutableSet.copyOf(store.getTapFlows(s2.id())));
        assertTrue(store.getTapFlows(TapServiceId.random()).isEmpty());
        assertEquals(ImmutableSet.of(a, b, d), ImmutableSet.copyOf(store.getTapFlowsBySource(P2)));
        assertEquals(ImmutableSet.of(c), ImmutableSet.copyOf(store.getTapFlowsBySource(P3)));
        assertTrue(store.getTapFlowsBySource(P1).isEmpty());

        assertEquals(b, store.removeTapFlow(b.id()));
        assertEquals(ImmutableSet.of(a, d), ImmutableSet.copyOf(store.getTapFlowsBySource(P2)));
        assertEquals(ImmutableSet.of(a, c), ImmutableSet.copyOf(store.getTapFlows(s1.id())));
        assertEquals(3, store.tapFlowCount());
        assertNull(store.getTapFlow(b.id()));
    }

    @Test
    public void removingUnknownIdsIsHarmless() {
        store.createTapService(s1);
        TapFlow a = flow(s1, P2, Direction.OUT);
        store.createTapFlow(a);
        events.clear();
        assertNull(store.removeTapFlow(TapFlowId.random()));
        assertNull(store.removeTapService(TapServiceId.random()));
        assertEquals(a, store.removeTapFlow(a.id()));
        assertNull(store.removeTapFlow(a.id()));
        assertEquals(1, events.size());
        assertEquals(TaasEvent.Type.TAP_FLOW_REMOVED, events.get(0).type());
    }

    @Test
    public void updatesAreAtomicAndIndexed() {
        store.createTapService(s1);
        TapFlow a = flow(s1, P2, Direction.OUT);
        store.createTapFlow(a);
        TapFlow filtered = store.updateTapFlow(a.id(), f -> f.toBuilder().vlanFilter(VlanFilter.of(7)).build());
        assertEquals(VlanFilter.of(7), filtered.vlanFilter().get());
        assertEquals(filtered, store.getTapFlow(a.id()));
        assertEquals(ImmutableSet.of(filtered), ImmutableSet.copyOf(store.getTapFlowsBySource(P2)));
        assertEquals(ImmutableSet.of(filtered), ImmutableSet.copyOf(store.getTapFlows(s1.id())));
        TapService down = store.updateTapService(s1.id(), s -> s.withStatus(TapStatus.down("x")));
        assertEquals(down, store.getTapServiceByPort(P1));
        assertNull(store.updateTapFlow(TapFlowId.random(), f -> f));
        assertNull(store.updateTapService(TapServiceId.random(), s -> s));
    }

    @Test
    public void delegateHearsEveryChange() {
        store.createTapService(s1);
        TapFlow a = flow(s1, P2, Direction.OUT);
        store.createTapFlow(a);
        TapService renamed = store.updateTapService(s1.id(), s -> s.toBuilder().name("renamed").build());
        TapFlow active = store.updateTapFlow(a.id(), f -> f.withStatus(TapStatus.active()));
        store.updateTapFlow(a.id(), f -> f);
        store.updateTapService(s1.id(), s -> s);
        store.removeTapFlow(a.id());
        store.removeTapService(s1.id());

        List<TaasEvent.Type> types = new ArrayList<>();
        events.forEach(e -> types.add(e.type()));
        assertEquals(List.of(TaasEvent.Type.TAP_SERVICE_ADDED, TaasEvent.Type.TAP_FLOW_ADDED,
                TaasEvent.Type.TAP_SERVICE_UPDATED, TaasEvent.Type.TAP_FLOW_UPDATED,
                TaasEvent.Type.TAP_FLOW_REMOVED, TaasEvent.Type.TAP_SERVICE_REMOVED), types);
        assertEquals(s1, events.get(0).subject());
        assertEquals(renamed, events.get(2).subject());
        assertEquals(s1, events.get(2).prevSubject());
        assertEquals(active, events.get(3).subject());
        assertEquals(a, events.get(3).prevSubject());
        assertEquals(active, events.get(4).subject());
        assertEquals(renamed, events.get(5).subject());
    }

    /**
     * Storage whose maps are shared by name, as the instances of a cluster share them.
     */
    private static final class SharedStorageService extends TestStorageService {
        private final Map<String, ConsistentMap<?, ?>> maps = new HashMap<>();

        @Override
        public <K, V> ConsistentMapBuilder<K, V> consistentMapBuilder() {
            return new ConsistentMapBuilder<K, V>() {
                @Override
                @SuppressWarnings("unchecked")
                public ConsistentMap<K, V> build() {
                    Serializer serializer = serializer();
                    return (ConsistentMap<K, V>) maps.computeIfAbsent(name(),
                            n -> ((ConsistentMapBuilder<K, V>) TestConsistentMap.builder())
                                    .withName(n).withSerializer(serializer).build());
                }

                @Override
                public AsyncConsistentMap<K, V> buildAsyncMap() {
                    throw new UnsupportedOperationException("not used");
                }
            };
        }
    }

    private static DistributedTaasStore storeOn(SharedStorageService storage) {
        DistributedTaasStore s = new DistributedTaasStore();
        s.storageService = storage;
        s.cfgService = new ComponentConfigAdapter();
        s.activate(null);
        return s;
    }

    @Test
    public void otherInstanceHearsAndIndexesEveryChange() {
        SharedStorageService storage = new SharedStorageService();
        DistributedTaasStore a = storeOn(storage);
        DistributedTaasStore b = storeOn(storage);
        List<TaasEvent> heardByB = new ArrayList<>();
        b.setDelegate(heardByB::add);

        a.createTapService(s1);
        TapFlow f = flow(s1, P2, Direction.OUT);
        a.createTapFlow(f);
        assertEquals(s1, b.getTapService(s1.id()));
        assertEquals(s1, b.getTapServiceByPort(P1));
        assertEquals(ImmutableSet.of(f), ImmutableSet.copyOf(b.getTapFlowsBySource(P2)));
        assertEquals(ImmutableSet.of(f), ImmutableSet.copyOf(b.getTapFlows(s1.id())));
        assertEquals(1, b.tapFlowCount());

        TapFlow active = a.updateTapFlow(f.id(), x -> x.withStatus(TapStatus.active()));
        a.removeTapFlow(f.id());
        a.removeTapService(s1.id());
        assertNull(b.getTapServiceByPort(P1));
        assertTrue(b.getTapFlowsBySource(P2).isEmpty());
        assertTrue(b.getTapFlows(s1.id()).isEmpty());

        List<TaasEvent.Type> types = new ArrayList<>();
        heardByB.forEach(e -> types.add(e.type()));
        assertEquals(List.of(TaasEvent.Type.TAP_SERVICE_ADDED, TaasEvent.Type.TAP_FLOW_ADDED,
                TaasEvent.Type.TAP_FLOW_UPDATED, TaasEvent.Type.TAP_FLOW_REMOVED,
                TaasEvent.Type.TAP_SERVICE_REMOVED), types);
        assertEquals(active, heardByB.get(2).subject());
        a.deactivate();
        b.deactivate();
    }

    @Test
    public void restartedInstanceIndexesWhatIsStored() {
        SharedStorageService storage = new SharedStorageService();
        DistributedTaasStore a = storeOn(storage);
        a.createTapService(s1);
        a.createTapService(s2);
        TapFlow f = flow(s1, P2, Direction.IN);
        TapFlow g = flow(s2, P2, Direction.BOTH);
        a.createTapFlow(f);
        a.createTapFlow(g);
        a.deactivate();

        DistributedTaasStore restarted = storeOn(storage);
        assertEquals(2, restarted.tapServiceCount());
        assertEquals(s2, restarted.getTapServiceByPort(P9));
        assertEquals(ImmutableSet.of(f, g), ImmutableSet.copyOf(restarted.getTapFlowsBySource(P2)));
        assertEquals(ImmutableSet.of(g), ImmutableSet.copyOf(restarted.getTapFlows(s2.id())));
        restarted.deactivate();
    }
}

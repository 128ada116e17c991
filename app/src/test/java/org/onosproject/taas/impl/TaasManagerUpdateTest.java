package org.onosproject.taas.impl;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableSet;
import org.junit.Test;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasEvent;
import org.onosproject.taas.api.TaasException.Kind;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;

import java.util.HashSet;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * Updates, removals and the cascade delete of the manager.
 */
public class TaasManagerUpdateTest extends AbstractTaasManagerTest {

    @Test
    public void serviceNameAndDescriptionUpdate() {
        TapService s = manager.createTapService(service(cp(1, 1)).name("a").description("b").tenant("t").build());
        store.updateTapService(s.id(), x -> x.withStatus(TapStatus.active()));
        TapService updated = manager.updateTapService(s.toBuilder().name("new name").description("new\ndesc")
                .status(TapStatus.error("ignored")).build());
        assertEquals("new name", updated.name());
        assertEquals("new\ndesc", updated.description());
        assertEquals(s.port(), updated.port());
        assertEquals("t", updated.tenant());
        assertEquals("status is not the caller's to set", TapStatus.active(), updated.status());
        assertEquals(updated, manager.getTapService(s.id()));
        assertEquals(1, store.tapServiceCount());
        assertEquals(updated, store.getTapServiceByPort(cp(1, 1)));
    }

    @Test
    public void servicePortAndTenantCannotChange() {
        TapService s = manager.createTapService(service(cp(1, 1)).tenant("t").build());
        assertRefused(Kind.INVALID, () -> manager.updateTapService(s.toBuilder().port(cp(1, 2)).build()),
                "port of tap service " + s.id(), "cannot be changed");
        assertRefused(Kind.INVALID, () -> manager.updateTapService(s.toBuilder().tenant("u").build()),
                "tenant of tap service " + s.id(), "cannot be changed");
        assertRefused(Kind.INVALID, () -> manager.updateTapService(s.toBuilder()
                .name(Strings.repeat("x", 256)).build()), "name is too long");
        assertRefused(Kind.INVALID, () -> manager.updateTapService(s.toBuilder().name("a\u0007").build()),
                "name contains a control character");
        assertRefused(Kind.INVALID, () -> manager.updateTapService(s.toBuilder()
                .description(Strings.repeat("x", 1025)).build()), "description is too long");
    }

    @Test
    public void unknownIdsOnUpdateAndRemove() {
        TapService s = addService(cp(1, 1));
        TapFlow f = addFlow(s.id(), cp(1, 2), Direction.OUT, null);
        TapServiceId unknownService = TapServiceId.random();
        TapFlowId unknownFlow = TapFlowId.random();
        assertRefused(Kind.NOT_FOUND, () -> manager.updateTapService(s.toBuilder().id(unknownService).build()),
                "tap service " + unknownService, "does not exist");
        assertRefused(Kind.NOT_FOUND, () -> manager.removeTapService(unknownService),
                "tap service " + unknownService, "does not exist");
        assertRefused(Kind.NOT_FOUND, () -> manager.updateTapFlow(f.toBuilder().id(unknownFlow).build()),
                "tap flow " + unknownFlow, "does not exist");
        assertRefused(Kind.NOT_FOUND, () -> manager.removeTapFlow(unknownFlow),
                "tap flow " + unknownFlow, "does not exist");
        assertNull(manager.getTapService(unknownService));
        assertNull(manager.getTapFlow(unknownFlow));
    }

    @Test
    public void flowNameAndDescriptionUpdateKeepsStatus() {
        TapService s = addService(cp(1, 1));
        TapFlow f = addFlow(s.id(), cp(1, 2), Direction.OUT, "10");
        store.updateTapFlow(f.id(), x -> x.withStatus(TapStatus.active()));
        TapFlow updated = manager.updateTapFlow(f.toBuilder().name("renamed").description("why").build());
        assertEquals("renamed", updated.name());
        assertEquals("why", updated.description());
        assertEquals(TapStatus.active(), updated.status());
        assertEquals(updated, manager.getTapFlow(f.id()));
    }

    @Test
    public void flowDirectionAndFilterUpdateInPlace() {
        TapService s = addService(cp(1, 1));
        TapFlow f = addFlow(s.id(), cp(1, 2), Direction.OUT, "10");
        store.updateTapFlow(f.id(), x -> x.withStatus(TapStatus.active()));

        TapFlow turned = manager.updateTapFlow(f.toBuilder().direction(Direction.BOTH).build());
        assertEquals(f.id(), turned.id());
        assertEquals(Direction.BOTH, turned.direction());
        assertEquals(TapStatus.State.BUILD, turned.status().state());
        assertEquals(turned, manager.getTapFlow(f.id()));

        TapFlow refiltered = manager.updateTapFlow(turned.toBuilder().vlanFilter(VlanFilter.parse("0,20-30"))
                .build());
        assertEquals(VlanFilter.parse("0,20-30"), refiltered.vlanFilter().get());
        assertEquals(Direction.BOTH, refiltered.direction());

        TapFlow unfiltered = manager.updateTapFlow(refiltered.toBuilder().vlanFilter(null).build());
        assertFalse(unfiltered.vlanFilter().isPresent());
        assertEquals(1, store.tapFlowCount());
        assertEquals(1, store.getTapFlowsBySource(cp(1, 2)).size());
        assertEquals(unfiltered, store.getTapFlowsBySource(cp(1, 2)).iterator().next());
        assertEquals(unfiltered, manager.getTapFlows(s.id()).iterator().next());
    }

    @Test
    public void flowSourceServiceAndTenantCannotChange() {
        TapService s = addService(cp(1, 1));
        TapService t = addService(cp(1, 9));
        TapFlow f = manager.createTapFlow(flow(s.id(), cp(1, 2), Direction.OUT).tenant("t").build());
        assertRefused(Kind.INVALID, () -> manager.updateTapFlow(f.toBuilder().sourcePort(cp(1, 3)).build()),
                "sourcePort of tap flow " + f.id(), "cannot be changed");
        assertRefused(Kind.INVALID, () -> manager.updateTapFlow(f.toBuilder().tapServiceId(t.id()).build()),
                "tapServiceId of tap flow " + f.id(), "cannot be changed");
        assertRefused(Kind.INVALID, () -> manager.updateTapFlow(f.toBuilder().tenant("u").build()),
                "tenant of tap flow " + f.id(), "cannot be changed");
        assertRefused(Kind.INVALID, () -> manager.updateTapFlow(f.toBuilder().name("\u0000").build()),
                "name contains a control character");
    }

    @Test
    public void flowUpdateProducingDuplicateIsRefused() {
        TapService s = addService(cp(1, 1));
        TapFlow out = addFlow(s.id(), cp(1, 2), Direction.OUT, "5");
        TapFlow in = addFlow(s.id(), cp(1, 2), Direction.IN, "5");
        TapFlow other = addFlow(s.id(), cp(1, 2), Direction.IN, "6");
        assertRefused(Kind.CONFLICT, () -> manager.updateTapFlow(in.toBuilder().direction(Direction.OUT).build()),
                "duplicate", "tap flow " + out.id());
        assertRefused(Kind.CONFLICT, () -> manager.updateTapFlow(other.toBuilder()
                .vlanFilter(VlanFilter.of(5)).build()), "duplicate", "tap flow " + in.id());
        // an update that keeps its own selection is not a duplicate of itself
        manager.updateTapFlow(in.toBuilder().name("same selection").build());
        manager.updateTapFlow(other.toBuilder().vlanFilter(VlanFilter.parse("6-7")).build());
    }

    @Test
    public void removeFlow() {
        TapService s = addService(cp(1, 1));
        TapFlow f = addFlow(s.id(), cp(1, 2), Direction.OUT, null);
        TapFlow g = addFlow(s.id(), cp(1, 2), Direction.IN, null);
        assertEquals(f, manager.removeTapFlow(f.id()));
        assertNull(manager.getTapFlow(f.id()));
        assertEquals(1, store.tapFlowCount());
        assertEquals(1, store.getTapFlowsBySource(cp(1, 2)).size());
        assertEquals(g, manager.removeTapFlow(g.id()));
        assertTrue(store.getTapFlowsBySource(cp(1, 2)).isEmpty());
        assertTrue(manager.getTapFlows(s.id()).isEmpty());
        // the source port is free again: it may now become a tap service port
        addService(cp(1, 2));
        assertRefused(Kind.NOT_FOUND, () -> manager.removeTapFlow(f.id()), "does not exist");
    }

    @Test
    public void removeServiceCascadesToItsFlows() {
        TapService s = addService(cp(1, 1));
        TapService keep = addService(cp(1, 9));
        TapFlow f1 = addFlow(s.id(), cp(1, 2), Direction.OUT, null);
        TapFlow f2 = addFlow(s.id(), cp(1, 2), Direction.IN, "5");
        TapFlow f3 = addFlow(s.id(), cp(1, 3), Direction.BOTH, null);
        TapFlow kept = addFlow(keep.id(), cp(1, 2), Direction.OUT, null);
        events.clear();

        assertEquals(s, manager.removeTapService(s.id()));

        assertNull(manager.getTapService(s.id()));
        assertNull(manager.getTapFlow(f1.id()));
        assertNull(manager.getTapFlow(f2.id()));
        assertNull(manager.getTapFlow(f3.id()));
        assertEquals(kept, manager.getTapFlow(kept.id()));
        assertEquals(1, store.tapServiceCount());
        assertEquals(1, store.tapFlowCount());
        assertTrue(manager.getTapFlows(s.id()).isEmpty());
        assertTrue(store.getTapFlowsBySource(cp(1, 3)).isEmpty());
        assertEquals(1, store.getTapFlowsBySource(cp(1, 2)).size());
        assertNull(store.getTapServiceByPort(cp(1, 1)));

        assertEquals(4, events.size());
        Set<Object> removedFlows = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            assertEquals(TaasEvent.Type.TAP_FLOW_REMOVED, events.get(i).type());
            removedFlows.add(events.get(i).subject());
        }
        assertEquals(ImmutableSet.of(f1, f2, f3), removedFlows);
        assertEquals(TaasEvent.Type.TAP_SERVICE_REMOVED, events.get(3).type());
        assertEquals(s, events.get(3).subject());

        // its port is free again, and may be reused or mirrored
        TapService again = addService(cp(1, 1));
        assertEquals(again, store.getTapServiceByPort(cp(1, 1)));
        manager.removeTapService(again.id());
        addFlow(keep.id(), cp(1, 1), Direction.OUT, null);
        assertRefused(Kind.NOT_FOUND, () -> manager.removeTapService(s.id()), "does not exist");
    }
}

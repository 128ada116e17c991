package org.onosproject.taas.impl;

import org.junit.Test;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasEvent;
import org.onosproject.taas.api.TaasListener;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;

import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

/**
 * Events a {@link TaasListener} sees for every change made through the manager or the store.
 */
public class TaasManagerEventTest extends AbstractTaasManagerTest {

    private TaasEvent only() {
        assertEquals("events: " + events, 1, events.size());
        TaasEvent e = events.get(0);
        events.clear();
        return e;
    }

    @Test
    public void tapServiceEvents() {
        TapService s = addService(cp(1, 1));
        TaasEvent added = only();
        assertEquals(TaasEvent.Type.TAP_SERVICE_ADDED, added.type());
        assertEquals(s, added.subject());
        assertTrue(added.isTapServiceEvent());
        assertNull(added.prevSubject());

        TapService renamed = manager.updateTapService(s.toBuilder().name("renamed").build());
        TaasEvent updated = only();
        assertEquals(TaasEvent.Type.TAP_SERVICE_UPDATED, updated.type());
        assertEquals(renamed, updated.tapService());
        assertEquals(s, updated.prevSubject());

        TapService removed = manager.removeTapService(s.id());
        TaasEvent gone = only();
        assertEquals(TaasEvent.Type.TAP_SERVICE_REMOVED, gone.type());
        assertEquals(removed, gone.subject());
        assertEquals(renamed, gone.subject());
        assertNull(gone.prevSubject());
    }

    @Test
    public void tapFlowEvents() {
        TapService s = addService(cp(1, 1));
        events.clear();
        TapFlow f = addFlow(s.id(), cp(1, 2), Direction.OUT, "5");
        TaasEvent added = only();
        assertEquals(TaasEvent.Type.TAP_FLOW_ADDED, added.type());
        assertEquals(f, added.tapFlow());
        assertNull(added.prevSubject());

        TapFlow turned = manager.updateTapFlow(f.toBuilder().direction(Direction.IN)
                .vlanFilter(VlanFilter.parse("5-9")).build());
        TaasEvent updated = only();
        assertEquals(TaasEvent.Type.TAP_FLOW_UPDATED, updated.type());
        assertEquals(turned, updated.subject());
        assertEquals(f, updated.prevSubject());

        manager.removeTapFlow(f.id());
        TaasEvent gone = only();
        assertEquals(TaasEvent.Type.TAP_FLOW_REMOVED, gone.type());
        assertEquals(turned, gone.subject());
    }

    @Test
    public void noEventForNoOpUpdates() {
        TapService s = manager.createTapService(service(cp(1, 1)).name("n").description("d").build());
        TapFlow f = manager.createTapFlow(flow(s.id(), cp(1, 2), Direction.OUT, "1-3").name("f").build());
        events.clear();
        assertEquals(s, manager.updateTapService(s));
        assertEquals(s, manager.updateTapService(s.toBuilder().status(TapStatus.active()).build()));
        assertEquals(f, manager.updateTapFlow(f));
        assertEquals(f, manager.updateTapFlow(f.toBuilder().vlanFilter(VlanFilter.parse("3,2,1")).build()));
        assertEquals(f, manager.updateTapFlow(f.toBuilder().status(TapStatus.error("x")).build()));
        assertTrue("events: " + events, events.isEmpty());
    }

    @Test
    public void statusChangesRaiseUpdates() {
        TapService s = addService(cp(1, 1));
        TapFlow f = addFlow(s.id(), cp(1, 2), Direction.OUT, null);
        events.clear();
        TapService down = store.updateTapService(s.id(), x -> x.withStatus(TapStatus.down("port gone")));
        TaasEvent e = only();
        assertEquals(TaasEvent.Type.TAP_SERVICE_UPDATED, e.type());
        assertEquals(down, e.subject());
        assertEquals(s, e.prevSubject());
        TapFlow active = store.updateTapFlow(f.id(), x -> x.withStatus(TapStatus.active()));
        TaasEvent fe = only();
        assertEquals(TaasEvent.Type.TAP_FLOW_UPDATED, fe.type());
        assertEquals(active, fe.subject());
        assertEquals(f, fe.prevSubject());
        store.updateTapFlow(f.id(), x -> x.withStatus(TapStatus.active()));
        assertTrue(events.isEmpty());
    }

    @Test
    public void bulkCreateRaisesOneEventPerObject() {
        List<TapService> created = manager.createTapServices(List.of(service(cp(1, 1)).build(),
                service(cp(1, 2)).build()));
        assertEquals(2, events.size());
        assertEquals(created.get(0), events.get(0).subject());
        assertEquals(created.get(1), events.get(1).subject());
    }

    @Test
    public void removedListenerHearsNothing() {
        List<TaasEvent> heard = new ArrayList<>();
        TaasListener other = heard::add;
        manager.addListener(other);
        TapService s = addService(cp(1, 1));
        assertEquals(1, heard.size());
        assertSame(events.get(0), heard.get(0));
        manager.removeListener(other);
        manager.removeTapService(s.id());
        assertEquals(1, heard.size());
        assertEquals(2, events.size());
    }
}

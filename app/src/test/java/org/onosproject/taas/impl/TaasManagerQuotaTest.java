package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import org.junit.Test;
import org.onlab.osgi.ComponentContextAdapter;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasException.Kind;
import org.onosproject.taas.api.TapService;

import java.util.Dictionary;
import java.util.Hashtable;

import static org.junit.Assert.assertEquals;

/**
 * Quotas of tap services and tap flows, set through component configuration.
 */
public class TaasManagerQuotaTest extends AbstractTaasManagerTest {

    private void configure(Object maxServices, Object maxFlows) {
        Hashtable<String, Object> props = new Hashtable<>();
        if (maxServices != null) {
            props.put(OsgiPropertyConstants.MAX_TAP_SERVICES, maxServices);
        }
        if (maxFlows != null) {
            props.put(OsgiPropertyConstants.MAX_TAP_FLOWS, maxFlows);
        }
        manager.modified(new ComponentContextAdapter() {
            @Override
            public Dictionary getProperties() {
                return props;
            }
        });
    }

    @Test
    public void serviceQuota() {
        configure(2, null);
        addService(cp(1, 1));
        addService(cp(1, 2));
        assertRefused(Kind.CONFLICT, () -> addService(cp(1, 3)),
                "quota exceeded", "at most 2 tap services", "maxTapServices");
        manager.removeTapService(manager.getTapServices().iterator().next().id());
        addService(cp(1, 3));
        assertEquals(2, store.tapServiceCount());
    }

    @Test
    public void serviceQuotaAppliesToWholeBatch() {
        configure("3", null);
        addService(cp(1, 1));
        assertRefused(Kind.CONFLICT, () -> manager.createTapServices(ImmutableList.of(service(cp(1, 2)).build(),
                service(cp(1, 3)).build(), service(cp(1, 4)).build())), "quota exceeded", "3 tap services");
        manager.createTapServices(ImmutableList.of(service(cp(1, 2)).build(), service(cp(1, 3)).build()));
        assertEquals(3, store.tapServiceCount());
    }

    @Test
    public void flowQuota() {
        configure(null, 3);
        TapService s = addService(cp(1, 1));
        addFlow(s.id(), cp(1, 2), Direction.IN, null);
        addFlow(s.id(), cp(1, 2), Direction.OUT, null);
        assertRefused(Kind.CONFLICT, () -> manager.createTapFlows(ImmutableList.of(
                flow(s.id(), cp(1, 3), Direction.IN).build(), flow(s.id(), cp(1, 3), Direction.OUT).build())),
                "quota exceeded", "at most 3 tap flows", "maxTapFlows");
        addFlow(s.id(), cp(1, 3), Direction.IN, null);
        assertRefused(Kind.CONFLICT, () -> addFlow(s.id(), cp(1, 4), Direction.IN, null), "at most 3 tap flows");
        assertEquals(3, store.tapFlowCount());
    }

    @Test
    public void loweredQuotaKeepsExistingObjects() {
        TapService s = addService(cp(1, 1));
        addService(cp(1, 2));
        addFlow(s.id(), cp(1, 3), Direction.IN, null);
        addFlow(s.id(), cp(1, 3), Direction.OUT, null);
        configure(1, 1);
        assertEquals(2, store.tapServiceCount());
        assertEquals(2, store.tapFlowCount());
        assertRefused(Kind.CONFLICT, () -> addService(cp(1, 9)), "at most 1 tap services");
        assertRefused(Kind.CONFLICT, () -> addFlow(s.id(), cp(1, 4), Direction.IN, null), "at most 1 tap flows");
        // updates and removals are not limited by quotas
        manager.updateTapService(s.toBuilder().name("renamed").build());
        manager.removeTapService(s.id());
        assertEquals(0, store.tapFlowCount());
    }

    @Test
    public void nonPositiveQuotaIsIgnored() {
        configure(1, null);
        configure(0, -5);
        addService(cp(1, 1));
        assertRefused(Kind.CONFLICT, () -> addService(cp(1, 2)), "at most 1 tap services");
    }

    @Test
    public void defaultsWithoutProperties() {
        configure(1, 1);
        configure(null, null);
        manager.modified(null);
        TapService s = addService(cp(1, 1));
        addService(cp(1, 2));
        addFlow(s.id(), cp(1, 3), Direction.IN, null);
        addFlow(s.id(), cp(1, 3), Direction.OUT, null);
        assertEquals(2, store.tapServiceCount());
        assertEquals(2, store.tapFlowCount());
    }
}

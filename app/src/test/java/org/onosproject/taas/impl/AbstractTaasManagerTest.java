package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import org.junit.After;
import org.junit.Before;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasEvent;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasListener;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.VlanFilter;

import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Base of the manager tests: a real manager and store from {@link TaasTestFixture}, a listener
 * that records every event, builders of test objects, and a check that a refused request
 * changed nothing.
 */
public abstract class AbstractTaasManagerTest {

    protected TaasTestFixture fixture;
    protected TaasManager manager;
    protected DistributedTaasStore store;
    protected final List<TaasEvent> events = new ArrayList<>();
    private final TaasListener listener = events::add;

    @Before
    public void setUpFixture() {
        fixture = new TaasTestFixture();
        manager = fixture.manager();
        store = fixture.store();
        manager.addListener(listener);
    }

    @After
    public void tearDownFixture() {
        manager.removeListener(listener);
        fixture.tearDown();
    }

    /**
     * Returns port {@code port} of OpenFlow device {@code dev}.
     *
     * @param dev  datapath id
     * @param port port number
     * @return connect point
     */
    protected static ConnectPoint cp(int dev, int port) {
        return ConnectPoint.deviceConnectPoint(String.format("of:%016x/%d", dev, port));
    }

    protected static TapService.Builder service(ConnectPoint port) {
        return TapService.builder().id(TapServiceId.random()).name("svc-" + port).port(port);
    }

    protected static TapFlow.Builder flow(TapServiceId sid, ConnectPoint source, Direction direction) {
        return TapFlow.builder().id(TapFlowId.random()).name("flow").tapServiceId(sid)
                .sourcePort(source).direction(direction);
    }

    protected static TapFlow.Builder flow(TapServiceId sid, ConnectPoint source, Direction direction,
                                          String filter) {
        return flow(sid, source, direction).vlanFilter(filter == null ? null : VlanFilter.parse(filter));
    }

    protected TapService addService(ConnectPoint port) {
        return manager.createTapService(service(port).build());
    }

    protected TapFlow addFlow(TapServiceId sid, ConnectPoint source, Direction direction, String filter) {
        return manager.createTapFlow(flow(sid, source, direction, filter).build());
    }

    /**
     * What a refused request must leave untouched: every stored object and every count.
     *
     * @return snapshot of the store
     */
    protected List<Object> snapshot() {
        return ImmutableList.of(ImmutableSet.copyOf(store.getTapServices()),
                ImmutableSet.copyOf(store.getTapFlows()),
                ImmutableSet.copyOf(manager.getTapServices()),
                ImmutableSet.copyOf(manager.getTapFlows()),
                store.tapServiceCount(), store.tapFlowCount());
    }

    /**
     * Runs a request that must be refused, and checks the kind of refusal, that the message
     * names the problem, that the store is unchanged and that no event was raised.
     *
     * @param kind      expected kind
     * @param action    the request
     * @param fragments texts the message must contain
     * @return the exception
     */
    protected TaasException assertRefused(TaasException.Kind kind, Runnable action, String... fragments) {
        List<Object> before = snapshot();
        int eventsBefore = events.size();
        try {
            action.run();
            fail("request was accepted; expected " + kind);
            return null;
        } catch (TaasException e) {
            assertEquals("kind of refusal (" + e.getMessage() + ")", kind, e.kind());
            for (String fragment : fragments) {
                assertThat(e.getMessage(), containsString(fragment));
            }
            assertEquals("store changed by a refused request", before, snapshot());
            assertTrue("events raised by a refused request: " + events.subList(eventsBefore, events.size()),
                    events.size() == eventsBefore);
            return e;
        }
    }
}

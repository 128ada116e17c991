package org.onosproject.taas.impl;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupBucket;
import org.onlab.osgi.ComponentContextAdapter;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.onosproject.taas.impl.FakeNetwork.cp;
import static org.onosproject.taas.impl.FakeNetwork.did;

/**
 * Remote tap services: a source on s1, its tap port on s3, reached through s2 (or s4 when the
 * s1-s2 link is cut). Topology: s1/3-s2/1, s2/2-s3/1, s1/4-s4/1, s4/2-s3/2; hosts on port 5.
 */
public class RemoteTapTest {

    private static final ConnectPoint SRC = cp(1, 5);
    private static final ConnectPoint TAP = cp(3, 5);

    private TaasTestFixture fixture;
    private FakeNetwork net;
    private TapProgrammer programmer;

    @Before
    public void setUp() {
        fixture = new TaasTestFixture();
        net = new FakeNetwork();
        for (int d = 1; d <= 4; d++) {
            net.addDevice(d, 6);
        }
        net.addLink(cp(1, 3), cp(2, 1));
        net.addLink(cp(2, 2), cp(3, 1));
        programmer = net.startProgrammer(fixture);
    }

    @After
    public void tearDown() {
        programmer.deactivate();
        fixture.tearDown();
    }

    private void idle() {
        FakeNetwork.settle(programmer);
    }

    private TapService service(ConnectPoint port) {
        return fixture.manager().createTapService(TapService.builder().id(TapServiceId.random()).port(port).build());
    }

    private TapFlow flow(ConnectPoint src, TapService s) {
        return fixture.manager().createTapFlow(TapFlow.builder().id(TapFlowId.random()).sourcePort(src)
                .tapServiceId(s.id()).direction(Direction.OUT).build());
    }

    private static TrafficSelector transit(int inPort, int vlan) {
        return DefaultTrafficSelector.builder().matchInPort(PortNumber.portNumber(inPort))
                .matchVlanId(VlanId.vlanId((short) vlan)).build();
    }

    private FlowEntry ruleOn(DeviceId d, TrafficSelector sel) {
        List<FlowEntry> found = net.flowRules.on(d).stream().filter(r -> r.selector().equals(sel))
                .collect(Collectors.toList());
        assertEquals("rule " + sel + " on " + d + ": " + net.flowRules.on(d), 1, found.size());
        return found.get(0);
    }

    private boolean hasRule(DeviceId d, TrafficSelector sel) {
        return net.flowRules.on(d).stream().anyMatch(r -> r.selector().equals(sel));
    }

    @Test
    public void copiesAreTaggedCarriedAndUntaggedAtTheTapPort() {
        TapService s = service(TAP);
        TapFlow f = flow(SRC, s);
        idle();
        int vlan = fixture.manager().getTapService(s.id()).transportVlan().get();
        assertEquals(3900, vlan);
        // source: the group pushes the transport tag and outputs towards s2
        Group g = net.groups.all().stream().filter(x -> x.deviceId().equals(did(1))).findFirst().get();
        GroupBucket copy = g.buckets().buckets().get(0);
        assertEquals(DefaultTrafficTreatment.builder().pushVlan().setVlanId(VlanId.vlanId((short) vlan))
                             .setOutput(PortNumber.portNumber(3)).build(), copy.treatment());
        // transit on s2, last hop on s3
        assertEquals(DefaultTrafficTreatment.builder().setOutput(PortNumber.portNumber(2)).build(),
                     ruleOn(did(2), transit(1, vlan)).treatment());
        FlowEntry last = ruleOn(did(3), transit(1, vlan));
        assertEquals(DefaultTrafficTreatment.builder().popVlan().setOutput(TAP.port()).build(), last.treatment());
        assertEquals(65006, last.priority());
        // every switch drops the transport VLAN below the transit rules
        for (int d = 1; d <= 4; d++) {
            FlowEntry drop = ruleOn(did(d), DefaultTrafficSelector.builder()
                    .matchVlanId(VlanId.vlanId((short) vlan)).build());
            assertEquals(65005, drop.priority());
            assertTrue(drop.treatment().allInstructions().stream()
                               .allMatch(i -> i.type() == Instruction.Type.NOACTION));
        }
        TapStatus st = fixture.manager().getTapFlow(f.id()).status();
        assertEquals(TapStatus.State.ACTIVE, st.state());
        assertEquals(List.of(cp(1, 3), cp(2, 1), cp(2, 2), cp(3, 1), TAP), st.path());
    }

    // A second path from s1 to s3 via s4, and an OUT flow on SRC mirrored via s2, settled.
    private TapFlow mirroredWithTwoPaths() {
        net.addLink(cp(1, 4), cp(4, 1));
        net.addLink(cp(4, 2), cp(3, 2));
        TapFlow f = flow(SRC, service(TAP));
        idle();
        TapStatus active = fixture.manager().getTapFlow(f.id()).status();
        assertEquals(active.toString(), TapStatus.State.ACTIVE, active.state());
        return f;
    }

    @Test
    public void linkFailureMovesThePathAndNoPathIsDown() {
        TapFlow f = mirroredWithTwoPaths();
        TapService s = fixture.manager().getTapService(f.tapServiceId());
        int vlan = fixture.manager().getTapService(s.id()).transportVlan().get();
        assertTrue(hasRule(did(2), transit(1, vlan)));
        net.cutLink(cp(1, 3), cp(2, 1));
        idle();
        assertFalse(hasRule(did(2), transit(1, vlan)));
        assertTrue(hasRule(did(4), transit(1, vlan)));
        assertTrue(hasRule(did(3), transit(2, vlan)));
        assertFalse(hasRule(did(3), transit(1, vlan)));
        assertEquals(List.of(cp(1, 4), cp(4, 1), cp(4, 2), cp(3, 2), TAP),
                     fixture.manager().getTapFlow(f.id()).status().path());
        Group g = net.groups.all().stream().filter(x -> x.deviceId().equals(did(1))).findFirst().get();
        assertEquals(DefaultTrafficTreatment.builder().pushVlan().setVlanId(VlanId.vlanId((short) vlan))
                             .setOutput(PortNumber.portNumber(4)).build(), g.buckets().buckets().get(0).treatment());

        net.cutLink(cp(1, 4), cp(4, 1));
        idle();
        TapStatus down = fixture.manager().getTapFlow(f.id()).status();
        assertEquals(TapStatus.State.DOWN, down.state());
        assertThat(down.reason(), containsString("no path"));
        assertEquals(0, net.groups.all().size());

        net.addLink(cp(1, 3), cp(2, 1));
        idle();
        assertEquals(TapStatus.State.ACTIVE, fixture.manager().getTapFlow(f.id()).status().state());
    }

    /**
     * The second link goes while the source's batch for the first cut is still on its way:
     * that batch's answer must not bring back the status it was compiled with (BUILD, waiting
     * for the transport rules on s4, path via s4) over the newer one (DOWN, no path), which
     * changed no rule and so waited for the same answer (14-remote-reroute, lines 55-56).
     */
    @Test
    public void pathLostWhileTheLastBatchIsOnItsWayEndsDownNotWaiting() {
        TapFlow f = mirroredWithTwoPaths();
        net.flowRules.hold = true;
        net.cutLink(cp(1, 3), cp(2, 1));
        idle();
        TapStatus waiting = fixture.manager().getTapFlow(f.id()).status();
        assertEquals(TapStatus.State.BUILD, waiting.state());
        net.cutLink(cp(1, 4), cp(4, 1));
        idle();
        net.flowRules.release();
        idle();
        TapStatus down = fixture.manager().getTapFlow(f.id()).status();
        assertEquals(down.toString(), TapStatus.State.DOWN, down.state());
        assertThat(down.reason(), containsString("no path"));
        assertEquals(List.of(), down.path());
    }

    @Test
    public void twoSourcesShareOneTreeAndDeleteRemovesEverything() {
        net.addLink(cp(4, 2), cp(3, 2));
        TapService s = service(TAP);
        flow(SRC, s);
        flow(cp(2, 5), s);
        flow(cp(4, 5), s);
        idle();
        int vlan = fixture.manager().getTapService(s.id()).transportVlan().get();
        // s2 forwards what comes from s1 and sends its own copies the same way
        assertTrue(hasRule(did(2), transit(1, vlan)));
        assertTrue(hasRule(did(3), transit(1, vlan)));
        assertTrue(hasRule(did(3), transit(2, vlan)));
        fixture.manager().removeTapService(s.id());
        idle();
        assertEquals("only nothing is left", List.of(), net.flowRules.all());
        assertEquals(0, net.groups.all().size());
        // the VLAN went back to the pool
        TapService s2 = service(cp(3, 6));
        flow(SRC, s2);
        assertEquals(Integer.valueOf(3900), fixture.manager().getTapService(s2.id()).transportVlan().get());
    }

    @Test
    public void exhaustedPoolIsAClearErrorOnCreate() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(OsgiPropertyConstants.TRANSPORT_VLAN_POOL, "3900-3901");
        fixture.manager().modified(new ComponentContextAdapter() {
            @Override
            public Dictionary getProperties() {
                return props;
            }
        });
        flow(SRC, service(cp(3, 4)));
        flow(SRC, service(cp(3, 5)));
        TapService third = service(cp(3, 6));
        int before = fixture.manager().getTapFlows().size();
        try {
            flow(SRC, third);
            fail("pool of two ids gave a third");
        } catch (TaasException e) {
            assertEquals(TaasException.Kind.CONFLICT, e.kind());
            assertThat(e.getMessage(), containsString("3900-3901 is exhausted"));
        }
        assertEquals(before, fixture.manager().getTapFlows().size());
        // a local flow to that service still works
        flow(cp(3, 1), third);
    }

    @Test
    public void concurrentAllocationNeverHandsOutOneIdTwice() throws Exception {
        List<TapService> services = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            services.add(service(cp(3, 100 + i)));
        }
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (TapService s : services) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    Integer v = fixture.store().allocateTransportVlan(s.id(), 3900, 3999);
                    if (v == null || !seen.add(v)) {
                        errors.add(new AssertionError("id " + v + " handed out twice or not at all"));
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), errors);
        assertEquals(40, seen.size());
    }
}

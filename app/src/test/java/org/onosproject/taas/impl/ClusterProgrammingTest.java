package org.onosproject.taas.impl;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.L2ModificationInstruction;
import org.onosproject.net.group.Group;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;

import java.util.List;
import java.util.function.Supplier;

import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.impl.FakeNetwork.cp;
import static org.onosproject.taas.impl.FakeNetwork.did;

/**
 * Programming in a cluster: two or three instances, each with its own programmer and view
 * of mastership, over one store whose events arrive late and out of order, and one network
 * of switches. Statuses are ordered by mastership terms; remote copies start only when every
 * hop's master confirmed its rules.
 */
public class ClusterProgrammingTest {

    private static final DeviceId S1 = did(1);
    private static final DeviceId S2 = did(2);
    private static final DeviceId S3 = did(3);

    private TaasClusterFixture cluster;
    private FakeNetwork net;

    @Before
    public void setUp() {
        cluster = new TaasClusterFixture(2, 5, 20, 0);
        net = cluster.net;
        for (int d = 1; d <= 3; d++) {
            net.addDevice(d, 6);
        }
        net.addLink(cp(1, 3), cp(2, 1));
        net.addLink(cp(2, 2), cp(3, 1));
    }

    @After
    public void tearDown() {
        cluster.tearDown();
    }

    private TaasManager manager(int i) {
        return cluster.member(i).manager;
    }

    private TapService service(ConnectPoint port) {
        return manager(0).createTapService(TapService.builder().id(TapServiceId.random()).name("svc")
                                                   .port(port).build());
    }

    private TapFlow flow(ConnectPoint src, TapService s) {
        return manager(0).createTapFlow(TapFlow.builder().id(TapFlowId.random()).name("f").sourcePort(src)
                                                .tapServiceId(s.id()).direction(Direction.OUT).build());
    }

    private TapStatus status(TapFlow f) {
        return ((TapFlow) cluster.storage.peek(DistributedTaasStore.FLOWS_MAP, f.id())).status();
    }

    // a masters the source switch s1, b the transit and tap switches s2 and s3; both program.
    private TapService remoteServiceAcrossMasters() {
        cluster.elect(S1, 0);
        cluster.elect(S2, 1);
        cluster.elect(S3, 1);
        cluster.startProgrammer(0);
        cluster.startProgrammer(1);
        return service(cp(3, 5));
    }

    private static TrafficSelector transit(int inPort, int vlan) {
        return DefaultTrafficSelector.builder().matchInPort(PortNumber.portNumber(inPort))
                .matchVlanId(VlanId.vlanId((short) vlan)).build();
    }

    private boolean hasRule(DeviceId d, TrafficSelector sel) {
        return net.flowRules.on(d).stream().anyMatch(r -> r.selector().equals(sel));
    }

    // Groups on a device with a bucket that tags copies with the transport VLAN.
    private boolean emitsTagged(DeviceId d) {
        for (Group g : net.groups.all()) {
            if (!g.deviceId().equals(d)) {
                continue;
            }
            boolean tagged = g.buckets().buckets().stream().flatMap(b -> b.treatment().allInstructions().stream())
                    .anyMatch(i -> i.type() == Instruction.Type.L2MODIFICATION
                            && ((L2ModificationInstruction) i).subtype()
                            == L2ModificationInstruction.L2SubType.VLAN_PUSH);
            if (tagged) {
                return true;
            }
        }
        return false;
    }

    private static void await(String what, Supplier<Boolean> condition) {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    @Test
    public void staleNoMasterReportNeverUndoesTheMastersActive() {
        for (int d = 1; d <= 3; d++) {
            cluster.elect(did(d), 0);
        }
        cluster.startProgrammer(0);
        cluster.startProgrammer(1);
        TapService s = service(cp(1, 4));
        TapFlow f = flow(cp(1, 1), s);
        cluster.settle();
        assertEquals(TapStatus.State.ACTIVE, status(f).state());

        // a, master of s1 in term 1, loses it; b becomes master in term 2 and reports
        cluster.member(1).mastership.set(S1, cluster.member(1).node.id(), 2);
        cluster.settle();
        assertEquals(TapStatus.State.ACTIVE, status(f).state());
        // a (the lowest instance, which reports for devices without master) lags: it has seen
        // its mastership end but not b's start, and reports s1 as without master
        cluster.member(0).mastership.set(S1, null, 1);
        cluster.settle();
        assertEquals("a stale 'no master' report replaced the master's: " + status(f),
                     TapStatus.State.ACTIVE, status(f).state());
        cluster.member(0).mastership.set(S1, cluster.member(1).node.id(), 2);
        cluster.settle();
        assertEquals(TapStatus.State.ACTIVE, status(f).state());

        // s1 really has no master now (in every view): that report is newer and wins
        cluster.member(0).mastership.set(S1, null, 2);
        cluster.member(1).mastership.set(S1, null, 2);
        cluster.settle();
        assertEquals(TapStatus.State.DOWN, status(f).state());
        assertThat(status(f).reason(), containsString("no ONOS instance is master"));

        // a new master (term 3): its report wins over the no-master one
        cluster.elect(S1, 1);
        cluster.settle();
        assertEquals(TapStatus.State.ACTIVE, status(f).state());
    }

    @Test
    public void remoteCopiesStartOnlyWhenEveryHopConfirmed() {
        // a masters the source switch, b the transit and tap switches
        cluster.elect(S1, 0);
        cluster.elect(S2, 1);
        cluster.elect(S3, 1);
        cluster.startProgrammer(0);
        TapService s = service(cp(3, 5));
        TapFlow f = flow(cp(1, 5), s);
        cluster.settle();
        int vlan = manager(0).getTapService(s.id()).transportVlan().get();
        // b has not programmed s2 and s3 yet: s1 must not send tagged copies towards them
        assertFalse("no drop or transit rule on s2 yet", hasRule(S2, transit(1, vlan)));
        assertFalse("s1 sends tagged copies towards s2, which has no rules for them", emitsTagged(S1));
        assertEquals("a remote flow is ACTIVE before its hops confirmed: " + status(f),
                     TapStatus.State.BUILD, status(f).state());

        cluster.startProgrammer(1);
        cluster.settle();
        assertTrue(hasRule(S2, transit(1, vlan)));
        assertTrue(hasRule(S3, transit(1, vlan)));
        assertTrue(emitsTagged(S1));
        assertEquals(TapStatus.State.ACTIVE, status(f).state());
        assertEquals(List.of(cp(1, 3), cp(2, 1), cp(2, 2), cp(3, 1), cp(3, 5)), status(f).path());
    }

    @Test
    public void refusedTransitRuleShowsOnTheRemoteFlow() {
        TapService s = remoteServiceAcrossMasters();
        TapFlow f = flow(cp(1, 5), s);
        cluster.settle();
        int vlan = manager(0).getTapService(s.id()).transportVlan().get();
        assertEquals(TapStatus.State.ACTIVE, status(f).state());

        // s2 refuses its transit rule (removed by someone else, then refused): the flow says so
        // and s1 stops sending copies into s2
        net.flowRules.refuseOn.add(S2);
        FlowEntry t = net.flowRules.on(S2).stream().filter(r -> r.selector().equals(transit(1, vlan)))
                .findFirst().get();
        net.flowRules.externalRemove(t);
        await("the flow shows the refusal on s2", () -> status(f).state() == TapStatus.State.ERROR);
        assertThat(status(f).reason(), containsString(S2.toString()));
        await("s1 stops sending tagged copies", () -> !emitsTagged(S1));

        net.flowRules.refuseOn.clear();
        await("the flow is ACTIVE again", () -> status(f).state() == TapStatus.State.ACTIVE);
        assertTrue(hasRule(S2, transit(1, vlan)));
        assertTrue(emitsTagged(S1));
    }

    @Test
    public void dropRulesStayWhileASourceMayStillSendCopies() {
        TapService s = remoteServiceAcrossMasters();
        flow(cp(1, 5), s);
        cluster.settle();
        int vlan = manager(0).getTapService(s.id()).transportVlan().get();
        TrafficSelector drop = DefaultTrafficSelector.builder().matchVlanId(VlanId.vlanId((short) vlan)).build();
        assertTrue(emitsTagged(S1));

        // a, which programs the source switch, has not heard yet that b deleted the service
        cluster.storage.hold("a");
        manager(1).removeTapService(s.id());
        cluster.settle();
        assertTrue("a still sends tagged copies", emitsTagged(S1));
        assertTrue("s2 dropped its transport VLAN drop rule while s1 still sends copies tagged with it",
                   hasRule(S2, drop));
        assertTrue(hasRule(S3, drop));

        cluster.storage.release("a");
        cluster.settle();
        assertFalse(emitsTagged(S1));
        assertEquals("rules left", List.of(), net.flowRules.all());
        assertEquals("groups left", List.of(), net.groups.all());
    }

    @Test
    public void statusWriteLosingToOtherWritersInTheConfirmationIsRetried() {
        cluster.elect(S1, 0);
        TapProgrammer a = cluster.startProgrammer(0);
        TapService s = service(cp(1, 4));
        cluster.settle();
        // other writers win the flow's entry every time when the switch's answer is written
        // (the BUILD write before it goes through), more often than one update retries
        TapFlowId id = TapFlowId.random();
        cluster.storage.interfere(DistributedTaasStore.FLOWS_MAP, id, 1,
                                  OsgiPropertyConstants.WRITE_ATTEMPTS_DEFAULT + 2);
        TapFlow f = manager(0).createTapFlow(TapFlow.builder().id(id).name("f").sourcePort(cp(1, 1))
                                                     .tapServiceId(s.id()).direction(Direction.OUT).build());
        a.awaitIdle(5000);
        await("the flow leaves BUILD", () -> status(f).state() == TapStatus.State.ACTIVE);
    }
}

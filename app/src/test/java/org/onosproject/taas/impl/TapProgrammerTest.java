package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableSet;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.GroupId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.group.Group;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.impl.FakeNetwork.cp;
import static org.onosproject.taas.impl.FakeNetwork.did;

/**
 * The programmer against in-memory ONOS services: rules follow taps, faults and events;
 * statuses follow the switch; deactivation leaves nothing behind.
 */
public class TapProgrammerTest {

    private static final ConnectPoint H1 = cp(1, 1);
    private static final ConnectPoint H2 = cp(1, 2);
    private static final ConnectPoint TAP = cp(1, 3);

    private TaasTestFixture fixture;
    private FakeNetwork net;
    private TapProgrammer programmer;
    private ApplicationId appId;

    @Before
    public void setUp() {
        fixture = new TaasTestFixture();
        net = new FakeNetwork();
        net.addDevice(1, 4);
        net.addDevice(2, 4);
        programmer = net.startProgrammer(fixture);
        appId = programmer.appId();
    }

    @After
    public void tearDown() {
        fixture.tearDown();
    }

    private void idle() {
        FakeNetwork.settle(programmer);
    }

    private TapService service(ConnectPoint port) {
        return fixture.manager().createTapService(TapService.builder().id(TapServiceId.random())
                                                          .name("svc").port(port).build());
    }

    private TapFlow flow(ConnectPoint src, TapService s, Direction d, String filter) {
        return fixture.manager().createTapFlow(TapFlow.builder().id(TapFlowId.random()).name("f")
                .sourcePort(src).tapServiceId(s.id()).direction(d)
                .vlanFilter(filter == null ? null : VlanFilter.parse(filter)).build());
    }

    private TapStatus.State state(TapFlow f) {
        return fixture.manager().getTapFlow(f.id()).status().state();
    }

    private List<FlowEntry> rules(DeviceId d) {
        return net.flowRules.on(d);
    }

    private Set<Integer> priorities(DeviceId d) {
        return rules(d).stream().map(FlowRule::priority).collect(Collectors.toSet());
    }

    @Test
    public void tapFlowBecomesRulesGroupsAndActive() {
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle();
        // tap port drop + OUT classifier, one group
        assertEquals(2, rules(did(1)).size());
        assertEquals(1, net.groups.all().size());
        rules(did(1)).forEach(r -> assertEquals(appId.id(), r.appId()));
        net.groups.all().forEach(g -> assertEquals(appId, g.appId()));
        assertEquals(TapStatus.State.ACTIVE, state(f));
        assertEquals(TapStatus.State.ACTIVE, fixture.manager().getTapService(s.id()).status().state());
    }

    @Test
    public void activeAtTheBarrierWithoutWaitingForTheGroupPoll() {
        // ONOS confirms groups only on its group poll (10 s): the barrier after the groups and
        // the rules tells the switch has them
        net.groups.pollOnly = true;
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle();
        assertEquals(Group.GroupState.PENDING_ADD, net.groups.all().get(0).state());
        assertEquals(TapStatus.State.ACTIVE, state(f));
    }

    @Test
    public void groupOnlyChangeIsConfirmedByABarrier() {
        net.groups.pollOnly = true;
        TapService a = service(TAP);
        TapService b = service(cp(1, 4));
        flow(H1, a, Direction.OUT, null);
        idle();
        int batches = net.flowRules.batches;
        // a second service on the same source: only the group's buckets change
        TapFlow f2 = flow(H1, b, Direction.OUT, null);
        idle();
        assertEquals(Group.GroupState.PENDING_UPDATE, net.groups.all().get(0).state());
        assertEquals(1, net.groups.all().size());
        assertTrue("a batch (and so a barrier) follows the group change", net.flowRules.batches > batches);
        assertEquals(TapStatus.State.ACTIVE, state(f2));
    }

    @Test
    public void recreatedTapNeverWaitsForAGroupBeingDeleted() {
        net.groups.pollOnly = true;
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle();
        Group first = net.groups.all().get(0);
        fixture.manager().removeTapFlow(f.id());
        idle();
        assertEquals(Group.GroupState.PENDING_DELETE, first.state());
        // the same tap flow again before ONOS's poll has purged the old group
        TapFlow again = flow(H1, s, Direction.OUT, null);
        idle();
        assertTrue("no add waits for the poll", net.groups.waiting.isEmpty());
        Group second = net.groups.all().stream().filter(g -> g.state() != Group.GroupState.PENDING_DELETE)
                .findFirst().orElseThrow();
        assertTrue("a new key", !second.appCookie().equals(first.appCookie()));
        assertTrue("a new id", !second.id().equals(first.id()));
        assertEquals(TapStatus.State.ACTIVE, state(again));
        net.groups.poll();
        idle();
        assertEquals(1, net.groups.all().size());
        assertEquals(second.id(), net.groups.all().get(0).id());
        assertEquals(TapStatus.State.ACTIVE, state(again));
    }

    @Test
    public void directionChangeMakesTheNewGroupBeforeBreakingTheOld() {
        net.groups.pollOnly = true;
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle();
        Group out = net.groups.all().get(0);
        TapFlow in = fixture.manager().updateTapFlow(f.toBuilder().direction(Direction.IN).build());
        idle();
        TapFlow back = fixture.manager().updateTapFlow(in.toBuilder().direction(Direction.OUT).build());
        idle();
        assertTrue("no add waits for the poll", net.groups.waiting.isEmpty());
        Group now = net.groups.all().stream().filter(g -> g.state() != Group.GroupState.PENDING_DELETE)
                .findFirst().orElseThrow();
        assertTrue("OUT again gets a new key, not the one being deleted",
                !now.appCookie().equals(out.appCookie()));
        assertEquals(TapStatus.State.ACTIVE, state(back));
    }

    @Test
    public void refusedRulesGiveErrorThenConverge() {
        TapService s = service(TAP);
        idle();
        List<TapStatus.State> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        fixture.manager().addListener(e -> {
            if (!e.isTapServiceEvent()) {
                seen.add(e.tapFlow().status().state());
            }
        });
        net.flowRules.refuseNext = 1;
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle(); // waits through the retry too
        assertTrue("ERROR seen before converging: " + seen, seen.contains(TapStatus.State.ERROR));
        assertEquals(TapStatus.State.ACTIVE, state(f));
        assertEquals(2, rules(did(1)).size());
    }

    @Test
    public void afterARefusedBatchEveryRuleIsSentAgainAsAnAdd() {
        // seen on the rig after an ONOS restart: a batch refused (BAD_OUT_GROUP while ONOS held
        // the group adds until its first group audit), then the read-back found the rules in
        // ONOS's store and sent modifies, which add nothing: ACTIVE without rules on the switch
        TapService s = service(TAP);
        idle();
        net.flowRules.storeRefused = true;
        net.flowRules.refuseNext = 1;
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle();
        assertEquals(TapStatus.State.ACTIVE, state(f));
        assertTrue("rules the switch refused were added again: " + net.flowRules.refusedButStored,
                   net.flowRules.refusedButStored.isEmpty());
    }

    @Test
    public void rulesAreNeverModifiedOnlyAddedAndRemoved() {
        // ONOS sends a modify as a non-strict OFPFC_MODIFY: it would rewrite the VLAN
        // classifiers of a source together with its all-VLAN classifier
        TapService s = service(TAP);
        TapService other = service(H2);
        TapFlow all = flow(H1, s, Direction.OUT, null);
        flow(H1, other, Direction.OUT, "100");
        idle();
        // the all-VLAN classifier changes group when a second service takes every VLAN too
        flow(H1, other, Direction.OUT, "200");
        fixture.manager().removeTapFlow(all.id());
        idle();
        assertFalse("no modify sent: " + net.flowRules.types,
                    net.flowRules.types.contains(FlowRuleOperation.Type.MODIFY));
    }

    @Test
    public void inFollowsTheHostAndHostMovesRewriteRules() {
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.IN, null);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
        Host h = net.addHost("00:00:00:00:00:01", H1);
        idle();
        assertEquals(TapStatus.State.ACTIVE, state(f));
        List<FlowEntry> in = rules(did(1)).stream().filter(r -> r.selector().getCriterion(
                org.onosproject.net.flow.criteria.Criterion.Type.ETH_DST) != null).collect(Collectors.toList());
        assertEquals(2, in.size());
        net.moveHost(h, H2);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
        assertEquals(1, rules(did(1)).size()); // only the tap port drop remains
        assertEquals(0, net.groups.all().size());
    }

    @Test
    public void portDownAndUpFollowsAndKeepsTheTap() {
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle();
        net.setPort(H1, false);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
        assertEquals(1, rules(did(1)).size());
        net.setPort(H1, true);
        idle();
        assertEquals(TapStatus.State.ACTIVE, state(f));
        assertEquals(2, rules(did(1)).size());

        net.setPort(TAP, false);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
        assertThat(fixture.manager().getTapFlow(f.id()).status().reason(), containsString("tap port"));
        assertEquals(TapStatus.State.DOWN, fixture.manager().getTapService(s.id()).status().state());
    }

    @Test
    public void deviceLossAndReturnKeepsEverythingStored() {
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle();
        net.setAvailable(did(1), false);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
        assertThat(fixture.manager().getTapFlow(f.id()).status().reason(), containsString("not available"));
        net.setAvailable(did(1), true);
        idle();
        assertEquals(TapStatus.State.ACTIVE, state(f));
        assertEquals(1, fixture.manager().getTapFlows().size());
    }

    @Test
    public void switchRestartKeepsInMirroringOfTheHostsOnosForgot() {
        Host h = net.addHost("00:00:00:00:00:01", H1);
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.BOTH, null);
        idle();
        List<FlowEntry> before = rules(did(1));
        assertEquals(TapStatus.State.ACTIVE, state(f));
        // the switch disconnects; ONOS's host provider removes its hosts
        net.setAvailable(did(1), false);
        net.removeHost(h);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
        net.setAvailable(did(1), true);
        idle();
        // the IN classifier is back at once, for the MAC last seen there
        assertEquals(TapStatus.State.ACTIVE, state(f));
        assertEquals(before.size(), rules(did(1)).size());
        assertTrue(rules(did(1)).stream().anyMatch(r -> r.selector().toString().contains("ETH_DST")));
    }

    @Test
    public void hostMemoryEndsWhenOnosSeesHostsAgain() {
        Host h = net.addHost("00:00:00:00:00:01", H1);
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.IN, null);
        idle();
        net.setPort(H1, false);
        net.removeHost(h);
        net.setPort(H1, true);
        idle();
        assertEquals("IN keeps the remembered MAC", TapStatus.State.ACTIVE, state(f));
        // the host turns up elsewhere: ONOS is followed, nothing is left to mirror on H1
        net.addHost("00:00:00:00:00:01", H2);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
        assertTrue(rules(did(1)).stream().noneMatch(r -> r.selector().toString().contains("ETH_DST")));
        // a host ONOS removes for another reason (port up, device up) is not remembered
        Host other = net.addHost("00:00:00:00:00:02", H1);
        idle();
        assertEquals(TapStatus.State.ACTIVE, state(f));
        net.removeHost(other);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
    }

    @Test
    public void bothWithoutHostIsDownNotActive() {
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.BOTH, null);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
        assertThat(fixture.manager().getTapFlow(f.id()).status().reason(), containsString("OUT copies are made"));
        net.addHost("00:00:00:00:00:01", H1);
        idle();
        assertEquals(TapStatus.State.ACTIVE, state(f));
    }

    @Test
    public void reconnectionMakesGroupsAnewAndResendsEveryRule() {
        net.groups.pollOnly = true;
        TapFlow f = flow(H1, service(TAP), Direction.OUT, null);
        Group old = mirroredThenDisconnected();
        int ops = net.flowRules.operations;
        net.setAvailable(did(1), true);
        idle();
        assertTrue("every rule re-sent", net.flowRules.operations - ops >= rules(did(1)).size());
        // as adds: ONOS sends a modify as OFPFC_MODIFY, which adds nothing the switch lost
        assertEquals(List.of(FlowRuleOperation.Type.ADD), net.flowRules.types.subList(ops, net.flowRules.types.size())
                .stream().distinct().collect(Collectors.toList()));
        assertOnlyNewGroupUsed(old);
        assertEquals(TapStatus.State.ACTIVE, state(f));
    }

    // The tap flow the caller made is installed, then its device goes away; returns the group
    // it had.
    private Group mirroredThenDisconnected() {
        idle();
        Group old = net.groups.all().get(0);
        net.setAvailable(did(1), false);
        idle();
        return old;
    }

    // The old group is being deleted, one other group is live and the classifier points at it.
    private void assertOnlyNewGroupUsed(Group old) {
        assertEquals(Group.GroupState.PENDING_DELETE, old.state());
        List<Group> live = net.groups.all().stream().filter(g -> g.state() != Group.GroupState.PENDING_DELETE)
                .collect(Collectors.toList());
        assertEquals(1, live.size());
        assertNotEquals("a new group", old.id(), live.get(0).id());
        assertTrue("the classifier points at the new group", usesGroup(rules(did(1)), live.get(0).id()));
    }

    private static boolean usesGroup(Collection<? extends FlowRule> rules, GroupId id) {
        return rules.stream().flatMap(r -> r.treatment().allInstructions().stream())
                .anyMatch(i -> i instanceof Instructions.GroupInstruction
                        && ((Instructions.GroupInstruction) i).groupId().equals(id));
    }

    @Test
    public void readBackDuringReconnectionKeepsTheNewGroupsAndRemovesOldOnesOnlyAfterTheRules() {
        // on a real ONOS a reconnection raises several events: the device is read back again
        // while the batch that re-points the rules at the new groups is still on its way
        net.groups.pollOnly = true;
        TapFlow f = flow(H1, service(TAP), Direction.OUT, null);
        Group old = mirroredThenDisconnected();
        net.flowRules.hold = true;
        net.setAvailable(did(1), true);
        idle();
        net.mastership.setLocal(did(1), true);
        idle();
        assertNotEquals("the old group stays while rules on their way may still use it",
                        Group.GroupState.PENDING_DELETE, old.state());
        assertFalse("no batch points back at the old group", usesGroup(net.flowRules.held.stream()
                .flatMap(o -> o.stages().stream()).flatMap(Set::stream).map(FlowRuleOperation::rule)
                .collect(Collectors.toList()), old.id()));
        net.flowRules.release();
        idle();
        assertOnlyNewGroupUsed(old);
        assertEquals(TapStatus.State.ACTIVE, state(f));
    }

    @Test
    public void groupAddsOnosHoldsUntilItsAuditAreNotMadeTwiceAndTheOldGroupsGo() {
        // seen on the rig after an ONOS restart: ONOS queues a device's group adds until its
        // first group audit and lists them nowhere; the batch using them is refused
        // (BAD_OUT_GROUP), and the read-back that follows saw only the old groups, kept them,
        // and left the new ones, added at the audit, unused on the switch
        TapFlow f = flow(H1, service(TAP), Direction.OUT, null);
        Group old = mirroredThenDisconnected();
        net.groups.auditPending.add(did(1));
        net.flowRules.storeRefused = true;
        net.flowRules.refuseNext = 1;
        net.setAvailable(did(1), true);
        idle();
        assertEquals("the new group is asked for once", 1, net.groups.queued.size());
        // nothing else happens until the next audit of the application (30 s)
        net.groups.audit(did(1));
        idle();
        List<Group> groups = net.groups.all();
        assertEquals("one group left: " + groups, 1, groups.size());
        assertNotEquals("the new group", old.id(), groups.get(0).id());
        assertTrue("the classifier points at it", usesGroup(rules(did(1)), groups.get(0).id()));
        assertEquals(TapStatus.State.ACTIVE, state(f));
    }

    @Test
    public void deviceGoneWithItsMasterIsDownNotActive() {
        // ONOS relinquishes the mastership of a device that disconnects: no master, term 0
        // (its mastership store's answer); the taps on it must not stay ACTIVE
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle();
        assertEquals(TapStatus.State.ACTIVE, state(f));
        net.mastership.orphans.add(did(1));
        net.mastership.setLocal(did(1), false);
        net.setAvailable(did(1), false);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
        assertThat(fixture.manager().getTapFlow(f.id()).status().reason(), containsString("not available"));
        // it comes back with a new master: ACTIVE again
        net.mastership.orphans.remove(did(1));
        net.setAvailable(did(1), true);
        net.mastership.setLocal(did(1), true);
        idle();
        assertEquals(TapStatus.State.ACTIVE, state(f));
    }

    @Test
    public void onlyTheMasterPrograms() {
        net.mastership.setLocal(did(1), false);
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle();
        assertEquals(0, rules(did(1)).size());
        assertEquals(TapStatus.State.BUILD, state(f)); // the other instance reports it
        net.mastership.setLocal(did(1), true);
        idle();
        assertEquals(2, rules(did(1)).size());
        assertEquals(TapStatus.State.ACTIVE, state(f));
        // a device nobody masters: the lowest instance reports it, nobody programs it
        net.mastership.orphans.add(did(1));
        net.mastership.setLocal(did(1), false);
        idle();
        assertEquals(TapStatus.State.DOWN, state(f));
        assertThat(fixture.manager().getTapFlow(f.id()).status().reason(), containsString("no ONOS instance"));
    }

    @Test
    public void rulesAndGroupsRemovedBySomeoneElseComeBack() {
        TapService s = service(TAP);
        flow(H1, s, Direction.OUT, null);
        idle();
        FlowEntry classifier = rules(did(1)).stream().filter(r -> r.priority() == 65002).findFirst().get();
        net.flowRules.externalRemove(classifier);
        idle();
        assertEquals(2, rules(did(1)).size());
        Group g = net.groups.all().get(0);
        net.groups.externalRemove(did(1), g.appCookie());
        idle();
        assertEquals(1, net.groups.all().size());
    }

    @Test
    public void staleRulesOfTheAppAreRemovedOnDeviceReconcile() {
        FlowRule stale = DefaultFlowRule.builder().forDevice(did(2)).forTable(0).withPriority(65002)
                .withSelector(DefaultTrafficSelector.builder().matchInPort(
                        org.onosproject.net.PortNumber.portNumber(4)).build())
                .withTreatment(DefaultTrafficTreatment.builder().drop().build())
                .fromApp(appId).makePermanent().build();
        net.flowRules.externalAdd(stale);
        net.setAvailable(did(2), true);
        idle();
        assertEquals(0, rules(did(2)).size());
    }

    @Test
    public void updateInPlaceAndDeleteRestoreExactly() {
        TapService s = service(TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        idle();
        Set<FlowEntry> before = ImmutableSet.copyOf(rules(did(1)));
        fixture.manager().updateTapFlow(f.toBuilder().vlanFilter(VlanFilter.parse("100")).build());
        idle();
        assertEquals(ImmutableSet.of(65010, 65003), priorities(did(1)));
        assertEquals(TapStatus.State.ACTIVE, state(f));
        fixture.manager().updateTapFlow(fixture.manager().getTapFlow(f.id()).toBuilder().vlanFilter(null).build());
        idle();
        assertEquals(before.stream().map(FlowEntry::selector).collect(Collectors.toSet()),
                     rules(did(1)).stream().map(FlowEntry::selector).collect(Collectors.toSet()));
        fixture.manager().removeTapFlow(f.id());
        idle();
        assertEquals(1, rules(did(1)).size());
        assertEquals(0, net.groups.all().size());
        fixture.manager().removeTapService(s.id());
        idle();
        assertEquals(0, net.flowRules.all().size());
        assertEquals(0, net.groups.all().size());
    }

    @Test
    public void addingOneFlowTouchesOnlyItsPort() {
        TapService s = service(TAP);
        for (int p = 1; p <= 2; p++) {
            flow(cp(1, p), s, Direction.OUT, null);
        }
        idle();
        int ruleOps = net.flowRules.operations;
        int groupOps = net.groups.operations;
        TapService s2 = service(cp(2, 4));
        idle();
        ruleOps = net.flowRules.operations;
        groupOps = net.groups.operations;
        flow(cp(2, 1), s2, Direction.OUT, null);
        idle();
        assertEquals(1, net.flowRules.operations - ruleOps);
        assertEquals(1, net.groups.operations - groupOps);
    }

    @Test
    public void deviceWithoutNiciraExtensionsPutsTapsInError() {
        net.drivers.withoutNicira.add(did(2));
        TapService s = service(cp(2, 4));
        TapFlow f = flow(cp(2, 1), s, Direction.OUT, null);
        idle();
        assertEquals(TapStatus.State.ERROR, state(f));
        assertThat(fixture.manager().getTapFlow(f.id()).status().reason(), containsString("driver"));
    }

    @Test
    public void anInstanceStoppingLeavesTheRulesToTheNextMaster() {
        programmer.applicationService = new org.onosproject.app.ApplicationServiceAdapter() {
            @Override
            public org.onosproject.app.ApplicationState getState(ApplicationId id) {
                return org.onosproject.app.ApplicationState.ACTIVE;
            }
        };
        TapService s = service(TAP);
        flow(H1, s, Direction.OUT, null);
        idle();
        int rules = net.flowRules.all().size();
        int groups = net.groups.all().size();
        programmer.deactivate();
        assertEquals(rules, net.flowRules.all().size());
        assertEquals(groups, net.groups.all().size());
    }

    @Test
    public void deactivationRemovesOnlyTheDevicesThisInstanceMasters() {
        TapService s = service(TAP);
        TapService s2 = service(cp(2, 3));
        flow(H1, s, Direction.OUT, null);
        flow(cp(2, 1), s2, Direction.OUT, null);
        idle();
        int onTwo = rules(did(2)).size();
        assertTrue(onTwo > 0);
        // device 2 now has another master, which removes its rules itself
        net.mastership.setLocal(did(2), false);
        programmer.deactivate();
        assertEquals(0, rules(did(1)).size());
        assertEquals(onTwo, rules(did(2)).size());
    }

    @Test
    public void deactivationRemovesEveryRuleAndGroup() {
        TapService s = service(TAP);
        flow(H1, s, Direction.BOTH, "0,100");
        net.addHost("00:00:00:00:00:01", H1);
        flow(H2, s, Direction.OUT, null);
        idle();
        assertTrue(net.flowRules.all().size() > 5);
        assertTrue(net.groups.all().size() > 3);
        programmer.deactivate();
        assertEquals(0, net.flowRules.all().size());
        assertEquals(0, net.groups.all().size());
        // and the stored taps survive for the next activation
        assertEquals(2, fixture.manager().getTapFlows().size());
        programmer.activate(null);
        idle();
        assertTrue(net.flowRules.all().size() > 5);
    }
}

package org.onosproject.taas.impl;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.group.DefaultGroup;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupBucket;
import org.onosproject.net.group.GroupEvent;
import org.onosproject.net.group.StoredGroupBucketEntry;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;
import org.onosproject.taas.api.VlanFilter;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.impl.FakeNetwork.cp;
import static org.onosproject.taas.impl.FakeNetwork.did;

/**
 * The statistics collector over the real rule engine and in-memory ONOS services: the groups
 * and rules the engine compiles are the ones the collector reads, with counters set as the
 * group poll would set them and GROUP_UPDATED events as the group store posts them.
 * Topology: s1/20 - s2/20; hosts h1 on s1/1, h2 on s1/2; tap ports s1/10 (local), s2/5 (remote).
 */
public class TapStatisticsCollectorTest {

    private static final ConnectPoint H1 = cp(1, 1);
    private static final ConnectPoint H2 = cp(1, 2);
    private static final ConnectPoint LOCAL_TAP = cp(1, 10);
    private static final ConnectPoint REMOTE_TAP = cp(2, 5);
    private static final long T0 = 1_700_000_000_000L;

    private TaasTestFixture fixture;
    private FakeNetwork net;
    private TapProgrammer programmer;
    private TapStatisticsCollector collector;
    private long now = T0;

    @Before
    public void setUp() {
        fixture = new TaasTestFixture();
        net = new FakeNetwork();
        net.addDevice(1, 24);
        net.addDevice(2, 24);
        net.addLink(cp(1, 20), cp(2, 20));
        net.addHost("00:00:00:00:00:01", H1);
        net.addHost("00:00:00:00:00:02", H2);
        programmer = net.startProgrammer(fixture);
        collector = new TapStatisticsCollector();
        collector.coreService = new CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return TaasTestFixture.APP_ID;
            }
        };
        collector.taasService = fixture.manager();
        collector.deviceService = net.devices;
        collector.flowRuleService = net.flowRules;
        collector.groupService = net.groups;
        collector.clock = () -> now;
        collector.activate();
    }

    @After
    public void tearDown() {
        collector.deactivate();
        programmer.deactivate();
        fixture.tearDown();
    }

    private TapService service(ConnectPoint port) {
        return fixture.manager().createTapService(TapService.builder().id(TapServiceId.random()).port(port).build());
    }

    private TapFlow flow(ConnectPoint src, TapService s, Direction d, String filter) {
        TapFlow f = fixture.manager().createTapFlow(TapFlow.builder().id(TapFlowId.random()).sourcePort(src)
                .tapServiceId(s.id()).direction(d).vlanFilter(filter == null ? null : VlanFilter.parse(filter))
                .build());
        FakeNetwork.settle(programmer);
        return f;
    }

    // Sets the counters of every copy bucket of the device's groups that outputs to a port, as
    // the group poll does, and posts GROUP_UPDATED for each group at the given time.
    private void poll(DeviceId d, long time, Map<PortNumber, Long> packetsByPort) {
        for (Group g : net.groups.all()) {
            if (!g.deviceId().equals(d)) {
                continue;
            }
            for (GroupBucket b : g.buckets().buckets()) {
                PortNumber out = output(b.treatment().allInstructions());
                if (out != null && packetsByPort.containsKey(out)) {
                    ((StoredGroupBucketEntry) b).setPackets(packetsByPort.get(out));
                    ((StoredGroupBucketEntry) b).setBytes(packetsByPort.get(out) * 100);
                }
            }
            net.groups.listeners.forEach(l -> l.event(new GroupEvent(GroupEvent.Type.GROUP_UPDATED, g, time)));
        }
    }

    private static PortNumber output(List<Instruction> instructions) {
        return instructions.stream().filter(i -> i.type() == Instruction.Type.OUTPUT)
                .map(i -> ((Instructions.OutputInstruction) i).port()).findFirst().orElse(null);
    }

    private TapStats refreshed(TapFlow f) {
        collector.refresh();
        return collector.tapFlowStats(f.id());
    }

    @Test
    public void localCopiesAreCountedPerServiceAndFlowWithRates() {
        TapService s = service(LOCAL_TAP);
        TapFlow f = flow(H1, s, Direction.BOTH, null);
        // BOTH: an OUT group and two IN groups (metadata 0 and 1), each with a bucket to s1/10
        poll(did(1), T0, Map.of(LOCAL_TAP.port(), 10L));
        now = T0 + 500;
        TapStats st = refreshed(f);
        assertEquals(30, st.packets());
        assertEquals(3000, st.bytes());
        assertEquals(Instant.ofEpochMilli(T0), st.sampled().get());
        assertFalse(st.packetsPerSecond().isPresent());
        assertTrue(st.sharedWith().isEmpty());
        assertEquals(30, collector.tapServiceStats(s.id()).packets());
        assertEquals(30, collector.sourceStats(H1, s.id()).packets());

        poll(did(1), T0 + 10_000, Map.of(LOCAL_TAP.port(), 60L));
        now = T0 + 10_500;
        st = refreshed(f);
        assertEquals(180, st.packets());
        assertEquals("three buckets, 50 packets each in 10 s", 15.0, st.packetsPerSecond().get(), 1e-9);
        assertEquals(15.0 * 800, st.bitsPerSecond().get(), 1e-9);
        assertEquals(15.0, collector.tapServiceStats(s.id()).packetsPerSecond().get(), 1e-9);
    }

    @Test
    public void overlappingFlowsShareTheBucketTheySwitchCountsTogether() {
        TapService s = service(LOCAL_TAP);
        TapFlow all = flow(H2, s, Direction.OUT, null);
        TapFlow v100 = flow(H2, s, Direction.OUT, "100");
        TapFlow h1 = flow(H1, s, Direction.OUT, null);
        poll(did(1), T0, Map.of(LOCAL_TAP.port(), 7L));
        collector.refresh();
        TapStats a = collector.tapFlowStats(all.id());
        TapStats b = collector.tapFlowStats(v100.id());
        assertEquals(7, a.packets());
        assertEquals(Set.of(v100.id()), a.sharedWith());
        assertEquals(7, b.packets());
        assertEquals(Set.of(all.id()), b.sharedWith());
        assertTrue("another source's group is its own", collector.tapFlowStats(h1.id()).sharedWith().isEmpty());
        assertEquals("each bucket once", 14, collector.tapServiceStats(s.id()).packets());
    }

    @Test
    public void remoteServiceCountsItsLastHopRuleAndTheFlowItsSourceBucket() {
        TapService s = service(REMOTE_TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        int vlan = fixture.manager().getTapService(s.id()).transportVlan().get();
        // the source bucket pushes the transport VLAN and outputs towards s2
        poll(did(1), T0, Map.of(PortNumber.portNumber(20), 12L));
        // the last hop on s2: in_port=20, vlan=T -> pop, output 5; as ONOS's flow poll fills it
        FlowEntry last = net.flowRules.on(did(2)).stream()
                .filter(e -> TapStatisticsCollector.lastHop(e, fixture.manager().getTapService(s.id())) != null)
                .findFirst().get();
        assertEquals(65006, last.priority());
        long seen = T0 + 2000;
        net.flowRules.table.get(did(2)).put(new RuleDiff.RuleKey(last),
                new DefaultFlowEntry(last, FlowEntry.FlowEntryState.ADDED, 5, 11, 1100) {
                    @Override
                    public long lastSeen() {
                        return seen;
                    }
                });
        now = T0 + 3000;
        TapStats sf = refreshed(f);
        assertEquals(12, sf.packets());
        TapStats ss = collector.tapServiceStats(s.id());
        assertEquals("delivered to the tap port", 11, ss.packets());
        assertEquals(Instant.ofEpochMilli(seen), ss.sampled().get());
        assertEquals(3900, vlan);
    }

    @Test
    public void groupsNotPolledYetAreNotSampledAndNothingInstalledIsIdle() {
        net.groups.pollOnly = true;
        TapService s = service(LOCAL_TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        TapStats st = refreshed(f);
        assertFalse("the group is pending until the group poll", st.sampled().isPresent());
        assertFalse(collector.tapServiceStats(s.id()).sampled().isPresent());
        net.groups.poll();
        st = refreshed(f);
        assertTrue(st.sampled().isPresent());

        net.setPort(H2, false);
        TapFlow down = flow(H2, s, Direction.OUT, null);
        TapStats sd = refreshed(down);
        assertEquals(0, sd.packets());
        assertEquals(Instant.ofEpochMilli(now), sd.sampled().get());
        assertFalse("an unknown id is not sampled", collector.tapFlowStats(TapFlowId.random()).sampled().isPresent());
    }

    @Test
    public void removedGroupsAndTheirCountersAreForgotten() {
        TapService s = service(LOCAL_TAP);
        TapFlow f = flow(H1, s, Direction.OUT, null);
        poll(did(1), T0, Map.of(LOCAL_TAP.port(), 5L));
        collector.refresh();
        assertEquals(1, collector.remembered());
        fixture.manager().removeTapFlow(f.id());
        FakeNetwork.settle(programmer);
        collector.refresh();
        assertEquals(0, collector.remembered());
        assertEquals(0, collector.tapServiceStats(s.id()).packets());
        // a group the collector holds but the store lost without an event is dropped once stale
        TapFlow g = flow(H1, s, Direction.OUT, null);
        poll(did(1), T0, Map.of(LOCAL_TAP.port(), 5L));
        DefaultGroup group = (DefaultGroup) net.groups.all().get(0);
        net.groups.table.get(did(1)).remove(group.appCookie());
        now = T0 + TapStatisticsCollector.STALE_MS + 1;
        collector.refresh();
        assertEquals(0, collector.remembered());
        assertEquals(0, collector.tapFlowStats(g.id()).packets());
    }
}

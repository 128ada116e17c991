package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import org.junit.Before;
import org.junit.Test;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.GroupId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.group.GroupBucket;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.impl.FakeNetwork.cp;
import static org.onosproject.taas.impl.FakeNetwork.did;

/**
 * Exact rules and groups the compiler produces for each case of DESIGN.md.
 */
public class TapFlowCompilerTest {

    private static final int BASE = 65000;
    private static final ConnectPoint H1 = cp(1, 1);
    private static final ConnectPoint H2 = cp(1, 2);
    private static final ConnectPoint TAP_X = cp(1, 3);
    private static final ConnectPoint TAP_Y = cp(1, 4);
    private static final MacAddress MAC1 = MacAddress.valueOf("00:00:00:00:00:01");

    private final TapFlowCompiler compiler = new TapFlowCompiler(TaasTestFixture.APP_ID, BASE, true);
    private final NiciraExtensions nicira = new NiciraExtensions(did(1), new FakeNetwork.Resolver());
    private final TapService x = service(TAP_X);
    private final TapService y = service(TAP_Y);
    private DeviceGroupIds ids;

    @Before
    public void setUp() {
        ids = new DeviceGroupIds();
    }

    private static TapService service(ConnectPoint port) {
        return TapService.builder().id(TapServiceId.random()).port(port).build();
    }

    private static TapFlow flow(ConnectPoint src, TapService to, Direction dir, String filter) {
        return TapFlow.builder().id(TapFlowId.random()).sourcePort(src).tapServiceId(to.id())
                .direction(dir).vlanFilter(filter == null ? null : VlanFilter.parse(filter)).build();
    }

    private PortSnapshot.Builder snap(ConnectPoint port, TapFlow... flows) {
        Map<TapServiceId, TapService> services = new HashMap<>();
        services.put(x.id(), x);
        services.put(y.id(), y);
        return PortSnapshot.builder(port).deviceAvailable(true).portState(PortState.UP)
                .nicira(nicira, "ovs").flows(Arrays.asList(flows)).services(services)
                .tapPortStates(ImmutableMap.of(TAP_X, PortState.UP, TAP_Y, PortState.UP));
    }

    private static TrafficSelector outSel(ConnectPoint p, VlanId vlan) {
        TrafficSelector.Builder b = DefaultTrafficSelector.builder().matchInPort(p.port()).matchMetadata(0);
        if (vlan != null) {
            b.matchVlanId(vlan);
        }
        return b.build();
    }

    private static TrafficSelector inSel(MacAddress mac, long meta, VlanId vlan) {
        TrafficSelector.Builder b = DefaultTrafficSelector.builder().matchEthDst(mac).matchMetadata(meta);
        if (vlan != null) {
            b.matchVlanId(vlan);
        }
        return b.build();
    }

    private static FlowRule ruleWith(CompiledPort c, TrafficSelector sel) {
        List<FlowRule> found = c.flowRules().stream().filter(r -> r.selector().equals(sel))
                .collect(Collectors.toList());
        assertEquals("rules with selector " + sel + " in " + c.flowRules(), 1, found.size());
        return found.get(0);
    }

    private static GroupDescription groupOf(CompiledPort c, FlowRule r) {
        Instruction i = r.treatment().allInstructions().get(0);
        assertThat(i.type(), is(Instruction.Type.GROUP));
        GroupId gid = ((Instructions.GroupInstruction) i).groupId();
        return c.groups().stream().filter(g -> g.givenGroupId().equals(gid.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + gid));
    }

    // tap ports a group copies to, and the metadata its resubmit bucket loads
    private static Set<PortNumber> copies(GroupDescription g) {
        return g.buckets().buckets().stream().map(GroupBucket::treatment)
                .flatMap(t -> t.allInstructions().stream())
                .filter(i -> i.type() == Instruction.Type.OUTPUT)
                .map(i -> ((Instructions.OutputInstruction) i).port()).collect(Collectors.toSet());
    }

    private static long resubmitLoad(GroupDescription g) {
        List<GroupBucket> resubmit = g.buckets().buckets().stream()
                .filter(b -> b.treatment().allInstructions().stream()
                        .anyMatch(i -> i.type() == Instruction.Type.EXTENSION)).collect(Collectors.toList());
        assertEquals("one resubmit bucket in " + g, 1, resubmit.size());
        List<Instruction> ins = resubmit.get(0).treatment().allInstructions();
        assertEquals(2, ins.size());
        FakeNetwork.Load load = (FakeNetwork.Load) ((Instructions.ExtensionInstructionWrapper) ins.get(0))
                .extensionInstruction();
        assertEquals(new FakeNetwork.ResubmitTable().type(),
                     ((Instructions.ExtensionInstructionWrapper) ins.get(1)).extensionInstruction().type());
        return load.value();
    }

    @Test
    public void outMirrorsFramesEnteringTheSource() {
        TapFlow f = flow(H1, x, Direction.OUT, null);
        CompiledPort c = compiler.compile(snap(H1, f).build(), ids);
        assertEquals(1, c.flowRules().size());
        FlowRule r = ruleWith(c, outSel(H1, null));
        assertEquals(BASE + TapFlowCompiler.OFFSET_OUT_ALL, r.priority());
        assertEquals(TaasTestFixture.APP_ID.id(), r.appId());
        assertEquals(0, r.tableId());
        assertTrue(r.isPermanent());
        GroupDescription g = groupOf(c, r);
        assertEquals(GroupDescription.Type.ALL, g.type());
        assertEquals(ImmutableSet.of(TAP_X.port()), copies(g));
        assertEquals(2, g.buckets().buckets().size());
        assertEquals(TapFlowCompiler.META_OUT_DONE, resubmitLoad(g));
        assertEquals(TaasTestFixture.APP_ID, g.appId());
        assertEquals(TapStatus.active(), c.flowStatus().get(f.id()));
    }

    @Test
    public void inMirrorsFramesToTheHostMacOncePerIncomingMetadata() {
        TapFlow f = flow(H1, x, Direction.IN, null);
        CompiledPort c = compiler.compile(snap(H1, f).hostMacs(ImmutableSet.of(MAC1)).build(), ids);
        assertEquals(2, c.flowRules().size());
        FlowRule fresh = ruleWith(c, inSel(MAC1, 0, null));
        FlowRule afterOut = ruleWith(c, inSel(MAC1, 1, null));
        assertEquals(BASE + TapFlowCompiler.OFFSET_IN_ALL, fresh.priority());
        assertEquals(BASE + TapFlowCompiler.OFFSET_IN_ALL, afterOut.priority());
        assertEquals(2, resubmitLoad(groupOf(c, fresh)));
        assertEquals(3, resubmitLoad(groupOf(c, afterOut)));
        assertEquals(ImmutableSet.of(TAP_X.port()), copies(groupOf(c, fresh)));
        assertEquals(ImmutableSet.of(TAP_X.port()), copies(groupOf(c, afterOut)));
    }

    @Test
    public void bothIsOutPlusInAndOutOutranksIn() {
        TapFlow f = flow(H1, x, Direction.BOTH, null);
        CompiledPort c = compiler.compile(snap(H1, f).hostMacs(ImmutableSet.of(MAC1)).build(), ids);
        assertEquals(3, c.flowRules().size());
        assertEquals(3, c.groups().size());
        assertTrue(ruleWith(c, outSel(H1, null)).priority() > ruleWith(c, inSel(MAC1, 0, null)).priority());
    }

    @Test
    public void bothWithoutHostMirrorsOutButIsNotActive() {
        TapFlow f = flow(H1, x, Direction.BOTH, null);
        CompiledPort c = compiler.compile(snap(H1, f).build(), ids);
        assertEquals(1, c.flowRules().size());
        assertEquals(TapStatus.State.DOWN, c.flowStatus().get(f.id()).state());
        assertThat(c.flowStatus().get(f.id()).reason(), containsString("partly mirrored: OUT copies are made"));
        TapFlow in = flow(H1, x, Direction.IN, null);
        CompiledPort c2 = compiler.compile(snap(H1, in).build(), ids);
        assertEquals(0, c2.flowRules().size());
        assertEquals(TapStatus.State.DOWN, c2.flowStatus().get(in.id()).state());
    }

    @Test
    public void vlanFilterMatchesEachIdAndUntaggedAsNone() {
        TapFlow f = flow(H1, x, Direction.OUT, "0,100-101");
        CompiledPort c = compiler.compile(snap(H1, f).build(), ids);
        assertEquals(3, c.flowRules().size());
        FlowRule untagged = ruleWith(c, outSel(H1, VlanId.NONE));
        FlowRule v100 = ruleWith(c, outSel(H1, VlanId.vlanId((short) 100)));
        ruleWith(c, outSel(H1, VlanId.vlanId((short) 101)));
        assertEquals(BASE + TapFlowCompiler.OFFSET_OUT_VLAN, v100.priority());
        // ids with the same tap ports share one group
        assertEquals(1, c.groups().size());
        assertEquals(groupOf(c, untagged).givenGroupId(), groupOf(c, v100).givenGroupId());
    }

    @Test
    public void overlappingFiltersSplitIntoDisjointClasses() {
        // flow A: OUT of h1, VLAN 100, to X; flow B: OUT of h1, no filter, to Y
        TapFlow a = flow(H1, x, Direction.OUT, "100");
        TapFlow b = flow(H1, y, Direction.OUT, null);
        CompiledPort c = compiler.compile(snap(H1, a, b).build(), ids);
        assertEquals(2, c.flowRules().size());
        FlowRule v100 = ruleWith(c, outSel(H1, VlanId.vlanId((short) 100)));
        FlowRule rest = ruleWith(c, outSel(H1, null));
        assertTrue(v100.priority() > rest.priority());
        assertEquals(ImmutableSet.of(TAP_X.port(), TAP_Y.port()), copies(groupOf(c, v100)));
        assertEquals(ImmutableSet.of(TAP_Y.port()), copies(groupOf(c, rest)));
    }

    @Test
    public void filteredFlowToTheSameServiceAsAnUnfilteredOneAddsNoRule() {
        TapFlow a = flow(H1, x, Direction.OUT, "100");
        TapFlow b = flow(H1, x, Direction.OUT, null);
        CompiledPort c = compiler.compile(snap(H1, a, b).build(), ids);
        assertEquals(1, c.flowRules().size());
        assertEquals(ImmutableSet.of(TAP_X.port()), copies(groupOf(c, ruleWith(c, outSel(H1, null)))));
    }

    @Test
    public void oneSourceToTwoServicesCopiesOnceToEach() {
        TapFlow a = flow(H1, x, Direction.OUT, null);
        TapFlow b = flow(H1, y, Direction.OUT, null);
        CompiledPort c = compiler.compile(snap(H1, a, b).build(), ids);
        assertEquals(1, c.flowRules().size());
        GroupDescription g = groupOf(c, ruleWith(c, outSel(H1, null)));
        assertEquals(ImmutableSet.of(TAP_X.port(), TAP_Y.port()), copies(g));
        assertEquals(3, g.buckets().buckets().size());
    }

    @Test
    public void tapPortDropsWhatEntersIt() {
        CompiledPort c = compiler.compile(PortSnapshot.builder(TAP_X).deviceAvailable(true)
                .portState(PortState.UP).tapServiceHere(x).build(), ids);
        assertEquals(1, c.flowRules().size());
        FlowRule drop = c.flowRules().get(0);
        assertEquals(DefaultTrafficSelector.builder().matchInPort(TAP_X.port()).build(), drop.selector());
        assertEquals(DefaultTrafficTreatment.builder().drop().build(), drop.treatment());
        assertEquals(BASE + TapFlowCompiler.OFFSET_TAP_PORT_DROP, drop.priority());
        assertEquals(TapStatus.active(), c.serviceStatus());

        TapFlowCompiler noDrop = new TapFlowCompiler(TaasTestFixture.APP_ID, BASE, false);
        assertEquals(0, noDrop.compile(PortSnapshot.builder(TAP_X).deviceAvailable(true)
                .portState(PortState.UP).tapServiceHere(x).build(), ids).flowRules().size());
    }

    @Test
    public void faultsGiveStatusesAndNoRules() {
        TapFlow f = flow(H1, x, Direction.OUT, null);
        assertDown(compiler.compile(snap(H1, f).deviceAvailable(false).build(), ids), f, "not available");
        assertDown(compiler.compile(snap(H1, f).portState(PortState.DOWN).build(), ids), f, "is down");
        assertDown(compiler.compile(snap(H1, f).portState(PortState.ABSENT).build(), ids), f, "does not exist");
        assertDown(compiler.compile(snap(H1, f).tapPortStates(ImmutableMap.of(TAP_X, PortState.DOWN)).build(),
                                    ids), f, "tap port");
        TapService remote = service(cp(2, 1));
        TapFlow r = flow(H1, remote, Direction.OUT, null);
        assertDown(compiler.compile(snap(H1, r).services(ImmutableMap.of(remote.id(), remote))
                .tapPortStates(ImmutableMap.of(remote.port(), PortState.UP)).build(), ids), r, "no transport VLAN");
        CompiledPort noExt = compiler.compile(snap(H1, f).nicira(null, "default").build(), ids);
        assertEquals(0, noExt.flowRules().size());
        assertEquals(TapStatus.State.ERROR, noExt.flowStatus().get(f.id()).state());
        assertThat(noExt.flowStatus().get(f.id()).reason(), containsString("\"driver\":\"ovs\""));
    }

    private static void assertDown(CompiledPort c, TapFlow f, String why) {
        assertEquals(0, c.flowRules().size());
        assertEquals(0, c.groups().size());
        assertEquals(TapStatus.State.DOWN, c.flowStatus().get(f.id()).state());
        assertThat(c.flowStatus().get(f.id()).reason(), containsString(why));
    }

    @Test
    public void groupIdsAreStableAndDistinct() {
        TapFlow f = flow(H1, x, Direction.BOTH, "5,7");
        PortSnapshot s = snap(H1, f).hostMacs(ImmutableSet.of(MAC1)).build();
        CompiledPort c1 = compiler.compile(s, ids);
        CompiledPort c2 = compiler.compile(s, ids);
        List<Integer> g1 = new ArrayList<>();
        c1.groups().forEach(g -> g1.add(g.givenGroupId()));
        List<Integer> g2 = new ArrayList<>();
        c2.groups().forEach(g -> g2.add(g.givenGroupId()));
        assertEquals(g1, g2);
        assertEquals(g1.size(), ImmutableSet.copyOf(g1).size());
        g1.forEach(id -> assertEquals(DeviceGroupIds.ID_PREFIX, id & 0xFF000000));
        assertNull(c1.serviceStatus());
    }
}

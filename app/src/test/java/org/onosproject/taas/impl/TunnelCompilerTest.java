package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import org.junit.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.GroupId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
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
import org.onosproject.taas.api.TapTunnel;
import org.onosproject.taas.api.VlanFilter;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.impl.FakeNetwork.cp;
import static org.onosproject.taas.impl.FakeNetwork.did;

/**
 * Exact buckets of tunnel tap services (GRE and ERSPAN): the copy bucket sets the tunnel
 * destination and the key of its side, then outputs to the source device's tunnel port; the
 * original's bucket is the same as for a port tap service.
 */
public class TunnelCompilerTest {

    private static final int BASE = 65000;
    private static final ConnectPoint H1 = cp(1, 1);
    private static final ConnectPoint TAP_X = cp(1, 3);
    private static final MacAddress MAC1 = MacAddress.valueOf("00:00:00:00:00:01");
    private static final PortNumber GRE_PORT = PortNumber.portNumber(65001);
    private static final PortNumber ERSPAN_PORT = PortNumber.portNumber(65002);
    private static final Ip4Address COLLECTOR = Ip4Address.valueOf("192.0.2.9");

    private final TapFlowCompiler compiler = new TapFlowCompiler(TaasTestFixture.APP_ID, BASE, true,
                                                                 TunnelPorts.DEFAULT);
    private final NiciraExtensions nicira = new NiciraExtensions(did(1), new FakeNetwork.Resolver());
    private final TapService gre = tunnel(TapTunnel.Type.GRE, 101, 4_000_000_000L);
    private final TapService erspan = tunnel(TapTunnel.Type.ERSPAN, 11, 12);
    private final TapService x = TapService.builder().id(TapServiceId.random()).port(TAP_X).build();

    private static TapService tunnel(TapTunnel.Type type, long in, long out) {
        return TapService.builder().id(TapServiceId.random()).name(type.text()).tunnel(TapTunnel.builder()
                .type(type).remoteIp(IpAddress.valueOf("192.0.2.9")).inKey(in).outKey(out).build()).build();
    }

    private static TapFlow flow(TapService to, Direction dir, String filter) {
        return TapFlow.builder().id(TapFlowId.random()).sourcePort(H1).tapServiceId(to.id())
                .direction(dir).vlanFilter(filter == null ? null : VlanFilter.parse(filter)).build();
    }

    private PortSnapshot.Builder snap(Map<TapTunnel.Type, PortNumber> tunnelPorts, TapFlow... flows) {
        return PortSnapshot.builder(H1).deviceAvailable(true).portState(PortState.UP)
                .nicira(nicira, "ovs").flows(Arrays.asList(flows))
                .services(ImmutableMap.of(gre.id(), gre, erspan.id(), erspan, x.id(), x))
                .tapPortStates(ImmutableMap.of(TAP_X, PortState.UP))
                .hostMacs(ImmutableSet.of(MAC1)).tunnelPorts(tunnelPorts, "br-int");
    }

    private PortSnapshot.Builder snap(TapFlow... flows) {
        return snap(ImmutableMap.of(TapTunnel.Type.GRE, GRE_PORT, TapTunnel.Type.ERSPAN, ERSPAN_PORT), flows);
    }

    private static TrafficTreatment tunnelCopy(PortNumber port, long key) {
        FakeNetwork.TunnelDst dst = (FakeNetwork.TunnelDst) new FakeNetwork.Resolver()
                .getExtensionInstruction(new FakeNetwork.TunnelDst().type());
        try {
            dst.setPropertyValue("tunnelDst", COLLECTOR);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return DefaultTrafficTreatment.builder().extension(dst, did(1)).setTunnelId(key).setOutput(port).build();
    }

    private static GroupDescription group(CompiledPort c, TrafficSelector sel) {
        List<FlowRule> rules = c.flowRules().stream().filter(r -> r.selector().equals(sel))
                .collect(Collectors.toList());
        assertEquals("rules with " + sel + " in " + c.flowRules(), 1, rules.size());
        GroupId gid = ((Instructions.GroupInstruction) rules.get(0).treatment().allInstructions().get(0)).groupId();
        return c.groups().stream().filter(g -> g.givenGroupId().equals(gid.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + gid));
    }

    // the buckets that output a copy (every bucket but the original's load + resubmit)
    private static List<TrafficTreatment> copyBuckets(GroupDescription g) {
        return g.buckets().buckets().stream().map(GroupBucket::treatment)
                .filter(t -> t.allInstructions().stream().anyMatch(i -> i.type() == Instruction.Type.OUTPUT))
                .collect(Collectors.toList());
    }

    private static TrafficTreatment originalBucket(GroupDescription g) {
        List<TrafficTreatment> rest = g.buckets().buckets().stream().map(GroupBucket::treatment)
                .filter(t -> t.allInstructions().stream().noneMatch(i -> i.type() == Instruction.Type.OUTPUT))
                .collect(Collectors.toList());
        assertEquals(1, rest.size());
        return rest.get(0);
    }

    private static TrafficSelector out(VlanId vlan) {
        TrafficSelector.Builder b = DefaultTrafficSelector.builder().matchInPort(H1.port()).matchMetadata(0);
        if (vlan != null) {
            b.matchVlanId(vlan);
        }
        return b.build();
    }

    private static TrafficSelector in(long meta) {
        return DefaultTrafficSelector.builder().matchEthDst(MAC1).matchMetadata(meta).build();
    }

    @Test
    public void greBothCopiesOutWithTheOutKeyAndInWithTheInKey() {
        TapFlow f = flow(gre, Direction.BOTH, null);
        CompiledPort c = compiler.compile(snap(f).build(), new DeviceGroupIds());
        assertEquals(TapStatus.active(), c.flowStatus().get(f.id()));
        GroupDescription outGroup = group(c, out(null));
        assertEquals(List.of(tunnelCopy(GRE_PORT, 4_000_000_000L)), copyBuckets(outGroup));
        for (long meta : new long[]{0, 1}) {
            assertEquals(List.of(tunnelCopy(GRE_PORT, 101)), copyBuckets(group(c, in(meta))));
        }
        // the original's bucket sets no tunnel field: only load + resubmit
        TrafficTreatment original = originalBucket(outGroup);
        assertEquals(2, original.allInstructions().size());
        assertTrue(original.allInstructions().stream().allMatch(i -> i.type() == Instruction.Type.EXTENSION));
        assertEquals(3, c.flowRules().size());
    }

    @Test
    public void erspanUsesTheErspanPortAndSessionIds() {
        TapFlow f = flow(erspan, Direction.BOTH, null);
        CompiledPort c = compiler.compile(snap(f).build(), new DeviceGroupIds());
        assertEquals(List.of(tunnelCopy(ERSPAN_PORT, 12)), copyBuckets(group(c, out(null))));
        assertEquals(List.of(tunnelCopy(ERSPAN_PORT, 11)), copyBuckets(group(c, in(0))));
        assertEquals(List.of(tunnelCopy(ERSPAN_PORT, 11)), copyBuckets(group(c, in(1))));
    }

    @Test
    public void tunnelAndPortServicesShareAGroupWithABucketEach() {
        TapFlow toGre = flow(gre, Direction.OUT, null);
        TapFlow toX = flow(x, Direction.OUT, null);
        TapFlow toErspan = flow(erspan, Direction.OUT, "100");
        CompiledPort c = compiler.compile(snap(toGre, toX, toErspan).build(), new DeviceGroupIds());
        List<TrafficTreatment> all = copyBuckets(group(c, out(null)));
        assertEquals(2, all.size());
        assertTrue(all.contains(tunnelCopy(GRE_PORT, 4_000_000_000L)));
        assertTrue(all.contains(DefaultTrafficTreatment.builder().setOutput(TAP_X.port()).build()));
        List<TrafficTreatment> vlan100 = copyBuckets(group(c, out(VlanId.vlanId((short) 100))));
        assertEquals(3, vlan100.size());
        assertTrue(vlan100.contains(tunnelCopy(ERSPAN_PORT, 12)));
    }

    @Test
    public void missingTunnelPortIsErrorWithTheCommandThatAddsIt() {
        TapFlow f = flow(erspan, Direction.OUT, null);
        CompiledPort c = compiler.compile(snap(ImmutableMap.of(TapTunnel.Type.GRE, GRE_PORT), f).build(),
                                          new DeviceGroupIds());
        TapStatus st = c.flowStatus().get(f.id());
        assertEquals(TapStatus.State.ERROR, st.state());
        assertThat(st.reason(), containsString("no erspan tunnel port 'taas-erspan'"));
        assertThat(st.reason(), containsString("ovs-vsctl add-port br-int taas-erspan -- set interface taas-erspan"
                + " type=erspan options:remote_ip=flow options:key=flow options:erspan_ver=1"));
        assertTrue(c.flowRules().isEmpty());
        assertTrue(c.groups().isEmpty());
    }

    @Test
    public void missingGrePortWithUnknownBridgeNamesItByDatapathId() {
        TapFlow f = flow(gre, Direction.OUT, null);
        PortSnapshot s = snap(ImmutableMap.of(), f).tunnelPorts(ImmutableMap.of(), null).build();
        TapStatus st = compiler.compile(s, new DeviceGroupIds()).flowStatus().get(f.id());
        assertThat(st.reason(), containsString("ovs-vsctl add-port $(ovs-vsctl --bare --columns=name find bridge"
                + " datapath_id=0000000000000001) taas-gre -- set interface taas-gre type=gre"
                + " options:remote_ip=flow options:key=flow"));
    }

    @Test
    public void configuredNamesAppearInTheReason() {
        TapFlowCompiler custom = new TapFlowCompiler(TaasTestFixture.APP_ID, BASE, true,
                                                     new TunnelPorts("mirror-gre", "mirror-erspan"));
        TapFlow f = flow(gre, Direction.OUT, null);
        TapStatus st = custom.compile(snap(ImmutableMap.of(), f).build(), new DeviceGroupIds())
                .flowStatus().get(f.id());
        assertThat(st.reason(), containsString("add-port br-int mirror-gre -- set interface mirror-gre type=gre"));
    }

    @Test
    public void tunnelPortNamesMatchExactlyOrWithASuffix() {
        TunnelPorts names = TunnelPorts.DEFAULT;
        assertTrue(names.matches(TapTunnel.Type.GRE, "taas-gre"));
        assertTrue(names.matches(TapTunnel.Type.GRE, "taas-gre-s2"));
        assertTrue(!names.matches(TapTunnel.Type.GRE, "taas-gre-"));
        assertTrue(!names.matches(TapTunnel.Type.GRE, "taas-grex"));
        assertTrue(!names.matches(TapTunnel.Type.GRE, "taas-erspan"));
        assertTrue(names.matchesAny("taas-erspan-br1"));
        assertTrue(!names.matchesAny(null));
    }
}

package org.onosproject.taas.impl;

import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.PortNumber;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.VlanFilter;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.impl.FakeNetwork.cp;

/**
 * Attribution of group bucket and last-hop rule counters to tap services and tap flows,
 * without any ONOS service: exact where a bucket serves one flow, shared (never split) where
 * it serves several, remote copies counted at the source for the flow and at the last hop
 * for the service.
 */
public class TapStatsCalculatorTest {

    private static final Instant NOW = Instant.ofEpochMilli(1_000_000);
    private static final long T1 = 990_000;
    private static final long T2 = 995_000;

    private static final ConnectPoint H1 = cp(1, 1);
    private static final ConnectPoint H2 = cp(1, 2);
    private static final ConnectPoint X = cp(1, 10);
    private static final ConnectPoint Y = cp(1, 11);
    private static final ConnectPoint R = cp(2, 5);
    private static final int T = 3900;

    private final TapService x = service(X, null);
    private final TapService y = service(Y, null);
    private final TapService r = service(R, T);

    private static TapService service(ConnectPoint port, Integer vlan) {
        return TapService.builder().id(TapServiceId.random()).port(port).transportVlan(vlan)
                .status(TapStatus.active()).build();
    }

    private static TapFlow flow(ConnectPoint src, TapService s, Direction d, String filter) {
        return TapFlow.builder().id(TapFlowId.random()).sourcePort(src).tapServiceId(s.id()).direction(d)
                .vlanFilter(filter == null ? null : VlanFilter.parse(filter)).status(TapStatus.active()).build();
    }

    private static TapStatsCalculator.Counter counter(long packets, Long time, Double pps) {
        return new TapStatsCalculator.Counter(packets, packets * 100, time, pps, pps == null ? null : pps * 800);
    }

    private static TapStatsCalculator.Bucket local(ConnectPoint tap, TapStatsCalculator.Counter c) {
        return new TapStatsCalculator.Bucket(tap.port(), null, c);
    }

    private static TapStatsCalculator.Group group(ConnectPoint src, TapFlowCompiler.Side side, String cls,
                                                  long meta, TapStatsCalculator.Bucket... buckets) {
        return new TapStatsCalculator.Group(src.deviceId(), TapFlowCompiler.groupName(src, side, cls, meta),
                                            List.of(buckets));
    }

    @Test
    public void groupNamesOfTheCompilerParse() {
        TapStatsCalculator.GroupName n = TapStatsCalculator.GroupName.parse(
                TapFlowCompiler.groupName(H1, TapFlowCompiler.Side.IN, "9,18,27-36", 1));
        assertEquals(H1, n.port);
        assertEquals(TapFlowCompiler.Side.IN, n.side);
        assertEquals(VlanFilter.parse("9,18,27-36"), n.vlans);
        n = TapStatsCalculator.GroupName.parse(TapFlowCompiler.groupName(H2, TapFlowCompiler.Side.OUT, "all", 0));
        assertEquals(H2, n.port);
        assertEquals(TapFlowCompiler.Side.OUT, n.side);
        assertNull(n.vlans);
        assertNull(TapStatsCalculator.GroupName.parse("fwd:something"));
        assertNull(TapStatsCalculator.GroupName.parse("taas:nonsense"));
    }

    @Test
    public void aBucketServingOneFlowIsExactAndOneServingTwoIsSharedNotSplit() {
        // a: OUT of h1 to X, every frame; b: OUT of h1 to X, VLAN 100; c: OUT of h1 to Y, VLAN 200.
        // VLAN 100 wants {X} = the unfiltered set: no class; VLAN 200 wants {X, Y}: a class.
        TapFlow a = flow(H1, x, Direction.OUT, null);
        TapFlow b = flow(H1, x, Direction.OUT, "100");
        TapFlow c = flow(H1, y, Direction.OUT, "200");
        List<TapStatsCalculator.Group> groups = List.of(
                group(H1, TapFlowCompiler.Side.OUT, "all", 0, local(X, counter(50, T1, 5.0))),
                group(H1, TapFlowCompiler.Side.OUT, "200", 0,
                      local(X, counter(7, T2, 1.0)), local(Y, counter(7, T2, 1.0))));
        TapStatsCalculator.Result res = TapStatsCalculator.compute(List.of(x, y), List.of(a, b, c), groups,
                                                                   List.of(), NOW);
        TapStats sa = res.flows.get(a.id());
        assertEquals(57, sa.packets());
        assertEquals(5700, sa.bytes());
        assertEquals(Set.of(b.id()), sa.sharedWith());
        assertEquals(Instant.ofEpochMilli(T1), sa.sampled().get());
        assertEquals(6.0, sa.packetsPerSecond().get(), 1e-9);
        assertEquals(4800.0, sa.bitsPerSecond().get(), 1e-9);
        // b's frames (VLAN 100) go through the unfiltered group's bucket, with a's
        TapStats sb = res.flows.get(b.id());
        assertEquals(50, sb.packets());
        assertEquals(Set.of(a.id()), sb.sharedWith());
        // c alone has the VLAN 200 class's bucket to Y
        TapStats sc = res.flows.get(c.id());
        assertEquals(7, sc.packets());
        assertTrue(sc.sharedWith().isEmpty());
        assertEquals(Instant.ofEpochMilli(T2), sc.sampled().get());
        // services: every bucket that outputs to their port, once
        assertEquals(57, res.services.get(x.id()).packets());
        assertEquals(7, res.services.get(y.id()).packets());
        assertTrue(res.services.get(x.id()).sharedWith().isEmpty());
        // what h1 copies to X
        assertEquals(57, res.sources.get(new TapStatsCalculator.SourceKey(H1, x.id())).packets());
    }

    @Test
    public void bothDirectionsOfOneFlowAddUpExactly() {
        // IN groups exist twice (metadata 0 and 1); OUT once; all three are d's alone
        TapFlow d = flow(H2, x, Direction.BOTH, null);
        TapFlow other = flow(H2, y, Direction.IN, null);
        List<TapStatsCalculator.Group> groups = List.of(
                group(H2, TapFlowCompiler.Side.OUT, "all", 0, local(X, counter(3, T1, null))),
                group(H2, TapFlowCompiler.Side.IN, "all", 0, local(X, counter(4, T1, null)),
                      local(Y, counter(4, T1, null))),
                group(H2, TapFlowCompiler.Side.IN, "all", 1, local(X, counter(2, T1, null)),
                      local(Y, counter(2, T1, null))));
        TapStatsCalculator.Result res = TapStatsCalculator.compute(List.of(x, y), List.of(d, other), groups,
                                                                   List.of(), NOW);
        TapStats sd = res.flows.get(d.id());
        assertEquals(9, sd.packets());
        assertTrue("another service's bucket is no sharing", sd.sharedWith().isEmpty());
        assertFalse("no rate before two samples", sd.packetsPerSecond().isPresent());
        assertEquals(6, res.flows.get(other.id()).packets());
        assertEquals(9, res.services.get(x.id()).packets());
        assertEquals(6, res.services.get(y.id()).packets());
    }

    @Test
    public void remoteCopiesCountAtTheSourceForTheFlowAndAtTheLastHopForTheService() {
        TapFlow f = flow(H1, r, Direction.OUT, null);
        TapFlow g = flow(cp(3, 1), r, Direction.OUT, null);
        List<TapStatsCalculator.Group> groups = List.of(
                group(H1, TapFlowCompiler.Side.OUT, "all", 0, new TapStatsCalculator.Bucket(
                        PortNumber.portNumber(20), T, counter(11, T1, 2.0))),
                group(cp(3, 1), TapFlowCompiler.Side.OUT, "all", 0, new TapStatsCalculator.Bucket(
                        PortNumber.portNumber(21), T, counter(4, T1, 1.0))));
        List<TapStatsCalculator.LastHop> hops = List.of(
                new TapStatsCalculator.LastHop(R.deviceId(), R.port(), T, counter(10, T2, 2.0)),
                new TapStatsCalculator.LastHop(R.deviceId(), R.port(), T, counter(4, T2, 1.0)),
                // another VLAN's rule to the same port is not this service's
                new TapStatsCalculator.LastHop(R.deviceId(), R.port(), T + 1, counter(99, T2, 1.0)));
        TapStatsCalculator.Result res = TapStatsCalculator.compute(List.of(r), List.of(f, g), groups, hops, NOW);
        assertEquals(11, res.flows.get(f.id()).packets());
        assertTrue(res.flows.get(f.id()).sharedWith().isEmpty());
        assertEquals(4, res.flows.get(g.id()).packets());
        TapStats sr = res.services.get(r.id());
        assertEquals("delivered: the last hops, not what left the sources", 14, sr.packets());
        assertEquals(Instant.ofEpochMilli(T2), sr.sampled().get());
        assertEquals(3.0, sr.packetsPerSecond().get(), 1e-9);
    }

    @Test
    public void nothingInstalledIsZeroNowAndNotYetSampledIsSaid() {
        TapFlow down = flow(H1, x, Direction.OUT, null).toBuilder().status(TapStatus.down("port down")).build();
        TapFlow fresh = flow(H2, y, Direction.OUT, null);
        TapStatsCalculator.Result res = TapStatsCalculator.compute(List.of(x, y), List.of(down, fresh), List.of(),
                                                                   List.of(), NOW);
        TapStats sd = res.flows.get(down.id());
        assertEquals(0, sd.packets());
        assertEquals(NOW, sd.sampled().get());
        assertEquals(0.0, sd.packetsPerSecond().get(), 0);
        TapStats sf = res.flows.get(fresh.id());
        assertFalse("ACTIVE without a sampled group: not sampled yet", sf.sampled().isPresent());
        assertFalse(res.services.get(y.id()).sampled().isPresent());
        assertEquals(NOW, res.services.get(x.id()).sampled().get());
        // what a source copies to a service: idle, or not sampled yet
        assertEquals(TapStats.idle(NOW), res.sources.get(new TapStatsCalculator.SourceKey(H1, x.id())));
        assertEquals(TapStats.notSampled(), res.sources.get(new TapStatsCalculator.SourceKey(H2, y.id())));
    }

    @Test
    public void anUnsampledBucketMakesTheWholeFigureUnsampled() {
        TapFlow a = flow(H1, x, Direction.OUT, "100");
        TapFlow b = flow(H1, x, Direction.OUT, "200");
        List<TapStatsCalculator.Group> groups = List.of(
                group(H1, TapFlowCompiler.Side.OUT, "100,200", 0, local(X, counter(5, T1, 1.0))),
                group(H1, TapFlowCompiler.Side.IN, "all", 0, local(Y, counter(0, null, null))));
        TapStatsCalculator.Result res = TapStatsCalculator.compute(List.of(x, y), List.of(a, b), groups,
                                                                   List.of(), NOW);
        assertEquals(Set.of(b.id()), res.flows.get(a.id()).sharedWith());
        assertEquals(5, res.services.get(x.id()).packets());
        assertFalse(res.services.get(y.id()).sampled().isPresent());
        assertFalse(res.services.get(y.id()).packetsPerSecond().isPresent());
    }

    @Test
    public void aFilteredFlowReachesTheUnfilteredGroupOnlyWithIdsWithoutAClass() {
        // a: OUT h1 -> X every frame; b: OUT h1 -> X VLAN 100,300; c: OUT h1 -> Y VLAN 300.
        // 300 wants {X, Y}: a class; 100 wants {X}: left to the unfiltered group.
        TapFlow a = flow(H1, x, Direction.OUT, null);
        TapFlow b = flow(H1, x, Direction.OUT, "100,300");
        TapFlow c = flow(H1, y, Direction.OUT, "300");
        List<TapStatsCalculator.Group> groups = List.of(
                group(H1, TapFlowCompiler.Side.OUT, "all", 0, local(X, counter(20, T1, null))),
                group(H1, TapFlowCompiler.Side.OUT, "300", 0, local(X, counter(3, T1, null)),
                      local(Y, counter(3, T1, null))));
        TapStatsCalculator.Result res = TapStatsCalculator.compute(List.of(x, y), List.of(a, b, c), groups,
                                                                   List.of(), NOW);
        assertEquals(23, res.flows.get(b.id()).packets());
        assertEquals(Set.of(a.id()), res.flows.get(b.id()).sharedWith());
        assertEquals(3, res.flows.get(c.id()).packets());
        assertTrue(res.flows.get(c.id()).sharedWith().isEmpty());

        // without VLAN 100, b only has the VLAN 300 class (with a)
        TapFlow b300 = b.toBuilder().vlanFilter(VlanFilter.parse("300")).build();
        res = TapStatsCalculator.compute(List.of(x, y), List.of(a, b300, c), groups, List.of(), NOW);
        assertEquals(3, res.flows.get(b300.id()).packets());
    }

    @Test
    public void tunnelBucketsCountForTheirServiceAndFlowsByKey() {
        TapService t = TapService.builder().id(TapServiceId.random()).tunnel(org.onosproject.taas.api.TapTunnel
                .builder().type(org.onosproject.taas.api.TapTunnel.Type.GRE)
                .remoteIp(org.onlab.packet.IpAddress.valueOf("192.0.2.9")).inKey(101).outKey(102).build())
                .status(TapStatus.active()).build();
        TapFlow a = flow(H1, t, Direction.BOTH, null);
        org.onosproject.net.PortNumber gre = org.onosproject.net.PortNumber.portNumber(65001);
        List<TapStatsCalculator.Group> groups = List.of(
                group(H1, TapFlowCompiler.Side.OUT, "all", 0, new TapStatsCalculator.Bucket(gre, null,
                        TapStatsCalculator.tunnelCopy("192.0.2.9", 102), counter(5, T1, null))),
                group(H1, TapFlowCompiler.Side.IN, "all", 0, new TapStatsCalculator.Bucket(gre, null,
                        TapStatsCalculator.tunnelCopy("192.0.2.9", 101), counter(3, T1, null))),
                // another collector's copy on the same tunnel port is not this service's
                group(H1, TapFlowCompiler.Side.IN, "all", 1, new TapStatsCalculator.Bucket(gre, null,
                        TapStatsCalculator.tunnelCopy("192.0.2.10", 101), counter(9, T1, null))));
        TapStatsCalculator.Result res = TapStatsCalculator.compute(List.of(t), List.of(a), groups, List.of(), NOW);
        assertEquals(8, res.flows.get(a.id()).packets());
        assertEquals(8, res.services.get(t.id()).packets());
    }
}

package org.onosproject.taas.impl;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onlab.osgi.ComponentContextAdapter;
import org.onlab.packet.IpAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.TapTunnel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.onosproject.taas.impl.FakeNetwork.cp;

/**
 * The API's rules hold across instances: three instances of the application on one shared
 * store, whose map events reach each instance late and out of order, and whose operations
 * take a millisecond each. Requests race on both instances at once.
 */
public class ClusterValidationTest {

    private TaasClusterFixture cluster;
    private TaasManager a;
    private TaasManager b;
    private TaasManager c;

    @Before
    public void setUp() {
        cluster = new TaasClusterFixture(3, 17, 30, 1);
        a = cluster.member(0).manager;
        b = cluster.member(1).manager;
        c = cluster.member(2).manager;
    }

    @After
    public void tearDown() {
        cluster.tearDown();
    }

    private static TapService service(ConnectPoint port) {
        return TapService.builder().id(TapServiceId.random()).name("svc").port(port).build();
    }

    private static TapFlow flow(TapServiceId sid, ConnectPoint source, Direction d) {
        return TapFlow.builder().id(TapFlowId.random()).name("f").tapServiceId(sid).sourcePort(source)
                .direction(d).build();
    }

    private static TapService aService(TaasManager m, ConnectPoint port) {
        return m.createTapService(service(port));
    }

    // Runs the calls at once, each on its own thread; returns what each returned or threw.
    private static List<Object> race(List<Callable<?>> calls) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Object> results = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Callable<?> c : calls) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    results.add(c.call());
                } catch (Exception e) {
                    results.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(30_000);
        }
        return results;
    }

    // On each of five ports of s1, races requests about that port, of which one only may succeed.
    @SafeVarargs
    private static void onlyOneOn(String what, Function<ConnectPoint, Callable<?>>... requests)
            throws InterruptedException {
        for (int port = 1; port <= 5; port++) {
            ConnectPoint p = cp(1, port);
            List<Object> r = race(Arrays.stream(requests).map(q -> q.apply(p)).collect(Collectors.toList()));
            assertEquals(what + " on " + p + ": " + r, 1, accepted(r));
        }
    }

    // Runs a write 30 times in a row, numbered.
    private static String repeat(java.util.function.IntConsumer write) {
        for (int i = 0; i < 30; i++) {
            write.accept(i);
        }
        return "done";
    }

    private static long accepted(List<Object> results) {
        for (Object r : results) {
            if (r instanceof Exception && !(r instanceof TaasException)) {
                throw new AssertionError("not a TaasException: " + r, (Exception) r);
            }
        }
        return results.stream().filter(r -> !(r instanceof Exception)).count();
    }

    private List<TapFlow> storedFlows() {
        cluster.storage.awaitQuiet(5000);
        return new ArrayList<>(a.getTapFlows());
    }

    @Test
    public void oneTapServicePerPortWhenTwoInstancesCreateAtOnce() throws Exception {
        onlyOneOn("tap services", p -> () -> a.createTapService(service(p)),
                  p -> () -> b.createTapService(service(p)), p -> () -> c.createTapService(service(p)));
        cluster.storage.awaitQuiet(5000);
        assertEquals(5, a.getTapServices().size());
        assertEquals(5, b.getTapServices().size());
        assertEquals(5, c.getTapServices().size());
    }

    private static TapService tunnel(String ip, long in, long out) {
        return TapService.builder().id(TapServiceId.random()).name("ids").tunnel(TapTunnel.builder()
                .type(TapTunnel.Type.GRE).remoteIp(IpAddress.valueOf(ip)).inKey(in).outKey(out).build()).build();
    }

    @Test
    public void oneTunnelPerKeyAndCollectorWhenInstancesCreateAtOnce() throws Exception {
        for (int i = 1; i <= 5; i++) {
            String ip = "192.0.2." + i;
            // the second shares its out key with the first's in key, the third both keys
            List<Object> r = race(List.of(() -> a.createTapService(tunnel(ip, 1, 2)),
                                          () -> b.createTapService(tunnel(ip, 3, 1)),
                                          () -> c.createTapService(tunnel(ip, 2, 1))));
            assertEquals("tunnels to " + ip + ": " + r, 1, accepted(r));
            r.stream().filter(x -> x instanceof TaasException).forEach(e -> assertThat(
                    ((TaasException) e).getMessage(), containsString("the collector could not tell")));
        }
        cluster.storage.awaitQuiet(5000);
        assertEquals(5, c.getTapServices().size());
        // a deleted tunnel gives its keys back
        TapService first = a.getTapServices().stream()
                .filter(s -> s.tunnel().get().remoteIp().equals(IpAddress.valueOf("192.0.2.1"))).findFirst().get();
        b.removeTapService(first.id());
        cluster.storage.awaitQuiet(5000);
        c.createTapService(tunnel("192.0.2.1", 1, 2));
        c.createTapService(tunnel("192.0.2.1", 3, 4));
    }

    @Test
    public void flowCreatedWhileItsServiceIsDeletedElsewhereIsNotOrphaned() throws Exception {
        TapService s = aService(a, cp(1, 9));
        cluster.storage.awaitQuiet(5000);
        // one instance adds a flow, the other deletes the service before it heard of the flow
        a.createTapFlow(flow(s.id(), cp(1, 1), Direction.OUT));
        b.removeTapService(s.id());
        assertEquals("flows left without their tap service", List.of(), storedFlows());
        // and at the same time, many times
        for (int i = 0; i < 5; i++) {
            TapService t = aService(b, cp(2, 9));
            cluster.storage.awaitQuiet(5000);
            int port = 10 + i;
            race(List.of(() -> a.createTapFlow(flow(t.id(), cp(2, port), Direction.BOTH)),
                         () -> b.removeTapService(t.id())));
            assertEquals("flows left without their tap service", List.of(), storedFlows());
        }
    }

    @Test
    public void noMirrorLoopWhenAServiceAndAFlowClaimOnePortAtOnce() throws Exception {
        TapService elsewhere = aService(a, cp(3, 9));
        cluster.storage.awaitQuiet(5000);
        onlyOneOn("a tap service and a tap flow", p -> () -> a.createTapService(service(p)),
                  p -> () -> b.createTapFlow(flow(elsewhere.id(), p, Direction.OUT)));
    }

    @Test
    public void noDuplicateFlowWhenTwoInstancesCreateItAtOnce() throws Exception {
        TapService s = aService(a, cp(3, 9));
        cluster.storage.awaitQuiet(5000);
        onlyOneOn("duplicate tap flows", p -> () -> a.createTapFlow(flow(s.id(), p, Direction.IN)),
                  p -> () -> b.createTapFlow(flow(s.id(), p, Direction.IN)));
        // an update that would make a duplicate is refused too
        TapFlow in = a.createTapFlow(flow(s.id(), cp(2, 1), Direction.IN));
        TapFlow out = b.createTapFlow(flow(s.id(), cp(2, 1), Direction.OUT));
        List<Object> r = race(List.of(() -> a.updateTapFlow(in.toBuilder().direction(Direction.BOTH).build()),
                                      () -> b.updateTapFlow(out.toBuilder().direction(Direction.BOTH).build())));
        assertEquals("both became BOTH: " + r, 1, accepted(r));
    }

    @Test
    public void quotaHoldsAcrossInstances() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(OsgiPropertyConstants.MAX_TAP_SERVICES, 3);
        ComponentContextAdapter ctx = new ComponentContextAdapter() {
            @Override
            public Dictionary getProperties() {
                return props;
            }
        };
        a.modified(ctx);
        b.modified(ctx);
        List<Callable<?>> calls = new ArrayList<>();
        c.modified(ctx);
        for (int i = 1; i <= 9; i++) {
            TaasManager m = List.of(a, b, c).get(i % 3);
            ConnectPoint p = cp(4, i);
            calls.add(() -> m.createTapService(service(p)));
        }
        List<Object> r = race(calls);
        cluster.storage.awaitQuiet(5000);
        assertTrue("quota of 3 exceeded: " + a.getTapServices().size() + " tap services",
                   a.getTapServices().size() <= 3);
        assertTrue(accepted(r) <= 3);
    }

    @Test
    public void concurrentWritersOnTwoInstancesAreRetried() throws Exception {
        TapService s = aService(a, cp(3, 9));
        TapFlow f = a.createTapFlow(flow(s.id(), cp(1, 1), Direction.OUT));
        cluster.storage.awaitQuiet(5000);
        List<Object> r = race(List.of(
                () -> repeat(i -> a.updateTapFlow(f.toBuilder().name("name" + i).build())),
                () -> repeat(i -> cluster.member(1).store.updateTapFlow(
                        f.id(), x -> x.withStatus(TapStatus.build("step " + i)))),
                () -> repeat(i -> b.updateTapService(s.toBuilder().description("d" + i).build())),
                () -> repeat(i -> cluster.member(0).store.updateTapService(
                        s.id(), x -> x.withStatus(TapStatus.active("round " + i))))));
        List<Object> failures = r.stream().filter(x -> x instanceof Exception).collect(Collectors.toList());
        assertEquals("writers that failed", List.of(), failures);
        cluster.storage.awaitQuiet(5000);
        TapFlow now = b.getTapFlow(f.id());
        assertEquals("name29", now.name());
        assertEquals(TapStatus.build("step 29"), now.status());
        assertEquals("d29", b.getTapService(s.id()).description());
    }

    @Test
    public void writeAttemptsAreComponentConfiguration() {
        TapService s = aService(a, cp(3, 9));
        cluster.storage.awaitQuiet(5000);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(OsgiPropertyConstants.WRITE_ATTEMPTS, 3);
        cluster.member(1).store.modified(new ComponentContextAdapter() {
            @Override
            public Dictionary getProperties() {
                return props;
            }
        });
        // two writers get in first: the third attempt succeeds
        cluster.storage.interfere(DistributedTaasStore.SERVICES_MAP, s.id(), 2);
        b.updateTapService(s.toBuilder().description("after two").build());
        // three: it gives up, says how often and where to change it, and changes nothing
        cluster.storage.interfere(DistributedTaasStore.SERVICES_MAP, s.id(), 3);
        try {
            b.updateTapService(s.toBuilder().description("after three").build());
            fail("written although 3 attempts failed");
        } catch (TaasException e) {
            assertEquals(TaasException.Kind.CONFLICT, e.kind());
            assertThat(e.getMessage(), containsString("3 times in a row"));
            assertThat(e.getMessage(), containsString("writeAttempts"));
        }
        cluster.storage.awaitQuiet(5000);
        assertEquals("after two", a.getTapService(s.id()).description());
    }

    @Test
    public void transportVlanAllocationGivesUpClearlyAndReturnsTheVlan() {
        TapService s = aService(a, cp(3, 9));
        cluster.storage.awaitQuiet(5000);
        cluster.storage.interfere(DistributedTaasStore.SERVICES_MAP, s.id(), 1000);
        try {
            b.createTapFlow(flow(s.id(), cp(1, 1), Direction.OUT));
            fail("accepted although the transport VLAN could not be written");
        } catch (TaasException e) {
            assertEquals(TaasException.Kind.CONFLICT, e.kind());
            assertThat(e.getMessage(), containsString("changed concurrently"));
        }
        assertEquals("transport VLANs held", java.util.Set.of(),
                     cluster.storage.keys(DistributedTaasStore.VLANS_MAP));
        assertNull(cluster.storage.peek(DistributedTaasStore.SERVICES_MAP, s.id()) instanceof TapService
                           && ((TapService) cluster.storage.peek(DistributedTaasStore.SERVICES_MAP, s.id()))
                           .transportVlan().isPresent() ? "has a VLAN" : null);
        assertEquals(List.of(), storedFlows());
        // the writers are gone: it works
        cluster.storage.interfere(DistributedTaasStore.SERVICES_MAP, s.id(), -1000);
        b.createTapFlow(flow(s.id(), cp(1, 1), Direction.OUT));
    }
}

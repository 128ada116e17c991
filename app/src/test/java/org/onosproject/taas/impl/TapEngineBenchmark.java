package org.onosproject.taas.impl;

import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;

import java.util.ArrayList;
import java.util.List;

import static org.onosproject.taas.impl.FakeNetwork.cp;

/**
 * Benchmark of the engine (not a test): compile and submit N tap flows over D devices through
 * the real manager, store and programmer against in-memory flow rule and group services, then
 * the cost of one more add and remove at that size. Prints figures; asserts nothing.
 * Run with {@code tools/onos-test.sh bench-engine}.
 */
public final class TapEngineBenchmark {

    private static final int DEVICES = 100;
    private static final int REPEATS = 200;

    private TapEngineBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("onos-taas engine benchmark: " + DEVICES + " devices, OUT tap flows, "
                + "in-memory FlowRuleService/GroupService");
        run(1, true);      // warm-up
        run(1, false);     // 100 tap flows
        run(100, false);   // 10,000 tap flows
        System.exit(0);
    }

    private static void run(int flowsPerDevice, boolean warmUp) {
        TaasTestFixture fixture = new TaasTestFixture();
        FakeNetwork net = new FakeNetwork();
        for (int d = 1; d <= DEVICES; d++) {
            net.addDevice(d, flowsPerDevice + 2);
        }
        TapProgrammer p = net.startProgrammer(fixture);

        int tapPort = flowsPerDevice + 2;
        List<TapService> services = new ArrayList<>();
        for (int d = 1; d <= DEVICES; d++) {
            services.add(TapService.builder().id(TapServiceId.random()).name("s" + d).port(cp(d, tapPort)).build());
        }
        fixture.manager().createTapServices(services);
        p.awaitIdle(60_000);

        List<TapFlow> flows = new ArrayList<>();
        for (int d = 1; d <= DEVICES; d++) {
            for (int port = 1; port <= flowsPerDevice; port++) {
                flows.add(TapFlow.builder().id(TapFlowId.random()).sourcePort(cp(d, port))
                                  .tapServiceId(services.get(d - 1).id()).direction(Direction.OUT).build());
            }
        }
        long t0 = System.nanoTime();
        fixture.manager().createTapFlows(flows);
        p.awaitIdle(600_000);
        long bulkNs = System.nanoTime() - t0;
        int rules = net.flowRules.getFlowRuleCount();
        int groups = net.groups.all().size();

        // one more tap flow on device 1 (port flowsPerDevice + 1), added and removed REPEATS times
        int ops0 = net.flowRules.operations + net.groups.operations;
        long addNs = 0;
        long removeNs = 0;
        for (int i = 0; i < REPEATS; i++) {
            TapFlow extra = TapFlow.builder().id(TapFlowId.random()).sourcePort(cp(1, flowsPerDevice + 1))
                    .tapServiceId(services.get(0).id()).direction(Direction.OUT).build();
            long a = System.nanoTime();
            fixture.manager().createTapFlow(extra);
            p.awaitIdle(60_000);
            addNs += System.nanoTime() - a;
            long r = System.nanoTime();
            fixture.manager().removeTapFlow(extra.id());
            p.awaitIdle(60_000);
            removeNs += System.nanoTime() - r;
        }
        double opsPerCycle = (net.flowRules.operations + net.groups.operations - ops0) / (double) REPEATS;
        if (!warmUp) {
            System.out.printf("tap flows %6d: bulk create+compile+submit %8.1f ms (%d rules, %d groups); "
                              + "one more add %.3f ms, remove %.3f ms (mean of %d; %.1f rule+group ops per "
                              + "add+remove)%n",
                              flows.size(), bulkNs / 1e6, rules, groups, addNs / 1e6 / REPEATS,
                              removeNs / 1e6 / REPEATS, REPEATS, opsPerCycle);
        }
        p.deactivate();
        fixture.tearDown();
    }
}

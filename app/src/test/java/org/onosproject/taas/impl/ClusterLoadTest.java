package org.onosproject.taas.impl;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onlab.osgi.ComponentContextAdapter;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;

import java.util.Dictionary;
import java.util.Hashtable;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.impl.FakeNetwork.cp;
import static org.onosproject.taas.impl.FakeNetwork.did;

/**
 * What the engine costs in a cluster: a reconciliation reads taps from the local copy, not
 * from the cluster's storage, and the periodic audit recompiles no transport tree.
 */
public class ClusterLoadTest {

    private static final int FLOWS = 30;

    private TaasClusterFixture cluster;

    @Before
    public void setUp() {
        cluster = new TaasClusterFixture(2, 3, 5, 0);
        cluster.net.addDevice(1, FLOWS + 2);
        cluster.net.addDevice(2, 4);
        cluster.net.addLink(cp(1, FLOWS + 1), cp(2, 1));
        cluster.elect(did(1), 0);
        cluster.elect(did(2), 1);
    }

    @After
    public void tearDown() {
        cluster.tearDown();
    }

    private void taps() {
        TaasManager m = cluster.member(0).manager;
        TapService local = m.createTapService(TapService.builder().id(TapServiceId.random()).port(cp(1, FLOWS + 2))
                                                      .build());
        TapService remote = m.createTapService(TapService.builder().id(TapServiceId.random()).port(cp(2, 4))
                                                       .build());
        for (int p = 1; p <= FLOWS; p++) {
            m.createTapFlow(TapFlow.builder().id(TapFlowId.random()).sourcePort(cp(1, p))
                                    .tapServiceId(p % 2 == 0 ? local.id() : remote.id())
                                    .direction(Direction.OUT).build());
        }
    }

    private static ComponentContextAdapter config(String name, Object value) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(name, value);
        return new ComponentContextAdapter() {
            @Override
            public Dictionary getProperties() {
                return props;
            }
        };
    }

    @Test
    public void reconcilingEverythingReadsNoTapFromTheClusterStorage() {
        TapProgrammer a = cluster.startProgrammer(0);
        cluster.startProgrammer(1);
        taps();
        cluster.settle();
        long before = cluster.storage.operations("a");
        // compare every device and tree again (as after a configuration change)
        a.modified(config(OsgiPropertyConstants.AUDIT_PERIOD, 30));
        cluster.settle();
        long used = cluster.storage.operations("a") - before;
        assertTrue("storage operations for reconciling " + FLOWS + " unchanged tap flows: " + used, used < 5);
    }

    @Test
    public void auditRecompilesNoTransportTree() throws InterruptedException {
        TapProgrammer a = cluster.startProgrammer(0);
        TapProgrammer b = cluster.startProgrammer(1);
        taps();
        a.modified(config(OsgiPropertyConstants.AUDIT_PERIOD, 1));
        b.modified(config(OsgiPropertyConstants.AUDIT_PERIOD, 1));
        cluster.settle();
        cluster.net.topology.pathQueries.set(0);
        Thread.sleep(2500);
        cluster.settle();
        assertEquals("paths computed by two audits of each instance", 0, cluster.net.topology.pathQueries.get());
    }
}

package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableSet;
import org.onlab.packet.IpAddress;
import org.onosproject.cfg.ComponentConfigAdapter;
import org.onosproject.cluster.ClusterServiceAdapter;
import org.onosproject.cluster.ControllerNode;
import org.onosproject.cluster.DefaultControllerNode;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.mastership.MastershipEvent;
import org.onosproject.mastership.MastershipInfo;
import org.onosproject.mastership.MastershipListener;
import org.onosproject.mastership.MastershipServiceAdapter;
import org.onosproject.mastership.MastershipTerm;
import org.onosproject.net.DeviceId;
import org.onosproject.net.NetTestTools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Several application instances, as in an ONOS cluster: each has its own store, manager and
 * (optionally) programmer and its own view of mastership, over one {@link ClusterStorage}
 * whose events arrive late and out of order, and one {@link FakeNetwork} of switches.
 */
public final class TaasClusterFixture {

    final ClusterStorage storage;
    final FakeNetwork net = new FakeNetwork();
    final List<Member> members = new ArrayList<>();
    private final Set<ControllerNode> nodes;

    /**
     * One application instance.
     */
    static final class Member {
        final ControllerNode node;
        final DistributedTaasStore store = new DistributedTaasStore();
        final TaasManager manager = new TaasManager();
        final MastershipView mastership;
        TapProgrammer programmer;

        Member(ControllerNode node, MastershipView mastership) {
            this.node = node;
            this.mastership = mastership;
        }
    }

    /**
     * Creates instances a, b, c... over a shared storage and activates their stores and
     * managers.
     *
     * @param count      number of instances
     * @param seed       seed of the event delays
     * @param maxDelayMs longest delay of a map event
     * @param latencyMs  duration of each storage operation
     */
    TaasClusterFixture(int count, long seed, int maxDelayMs, int latencyMs) {
        storage = new ClusterStorage(seed, maxDelayMs, latencyMs);
        List<ControllerNode> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(new DefaultControllerNode(new NodeId(String.valueOf((char) ('a' + i))),
                                              IpAddress.valueOf("127.0.0." + (i + 1))));
        }
        nodes = ImmutableSet.copyOf(all);
        for (ControllerNode n : all) {
            Member m = new Member(n, new MastershipView(n.id()));
            m.store.storageService = storage.instance(n.id().toString());
            m.store.cfgService = new ComponentConfigAdapter();
            m.store.activate(null);
            m.manager.coreService = new CoreServiceAdapter() {
                @Override
                public ApplicationId registerApplication(String name) {
                    return TaasTestFixture.APP_ID;
                }
            };
            m.manager.store = m.store;
            m.manager.cfgService = new ComponentConfigAdapter();
            NetTestTools.injectEventDispatcher(m.manager, new TaasTestFixture.SyncEventDispatcher());
            m.manager.activate(null);
            members.add(m);
        }
    }

    Member member(int i) {
        return members.get(i);
    }

    /**
     * Starts a programmer on an instance: the shared network, its own mastership and cluster view.
     *
     * @param i instance index
     * @return the programmer
     */
    TapProgrammer startProgrammer(int i) {
        Member m = members.get(i);
        TapProgrammer p = new TapProgrammer();
        p.coreService = new CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return TaasTestFixture.APP_ID;
            }
        };
        p.taasService = m.manager;
        p.store = m.store;
        p.cfgService = new ComponentConfigAdapter();
        net.wire(p);
        p.mastershipService = m.mastership;
        p.clusterService = new Cluster(m.node);
        p.activate(null);
        m.programmer = p;
        return p;
    }

    /**
     * Makes an instance master of a device in every instance's view, with a new term.
     *
     * @param d device
     * @param i instance index
     */
    void elect(DeviceId d, int i) {
        NodeId node = members.get(i).node.id();
        for (Member m : members) {
            m.mastership.set(d, node, m.mastership.termOf(d) + 1);
        }
    }

    /**
     * Waits until storage events are delivered and every programmer is idle.
     */
    void settle() {
        for (int round = 0; round < 3; round++) {
            if (!storage.awaitQuiet(10_000)) {
                throw new AssertionError("storage events still in flight");
            }
            for (Member m : members) {
                if (m.programmer != null) {
                    FakeNetwork.settle(m.programmer);
                }
            }
        }
    }

    /**
     * Stops everything.
     */
    void tearDown() {
        for (Member m : members) {
            if (m.programmer != null) {
                m.programmer.deactivate();
            }
        }
        storage.awaitQuiet(2000);
        for (Member m : members) {
            m.manager.deactivate();
            m.store.deactivate();
        }
        storage.shutdown();
    }

    /**
     * One instance's view of mastership: who is master of each device, with which term. A view
     * may lag the others (a stale instance), as during a failover.
     */
    static final class MastershipView extends MastershipServiceAdapter {
        private final NodeId local;
        private final Map<DeviceId, MastershipTerm> terms = new ConcurrentHashMap<>();
        private final List<MastershipListener> listeners = new CopyOnWriteArrayList<>();

        MastershipView(NodeId local) {
            this.local = local;
        }

        /**
         * Sets what this instance believes: the master (null for none) and the term.
         *
         * @param d    device
         * @param node master or null
         * @param term term number
         */
        void set(DeviceId d, NodeId node, long term) {
            terms.put(d, MastershipTerm.of(node, term));
            MastershipEvent e = new MastershipEvent(MastershipEvent.Type.MASTER_CHANGED, d, new MastershipInfo());
            listeners.forEach(l -> l.event(e));
        }

        long termOf(DeviceId d) {
            MastershipTerm t = terms.get(d);
            return t == null ? 0 : t.termNumber();
        }

        @Override
        public boolean isLocalMaster(DeviceId id) {
            return local.equals(getMasterFor(id));
        }

        @Override
        public NodeId getMasterFor(DeviceId id) {
            MastershipTerm t = terms.get(id);
            return t == null ? null : t.master();
        }

        @Override
        public MastershipInfo getMastershipFor(DeviceId id) {
            MastershipTerm t = terms.get(id);
            return t == null ? new MastershipInfo()
                    : new MastershipInfo(t.termNumber(), java.util.Optional.ofNullable(t.master()),
                                         com.google.common.collect.ImmutableMap.of());
        }

        @Override
        public Set<DeviceId> getDevicesOf(NodeId nodeId) {
            return terms.entrySet().stream().filter(e -> nodeId.equals(e.getValue().master()))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
        }

        @Override
        public void addListener(MastershipListener l) {
            listeners.add(l);
        }

        @Override
        public void removeListener(MastershipListener l) {
            listeners.remove(l);
        }
    }

    // Every instance is up; this one is local.
    private final class Cluster extends ClusterServiceAdapter {
        private final ControllerNode local;

        Cluster(ControllerNode local) {
            this.local = local;
        }

        @Override
        public ControllerNode getLocalNode() {
            return local;
        }

        @Override
        public Set<ControllerNode> getNodes() {
            return nodes;
        }

        @Override
        public ControllerNode.State getState(NodeId nodeId) {
            return ControllerNode.State.ACTIVE;
        }
    }
}

package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.IpAddress;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.TaasStore;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapTunnel;
import org.onosproject.taas.api.TapServiceId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What validation needs to know about existing taps: the store, plus the objects accepted
 * earlier in the same all-or-nothing batch.
 */
final class TapLookup {

    private final TaasStore store;
    private final List<TapService> pendingServices = new ArrayList<>();
    private final Map<ConnectPoint, List<TapFlow>> pendingBySource = new HashMap<>();
    private final Set<TapFlowId> pendingIds = new HashSet<>();

    TapLookup(TaasStore store) {
        this.store = store;
    }

    void addPending(TapService s) {
        pendingServices.add(s);
    }

    void addPending(TapFlow f) {
        pendingIds.add(f.id());
        pendingBySource.computeIfAbsent(f.sourcePort(), k -> new ArrayList<>()).add(f);
    }

    TapService service(TapServiceId id) {
        TapService s = store.getTapService(id);
        return s != null ? s : pendingServices.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    // The tunnel tap service (stored or pending) whose copies a collector cannot tell from
    // those of a tunnel of the given type and address with the given key, or null.
    TapService tunnelUsing(TapTunnel.Type type, IpAddress ip, long key) {
        List<TapService> all = new ArrayList<>(store.getTapServices());
        all.addAll(pendingServices);
        for (TapService s : all) {
            TapTunnel t = s.tunnel().orElse(null);
            if (t != null && t.type() == type && t.remoteIp().equals(ip) && (t.inKey() == key || t.outKey() == key)) {
                return s;
            }
        }
        return null;
    }

    TapService serviceByPort(ConnectPoint port) {
        TapService s = store.getTapServiceByPort(port);
        return s != null ? s : pendingServices.stream().filter(p -> port.equals(p.port())).findFirst().orElse(null);
    }

    boolean flowExists(TapFlowId id) {
        return store.getTapFlow(id) != null || pendingIds.contains(id);
    }

    Collection<TapFlow> flowsBySource(ConnectPoint port) {
        ImmutableList.Builder<TapFlow> b = ImmutableList.builder();
        b.addAll(store.getTapFlowsBySource(port));
        b.addAll(pendingBySource.getOrDefault(port, List.of()));
        return b.build();
    }

    int serviceCount() {
        return store.tapServiceCount() + pendingServices.size();
    }

    int flowCount() {
        return store.tapFlowCount() + pendingIds.size();
    }
}

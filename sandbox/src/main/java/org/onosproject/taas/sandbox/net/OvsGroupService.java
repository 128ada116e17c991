package org.onosproject.taas.sandbox.net;

import org.onosproject.core.ApplicationId;
import org.onosproject.core.GroupId;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.DeviceId;
import org.onosproject.net.group.DefaultGroup;
import org.onosproject.net.group.DefaultGroupDescription;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupBucket;
import org.onosproject.net.group.GroupBuckets;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupEvent;
import org.onosproject.net.group.GroupKey;
import org.onosproject.net.group.GroupListener;
import org.onosproject.net.group.GroupServiceAdapter;
import org.onosproject.net.group.StoredGroupBucketEntry;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * GroupService that installs groups in the sandbox's OVS bridges with {@code add-group},
 * {@code mod-group} and {@code del-groups}, at once, in submission order. The OpenFlow group
 * id is the description's given group id, which is therefore required. As ONOS 2.7's group
 * store does, it confirms nothing when the switch accepts a message: a group stays
 * PENDING_ADD / PENDING_UPDATE / PENDING_DELETE until the next {@link #reconcile()} (ONOS's
 * group poll, every 10 s there), which makes it ADDED (GROUP_ADDED / GROUP_UPDATED) or purges
 * it (GROUP_REMOVED); an add whose key a group being deleted still holds waits for that poll
 * too. A refused add or update is reported at once (GROUP_ADD_FAILED, GROUP_UPDATE_FAILED), as
 * the switch's error message is. The poll also reads counters, and, as ONOS's group audit
 * ({@code DistributedGroupStore.groupMissing}), a group of the store the switch no longer has
 * (it restarted, or someone deleted it) is sent again and becomes PENDING_ADD_RETRY, without
 * an event; the next poll that finds it makes it ADDED (GROUP_ADDED).
 * <p>
 * Counters: the poll sets each group's and each bucket's packets and bytes from
 * {@code dump-group-stats}, then posts GROUP_UPDATED for every group it finds ADDED again,
 * as ONOS's group store does on each poll (statistics consumers take their samples there).
 */
public class OvsGroupService extends GroupServiceAdapter {

    private final Logger log = getLogger(getClass());
    private final OvsSwitches switches;
    private final ListenerRegistry<GroupEvent, GroupListener> listeners = new ListenerRegistry<>();
    private final Map<DeviceId, Map<GroupKey, DefaultGroup>> groups = new ConcurrentHashMap<>();
    private final List<GroupDescription> waiting = new ArrayList<>();
    // groups (these very objects) whose add or mod message the switch accepted: a pending
    // group the poll does not find is missing only then, not while its message is queued
    private final Set<DefaultGroup> sent = Collections.newSetFromMap(new IdentityHashMap<>());
    private int waited;

    /**
     * Creates the service.
     *
     * @param switches bridges to program
     */
    public OvsGroupService(OvsSwitches switches) {
        this.switches = switches;
    }

    private Map<GroupKey, DefaultGroup> table(DeviceId id) {
        return groups.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
    }

    private void post(GroupEvent.Type type, Group group) {
        GroupEvent e = new GroupEvent(type, group);
        switches.post(() -> listeners.process(e));
    }

    @Override
    public void addGroup(GroupDescription desc) {
        DefaultGroup group;
        synchronized (this) {
            DefaultGroup held = table(desc.deviceId()).get(desc.appCookie());
            if (held != null && held.state() == Group.GroupState.PENDING_DELETE) {
                log.info("Group {} on {} is being deleted; the add waits for the next poll", desc.appCookie(),
                        desc.deviceId());
                waiting.add(desc);
                waited++;
                return;
            }
            if (held != null) {
                log.warn("Group {} already exists on {}; add ignored", desc.appCookie(), desc.deviceId());
                return;
            }
            if (desc.givenGroupId() == null) {
                log.error("Group {} on {} has no given group id; the sandbox needs one", desc.appCookie(),
                        desc.deviceId());
                post(GroupEvent.Type.GROUP_ADD_FAILED, new DefaultGroup(new GroupId(0), desc));
                return;
            }
            group = new DefaultGroup(new GroupId(desc.givenGroupId()), desc);
            group.setState(Group.GroupState.PENDING_ADD);
            table(desc.deviceId()).put(desc.appCookie(), group);
        }
        switches.io(() -> {
            String error = send(desc.deviceId(), "add-group", group);
            synchronized (this) {
                if (error != null) {
                    log.warn("Group add refused: {}", error);
                    table(desc.deviceId()).remove(desc.appCookie(), group);
                    post(GroupEvent.Type.GROUP_ADD_FAILED, group);
                } else {
                    sent.add(group);
                }
            }
            return null;
        });
    }

    private String send(DeviceId id, String command, Group group) {
        String text;
        try {
            text = OpenFlowText.group(group.id().id(), group.type(), group.buckets().buckets());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (switches.bridge(id) == null) {
            return "unknown device " + id;
        }
        Command c = switches.ofctl(id, null, command, "%BR", text);
        return c.ok() ? null : c.describeFailure();
    }

    @Override
    public Group getGroup(DeviceId deviceId, GroupKey appCookie) {
        Map<GroupKey, DefaultGroup> t = groups.get(deviceId);
        return t == null ? null : t.get(appCookie);
    }

    @Override
    public void setBucketsForGroup(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets,
                                   GroupKey newCookie, ApplicationId appId) {
        update(deviceId, oldCookie, newCookie, buckets.buckets());
    }

    @Override
    public void addBucketsToGroup(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets,
                                  GroupKey newCookie, ApplicationId appId) {
        Group current = getGroup(deviceId, oldCookie);
        if (current == null) {
            log.warn("No group {} on {}; buckets not added", oldCookie, deviceId);
            return;
        }
        List<GroupBucket> merged = new ArrayList<>(current.buckets().buckets());
        buckets.buckets().stream().filter(b -> !merged.contains(b)).forEach(merged::add);
        update(deviceId, oldCookie, newCookie, merged);
    }

    @Override
    public void removeBucketsFromGroup(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets,
                                       GroupKey newCookie, ApplicationId appId) {
        Group current = getGroup(deviceId, oldCookie);
        if (current == null) {
            log.warn("No group {} on {}; buckets not removed", oldCookie, deviceId);
            return;
        }
        List<GroupBucket> kept = current.buckets().buckets().stream()
                .filter(b -> !buckets.buckets().contains(b)).collect(Collectors.toList());
        update(deviceId, oldCookie, newCookie, kept);
    }

    private void update(DeviceId deviceId, GroupKey oldCookie, GroupKey newCookie, List<GroupBucket> buckets) {
        DefaultGroup old;
        DefaultGroup updated;
        GroupKey key = newCookie != null ? newCookie : oldCookie;
        synchronized (this) {
            old = table(deviceId).get(oldCookie);
            if (old == null) {
                log.warn("No group {} on {}; update ignored", oldCookie, deviceId);
                return;
            }
            GroupDescription desc = new DefaultGroupDescription(deviceId, old.type(), new GroupBuckets(buckets),
                    key, old.givenGroupId(), old.appId());
            updated = new DefaultGroup(old.id(), desc);
            updated.setState(Group.GroupState.PENDING_UPDATE);
            table(deviceId).remove(oldCookie);
            table(deviceId).put(key, updated);
        }
        switches.io(() -> {
            String error = send(deviceId, "mod-group", updated);
            synchronized (this) {
                if (error != null) {
                    log.warn("Group update refused: {}", error);
                    table(deviceId).remove(key, updated);
                    table(deviceId).put(oldCookie, old);
                    post(GroupEvent.Type.GROUP_UPDATE_FAILED, old);
                } else {
                    sent.remove(old);
                    sent.add(updated);
                }
            }
            return null;
        });
    }

    @Override
    public void removeGroup(DeviceId deviceId, GroupKey appCookie, ApplicationId appId) {
        DefaultGroup group;
        synchronized (this) {
            group = table(deviceId).get(appCookie);
            if (group == null) {
                log.warn("No group {} on {}; remove ignored", appCookie, deviceId);
                return;
            }
            group.setState(Group.GroupState.PENDING_DELETE);
        }
        switches.io(() -> {
            Command c = switches.bridge(deviceId) == null ? null
                    : switches.ofctl(deviceId, null, "del-groups", "%BR",
                    "group_id=" + Integer.toUnsignedString(group.id().id()));
            synchronized (this) {
                if (c != null && !c.ok()) {
                    log.warn("Group removal refused: {}", c.describeFailure());
                    group.setState(Group.GroupState.ADDED);
                    post(GroupEvent.Type.GROUP_REMOVE_FAILED, group);
                }
            }
            return null;
        });
    }

    @Override
    public void purgeGroupEntries(DeviceId deviceId) {
        List.copyOf(table(deviceId).values()).forEach(g -> removeGroup(deviceId, g.appCookie(), g.appId()));
    }

    @Override
    public void purgeGroupEntries(DeviceId deviceId, ApplicationId appId) {
        List.copyOf(table(deviceId).values()).stream().filter(g -> Objects.equals(g.appId(), appId))
                .forEach(g -> removeGroup(deviceId, g.appCookie(), g.appId()));
    }

    @Override
    public void purgeGroupEntries() {
        groups.keySet().forEach(this::purgeGroupEntries);
    }

    /**
     * ONOS's group poll of every connected device, on the OVS thread: reads the group tables
     * back; pending groups become ADDED (GROUP_ADDED, GROUP_UPDATED) or are purged
     * (GROUP_REMOVED); counters go into the groups; groups of the store the switch lacks are
     * sent again (PENDING_ADD_RETRY); then the adds that waited for a group being deleted are
     * submitted. Waits until done.
     */
    public void reconcile() {
        switches.io(() -> {
            for (DeviceId id : switches.devices()) {
                if (switches.connected(id)) {
                    pollOn(id);
                }
            }
            return null;
        }).join();
        submitWaiting(null);
    }

    /**
     * Queues one group poll of a device on the OVS thread, as ONOS's group provider polls a
     * switch when it connects (and the group store audits it); does not wait (callable from
     * the OVS thread).
     *
     * @param id device id
     * @return completed when the poll has run and the waiting adds for the device are queued
     */
    public CompletableFuture<Void> reconcile(DeviceId id) {
        return switches.io(() -> {
            if (switches.bridge(id) != null) {
                pollOn(id);
            }
            return null;
        }).thenRun(() -> submitWaiting(id));
    }

    private void pollOn(DeviceId id) {
        Command dump = switches.ofctl(id, null, "dump-group-stats", "%BR");
        if (!dump.ok()) {
            return;
        }
        Map<Integer, long[]> counters = OvsOutput.parseGroupCounters(dump.out());
        List<DefaultGroup> missing = new ArrayList<>();
        synchronized (this) {
            Map<GroupKey, DefaultGroup> t = table(id);
            for (Map.Entry<GroupKey, DefaultGroup> e : List.copyOf(t.entrySet())) {
                if (poll(t, e.getKey(), e.getValue(), counters.get(e.getValue().id().id()))) {
                    missing.add(e.getValue());
                }
            }
        }
        if (!missing.isEmpty()) {
            log.info("{} group(s) in the store are missing on {}; sending them again", missing.size(), id);
        }
        for (DefaultGroup g : missing) {
            String error = send(id, "add-group", g);
            if (error != null) {
                log.warn("Re-installing group {} on {} failed (next poll retries): {}", g.id(), id, error);
            }
        }
    }

    // the adds that waited for a group being deleted, of one device or (null) all
    private void submitWaiting(DeviceId id) {
        List<GroupDescription> adds;
        synchronized (this) {
            adds = waiting.stream().filter(d -> id == null || d.deviceId().equals(id)).collect(Collectors.toList());
            waiting.removeAll(adds);
        }
        adds.forEach(this::addGroup);
    }

    // Applies one group's poll result; returns true if it is missing on the switch and must
    // be sent again (it is then PENDING_ADD_RETRY).
    private boolean poll(Map<GroupKey, DefaultGroup> t, GroupKey key, DefaultGroup g, long[] counters) {
        // counters first, then events, as ONOS fills a group and its buckets from the stats
        // reply before its store posts anything; an ADDED group the poll finds again gets
        // GROUP_UPDATED, as in ONOS (the store re-puts it with its new counters)
        boolean wasAdded = g.state() == Group.GroupState.ADDED;
        count(g, counters);
        if (wasAdded && counters != null) {
            post(GroupEvent.Type.GROUP_UPDATED, g);
        }
        switch (g.state()) {
            case PENDING_DELETE:
                t.remove(key, g);
                sent.remove(g);
                post(GroupEvent.Type.GROUP_REMOVED, g);
                return false;
            case PENDING_ADD:
            case PENDING_ADD_RETRY:
            case PENDING_UPDATE:
                if (counters != null) {
                    GroupEvent.Type type = g.state() == Group.GroupState.PENDING_UPDATE
                            ? GroupEvent.Type.GROUP_UPDATED : GroupEvent.Type.GROUP_ADDED;
                    g.setState(Group.GroupState.ADDED);
                    post(type, g);
                } else if (g.state() == Group.GroupState.PENDING_ADD_RETRY || sent.contains(g)) {
                    g.setState(Group.GroupState.PENDING_ADD_RETRY);
                    return true;
                }
                break;
            case ADDED:
                if (counters == null) {
                    g.setState(Group.GroupState.PENDING_ADD_RETRY);
                    return true;
                }
                break;
            default:
                break;
        }
        if (counters != null) {
            g.setPackets(counters[0]);
            g.setBytes(counters[1]);
        }
        return false;
    }

    // a group's and its buckets' counters from dump-group-stats ({packets, bytes, then each
    // bucket's}), as ONOS's OpenFlowGroupProvider sets them from OFPGroupStatsReply
    private static void count(DefaultGroup g, long[] counters) {
        if (counters == null) {
            return;
        }
        g.setPackets(counters[0]);
        g.setBytes(counters[1]);
        List<GroupBucket> buckets = g.buckets().buckets();
        for (int i = 0; i < buckets.size() && 2 * i + 3 < counters.length; i++) {
            if (buckets.get(i) instanceof StoredGroupBucketEntry) {
                ((StoredGroupBucketEntry) buckets.get(i)).setPackets(counters[2 * i + 2]);
                ((StoredGroupBucketEntry) buckets.get(i)).setBytes(counters[2 * i + 3]);
            }
        }
    }

    /**
     * Returns how many adds had to wait for a group being deleted under the same key.
     *
     * @return count since the service was created
     */
    public synchronized int waitedAdds() {
        return waited;
    }

    /**
     * Forgets the groups of a device (its bridge is gone), without events.
     *
     * @param id device id
     */
    public void forget(DeviceId id) {
        groups.remove(id);
    }

    @Override
    public Iterable<Group> getGroups(DeviceId deviceId, ApplicationId appId) {
        return table(deviceId).values().stream().filter(g -> Objects.equals(g.appId(), appId))
                .collect(Collectors.toList());
    }

    @Override
    public Iterable<Group> getGroups(DeviceId deviceId) {
        return List.copyOf(table(deviceId).values());
    }

    @Override
    public void addListener(GroupListener listener) {
        listeners.addListener(listener);
    }

    @Override
    public void removeListener(GroupListener listener) {
        listeners.removeListener(listener);
    }
}

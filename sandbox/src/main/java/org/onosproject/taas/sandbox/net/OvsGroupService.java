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
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * GroupService that installs groups in the sandbox's OVS bridges with {@code add-group},
 * {@code mod-group} and {@code del-groups}. The OpenFlow group id is the description's
 * given group id, which is therefore required. Groups are stored at once in a PENDING state
 * and become ADDED when the switch accepted them (GROUP_ADDED / GROUP_UPDATED); a refused
 * add posts GROUP_ADD_FAILED, a refused update GROUP_UPDATE_FAILED. {@link #reconcile()}
 * reads {@code dump-group-stats} back: counters, and GROUP_REMOVED for a group the switch
 * no longer has.
 */
public class OvsGroupService extends GroupServiceAdapter {

    private final Logger log = getLogger(getClass());
    private final OvsSwitches switches;
    private final ListenerRegistry<GroupEvent, GroupListener> listeners = new ListenerRegistry<>();
    private final Map<DeviceId, Map<GroupKey, DefaultGroup>> groups = new ConcurrentHashMap<>();

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
            if (table(desc.deviceId()).containsKey(desc.appCookie())) {
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
                if (error == null) {
                    group.setState(Group.GroupState.ADDED);
                    post(GroupEvent.Type.GROUP_ADDED, group);
                } else {
                    log.warn("Group add refused: {}", error);
                    table(desc.deviceId()).remove(desc.appCookie(), group);
                    post(GroupEvent.Type.GROUP_ADD_FAILED, group);
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
                if (error == null) {
                    updated.setState(Group.GroupState.ADDED);
                    post(GroupEvent.Type.GROUP_UPDATED, updated);
                } else {
                    log.warn("Group update refused: {}", error);
                    table(deviceId).remove(key, updated);
                    table(deviceId).put(oldCookie, old);
                    post(GroupEvent.Type.GROUP_UPDATE_FAILED, old);
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
                if (c == null || c.ok()) {
                    table(deviceId).remove(appCookie, group);
                    post(GroupEvent.Type.GROUP_REMOVED, group);
                } else {
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
     * Reads the group tables back on the OVS thread: counters into the groups; ADDED groups
     * the switch no longer has are dropped with GROUP_REMOVED.
     */
    public void reconcile() {
        switches.io(() -> {
            for (DeviceId id : switches.devices()) {
                Command dump = switches.ofctl(id, null, "dump-group-stats", "%BR");
                if (!dump.ok()) {
                    continue;
                }
                Map<Integer, long[]> counters = OvsOutput.parseGroupCounters(dump.out());
                synchronized (this) {
                    Map<GroupKey, DefaultGroup> t = table(id);
                    for (Map.Entry<GroupKey, DefaultGroup> e : List.copyOf(t.entrySet())) {
                        DefaultGroup g = e.getValue();
                        if (g.state() != Group.GroupState.ADDED) {
                            continue;
                        }
                        long[] c = counters.get(g.id().id());
                        if (c == null) {
                            t.remove(e.getKey(), g);
                            post(GroupEvent.Type.GROUP_REMOVED, g);
                        } else {
                            g.setPackets(c[0]);
                            g.setBytes(c[1]);
                        }
                    }
                }
            }
            return null;
        }).join();
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

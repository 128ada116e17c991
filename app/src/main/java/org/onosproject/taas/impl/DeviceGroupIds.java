package org.onosproject.taas.impl;

import org.onosproject.net.group.GroupKey;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Group ids of the application's mirror groups on one device. A new key gets
 * {@code 0x7A000000 | (hash(key) & 0xFFFFFF)}, probing upwards past ids in use, so ids are
 * stable for a key and never collide on the device; ids of groups found installed are kept.
 */
final class DeviceGroupIds implements GroupIdAllocator {

    /** High byte of every group id the application allocates. */
    static final int ID_PREFIX = 0x7A000000;
    private static final int ID_MASK = 0x00FFFFFF;

    private final Map<GroupKey, Integer> ids = new HashMap<>();
    private final Set<Integer> used = new HashSet<>();

    @Override
    public int groupId(GroupKey key) {
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        int low = Arrays.hashCode(key.key()) & ID_MASK;
        while (used.contains(ID_PREFIX | low)) {
            low = (low + 1) & ID_MASK;
        }
        int fresh = ID_PREFIX | low;
        ids.put(key, fresh);
        used.add(fresh);
        return fresh;
    }

    /**
     * Records the id of a group found on the device.
     *
     * @param key group key
     * @param id  group id
     */
    void reserve(GroupKey key, int id) {
        ids.put(key, id);
        used.add(id);
    }

    /**
     * Frees the id of a group that is gone.
     *
     * @param key group key
     */
    void release(GroupKey key) {
        Integer id = ids.remove(key);
        if (id != null) {
            used.remove(id);
        }
    }
}

package org.onosproject.taas.impl;

import org.onosproject.net.group.DefaultGroupKey;
import org.onosproject.net.group.GroupKey;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keys and group ids of the application's mirror groups on one device. A key is the group's
 * name, {@code #}, and a generation unique to this JVM (a counter seeded with the start time,
 * so another instance or a restart does not repeat it). A new key gets the id
 * {@code 0x7A000000 | (hash(key) & 0xFFFFFF)}, probing upwards past ids in use. Ids stay in
 * use for as long as this object lives, also after their group is removed: the engine builds
 * a new one from the group store (which still lists a group being deleted) whenever it reads
 * the device back.
 */
final class DeviceGroupIds implements GroupIdAllocator {

    /** High byte of every group id the application allocates. */
    static final int ID_PREFIX = 0x7A000000;
    private static final int ID_MASK = 0x00FFFFFF;
    private static final char GENERATION = '#';
    private static final AtomicLong NEXT_GENERATION = new AtomicLong(System.currentTimeMillis());

    private final Map<String, GroupKey> live = new HashMap<>();
    private final Map<GroupKey, Integer> ids = new HashMap<>();
    private final Set<Integer> used = new HashSet<>();

    @Override
    public GroupKey key(String name) {
        return live.computeIfAbsent(name, n -> new DefaultGroupKey(
                (n + GENERATION + Long.toHexString(NEXT_GENERATION.incrementAndGet()))
                        .getBytes(StandardCharsets.UTF_8)));
    }

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
     * Returns the name of a group from its key: the key without its generation.
     *
     * @param key group key
     * @return name
     */
    static String nameOf(GroupKey key) {
        String text = new String(key.key(), StandardCharsets.UTF_8);
        int g = text.lastIndexOf(GENERATION);
        return g < 0 ? text : text.substring(0, g);
    }

    /**
     * Records a group found on the device. A live one (not being deleted) keeps its key for its
     * name, the newest generation when several have that name; the id of any of them stays in
     * use.
     *
     * @param key  group key
     * @param id   group id
     * @param live false if ONOS is deleting it
     */
    void reserve(GroupKey key, int id, boolean live) {
        ids.put(key, id);
        used.add(id);
        if (live) {
            // two live groups of one name while one replaces the other (make-before-break):
            // the newer generation is the one wanted, the older goes
            this.live.merge(nameOf(key), key, (had, found) -> generationOf(found) > generationOf(had) ? found : had);
        }
    }

    // the generation of a key, -1 for a key without one
    private static long generationOf(GroupKey key) {
        String text = new String(key.key(), StandardCharsets.UTF_8);
        int g = text.lastIndexOf(GENERATION);
        try {
            return g < 0 ? -1 : Long.parseUnsignedLong(text.substring(g + 1), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Ends the life of a group: its name gets a new key when it is wanted again. Its id stays
     * in use.
     *
     * @param key group key
     */
    void retire(GroupKey key) {
        live.remove(nameOf(key), key);
    }
}

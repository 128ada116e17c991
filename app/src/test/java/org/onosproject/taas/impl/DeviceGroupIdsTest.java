package org.onosproject.taas.impl;

import org.junit.Test;
import org.onosproject.net.group.GroupKey;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

/**
 * Keys and ids of mirror groups read back from a device.
 */
public class DeviceGroupIdsTest {

    // a group made by an earlier generation, as the group store lists it
    private static GroupKey made(DeviceGroupIds ids, String name) {
        GroupKey key = ids.key(name);
        ids.groupId(key);
        return key;
    }

    @Test
    public void liveGroupKeepsItsKeyAndId() {
        DeviceGroupIds before = new DeviceGroupIds();
        GroupKey key = made(before, "of:1/1:OUT:all");
        DeviceGroupIds now = new DeviceGroupIds();
        now.reserve(key, before.groupId(key), true);
        assertEquals(key, now.key("of:1/1:OUT:all"));
        assertEquals(before.groupId(key), now.groupId(key));
    }

    @Test
    public void newestGenerationWinsWhateverTheReadingOrder() {
        // after a reconnection the old and the new group of a name are both live until the
        // rules point at the new one and the old is removed: a read-back in that window must
        // keep the new one, or it points rules back at a group that is being removed
        DeviceGroupIds before = new DeviceGroupIds();
        GroupKey older = made(before, "of:1/2:IN:all");
        before.retire(older);
        GroupKey newer = made(before, "of:1/2:IN:all");
        assertNotEquals(older, newer);

        DeviceGroupIds oldFirst = new DeviceGroupIds();
        oldFirst.reserve(older, before.groupId(older), true);
        oldFirst.reserve(newer, before.groupId(newer), true);
        assertEquals(newer, oldFirst.key("of:1/2:IN:all"));

        DeviceGroupIds newFirst = new DeviceGroupIds();
        newFirst.reserve(newer, before.groupId(newer), true);
        newFirst.reserve(older, before.groupId(older), true);
        assertEquals(newer, newFirst.key("of:1/2:IN:all"));
    }

    @Test
    public void groupBeingDeletedKeepsItsIdButNotItsName() {
        DeviceGroupIds before = new DeviceGroupIds();
        GroupKey key = made(before, "of:1/3:OUT:all");
        DeviceGroupIds now = new DeviceGroupIds();
        now.reserve(key, before.groupId(key), false);
        GroupKey again = now.key("of:1/3:OUT:all");
        assertNotEquals(key, again);
        assertNotEquals(before.groupId(key), now.groupId(again));
    }
}

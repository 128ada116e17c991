package org.onosproject.taas.impl;

import org.onosproject.net.group.GroupKey;

/**
 * Names the mirror groups of a device. A mirror group's name (its port, side, VLAN class and
 * metadata) gets a key that carries a generation: the same key for as long as that group
 * lives, a new one when it is created again, so a key or an OpenFlow group id is never used
 * again while ONOS's group store may still hold the old group (a re-used key waits there for
 * the next group poll, up to 10 s). Every key gets an id no other group of the application
 * uses on that device.
 */
public interface GroupIdAllocator {

    /**
     * Returns the key of the live group with this name, or a new key if there is none.
     *
     * @param name the group's name, without generation
     * @return group key
     */
    GroupKey key(String name);

    /**
     * Returns the group id for a group key.
     *
     * @param key group key
     * @return OpenFlow group id
     */
    int groupId(GroupKey key);
}

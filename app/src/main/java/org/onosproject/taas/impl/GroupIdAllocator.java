package org.onosproject.taas.impl;

import org.onosproject.net.group.GroupKey;

/**
 * Gives each mirror group of a device an OpenFlow group id that no other group of the
 * application uses on that device, the same id for the same key for as long as it lives.
 */
@FunctionalInterface
public interface GroupIdAllocator {

    /**
     * Returns the group id for a group key.
     *
     * @param key group key
     * @return OpenFlow group id
     */
    int groupId(GroupKey key);
}

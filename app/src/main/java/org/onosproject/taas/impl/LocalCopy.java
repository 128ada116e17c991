package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.Versioned;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's copy of a distributed map, kept from the map's events and from values read
 * back after this instance's own writes. Events may come late, twice or out of order: a value
 * replaces the copy only if its version is newer, and a removed key remembers the version it
 * was removed at for a while, so that a late event cannot bring it back.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class LocalCopy<K, V> {

    /** How long a removed key is remembered, milliseconds. */
    private static final long TOMBSTONE_MS = 60_000;

    /**
     * A change of the copy: the value before and after, either null when absent.
     *
     * @param <V> value type
     */
    static final class Change<V> {
        final V before;
        final V after;

        private Change(V before, V after) {
            this.before = before;
            this.after = after;
        }
    }

    private final Map<K, Versioned<V>> values = new ConcurrentHashMap<>();
    private final Map<K, long[]> removed = new ConcurrentHashMap<>();
    private long lastPurge;

    /**
     * Takes a value read or heard at its version.
     *
     * @param key   key
     * @param value versioned value
     * @return the change, or null if the copy already had this or a newer version
     */
    synchronized Change<V> update(K key, Versioned<V> value) {
        long[] tomb = removed.get(key);
        Versioned<V> cur = values.get(key);
        if ((tomb != null && value.version() <= tomb[0]) || (cur != null && value.version() <= cur.version())) {
            return null;
        }
        removed.remove(key);
        values.put(key, value);
        return new Change<>(cur == null ? null : cur.value(), value.value());
    }

    /**
     * Takes the removal of a key whose last value had the given version.
     *
     * @param key     key
     * @param version version of the value removed
     * @return the change, or null if the copy did not have the key or has a newer value
     */
    synchronized Change<V> remove(K key, long version) {
        purge();
        Versioned<V> cur = values.get(key);
        if (cur != null && cur.version() > version) {
            return null;
        }
        long[] tomb = removed.get(key);
        if (tomb == null || tomb[0] < version) {
            removed.put(key, new long[]{version, System.currentTimeMillis()});
        }
        if (cur == null) {
            return null;
        }
        values.remove(key);
        return new Change<>(cur.value(), null);
    }

    /**
     * Takes a map event: its newer value, or the removal of the last one.
     *
     * @param e map event
     * @return the change, or null if the event was old news
     */
    Change<V> apply(MapEvent<K, V> e) {
        if (e.type() == MapEvent.Type.REMOVE) {
            return e.oldValue() == null ? null : remove(e.key(), e.oldValue().version());
        }
        return e.newValue() == null ? null : update(e.key(), e.newValue());
    }

    /**
     * Takes what a read of the map returned for a key: its value, or nothing (then the key
     * is removed at the version the copy had).
     *
     * @param key  key
     * @param read what the map returned
     * @return the change, or null if nothing changed
     */
    synchronized Change<V> read(K key, Versioned<V> read) {
        if (read != null) {
            return update(key, read);
        }
        long known = version(key);
        return known >= 0 ? remove(key, known) : null;
    }

    /**
     * Returns the version of the value a key has in the copy.
     *
     * @param key key
     * @return version, or -1 if absent
     */
    long version(K key) {
        Versioned<V> v = values.get(key);
        return v == null ? -1 : v.version();
    }

    /**
     * Returns a value.
     *
     * @param key key
     * @return value or null
     */
    V get(K key) {
        return Versioned.valueOrNull(values.get(key));
    }

    /**
     * Returns true if the key was removed lately.
     *
     * @param key key
     * @return true if removed
     */
    boolean isRemoved(K key) {
        return removed.containsKey(key);
    }

    /**
     * Returns every value.
     *
     * @return values
     */
    Collection<V> values() {
        ImmutableList.Builder<V> b = ImmutableList.builder();
        values.values().forEach(v -> b.add(v.value()));
        return b.build();
    }

    // At most once a second: forgets the keys removed longer ago than TOMBSTONE_MS.
    private void purge() {
        long now = System.currentTimeMillis();
        if (now - lastPurge < 1000) {
            return;
        }
        lastPurge = now;
        long old = now - TOMBSTONE_MS;
        for (Iterator<long[]> i = removed.values().iterator(); i.hasNext();) {
            if (i.next()[1] < old) {
                i.remove();
            }
        }
    }
}

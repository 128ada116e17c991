package org.onosproject.taas.impl;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.MoreExecutors;
import org.onosproject.store.primitives.ConsistentMapBackedJavaMap;
import org.onosproject.store.service.AsyncConsistentMap;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.ConsistentMapAdapter;
import org.onosproject.store.service.ConsistentMapBuilder;
import org.onosproject.store.service.ConsistentMapException;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageServiceAdapter;
import org.onosproject.store.service.Versioned;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Storage that several simulated ONOS instances share, as Atomix gives it to a cluster:
 * each ConsistentMap has one copy with versions on which every single operation is atomic
 * (and, optionally, takes a few milliseconds, as a round trip to the Raft leader does);
 * values go through the map's serializer; compute operations are optimistic as in ONOS
 * (read, apply, replace at the read version, else {@code ConcurrentModification}). Map
 * events reach each instance asynchronously, through that instance's own delivery thread
 * after a random delay, so every instance sees them late and in its own order, unlike
 * ONOS's TestStorageService, which delivers them synchronously.
 */
public final class ClusterStorage {

    private final Map<String, Shared<?, ?>> maps = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final Map<Object, AtomicInteger> interference = new ConcurrentHashMap<>();
    private final Map<Object, AtomicInteger> skipped = new ConcurrentHashMap<>();
    private final Random random;
    private final int maxDelayMs;
    private final int latencyMs;

    /**
     * Creates the storage.
     *
     * @param seed       seed of the event delays
     * @param maxDelayMs longest delay of an event on its way to an instance
     * @param latencyMs  time every operation takes
     */
    public ClusterStorage(long seed, int maxDelayMs, int latencyMs) {
        this.random = new Random(seed);
        this.maxDelayMs = maxDelayMs;
        this.latencyMs = latencyMs;
    }

    /**
     * Returns the storage service of one more instance.
     *
     * @param node instance name, for the delivery thread's name
     * @return storage service
     */
    public StorageServiceAdapter instance(String node) {
        Instance i = new Instance(node);
        instances.put(node, i);
        return i;
    }

    /**
     * Makes the next version-checked writes of a key (replace at a version, compute) find it
     * changed by another writer, as a busy writer on another instance would.
     *
     * @param mapName map name
     * @param key     key
     * @param times   how many writes lose
     */
    public void interfere(String mapName, Object key, int times) {
        interfere(mapName, key, 0, times);
    }

    /**
     * Makes version-checked writes of a key lose, after letting some through.
     *
     * @param mapName map name
     * @param key     key
     * @param skip    how many writes go through first
     * @param times   how many writes lose then
     */
    public void interfere(String mapName, Object key, int skip, int times) {
        interference.computeIfAbsent(List.of(mapName, key), k -> new AtomicInteger()).addAndGet(times);
        skipped.computeIfAbsent(List.of(mapName, key), k -> new AtomicInteger()).addAndGet(skip);
    }

    /**
     * Returns the current value of a key, for checks.
     *
     * @param mapName map name
     * @param key     key
     * @return value or null
     */
    public Object peek(String mapName, Object key) {
        Shared<?, ?> m = maps.get(mapName);
        Versioned<?> v = m == null ? null : m.data.get(key);
        return v == null ? null : v.value();
    }

    /**
     * Returns the keys of a map, for checks.
     *
     * @param mapName map name
     * @return keys
     */
    public Set<Object> keys(String mapName) {
        Shared<?, ?> m = maps.get(mapName);
        return m == null ? Set.of() : ImmutableSet.copyOf(m.data.keySet());
    }

    /**
     * Holds back every event on its way to an instance (a slow or partitioned instance) until
     * {@link #release(String)}; held events do not count for {@link #awaitQuiet(long)}.
     *
     * @param node instance name
     */
    public void hold(String node) {
        instances.get(node).held.set(true);
    }

    /**
     * Delivers the events held back for an instance, and the next ones as usual.
     *
     * @param node instance name
     */
    public void release(String node) {
        Instance i = instances.get(node);
        i.held.set(false);
        List<Runnable> later;
        synchronized (i.waiting) {
            later = new java.util.ArrayList<>(i.waiting);
            i.waiting.clear();
        }
        later.forEach(Runnable::run);
    }

    /**
     * Returns how many map operations an instance has made (each one a round trip to the
     * cluster's storage in ONOS).
     *
     * @param node instance name
     * @return operations
     */
    public long operations(String node) {
        return instances.get(node).operations.get();
    }

    /**
     * Waits until every event has reached every instance.
     *
     * @param timeoutMs how long at most
     * @return true if quiet in time
     */
    public boolean awaitQuiet(long timeoutMs) {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (inFlight.get() == 0) {
                return true;
            }
            sleep(2);
        }
        return false;
    }

    /**
     * Stops the delivery threads.
     */
    public void shutdown() {
        instances.values().forEach(i -> i.delivery.shutdownNow());
    }

    private void pause() {
        if (latencyMs > 0) {
            sleep(latencyMs);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized int delay() {
        return maxDelayMs <= 0 ? 0 : random.nextInt(maxDelayMs + 1);
    }

    private boolean interfered(String name, Object key) {
        AtomicInteger skip = skipped.get(List.of(name, key));
        if (skip != null && skip.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
            return false;
        }
        AtomicInteger n = interference.get(List.of(name, key));
        return n != null && n.getAndUpdate(x -> Math.max(0, x - 1)) > 0;
    }

    // One instance: its own delivery thread, its own view of each map.
    private final class Instance extends StorageServiceAdapter {
        private final ScheduledExecutorService delivery;
        private final AtomicLong operations = new AtomicLong();
        private final java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean();
        private final List<Runnable> waiting = new java.util.ArrayList<>();

        Instance(String node) {
            delivery = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "storage-events-" + node);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public <K, V> ConsistentMapBuilder<K, V> consistentMapBuilder() {
            return new ConsistentMapBuilder<K, V>() {
                @Override
                @SuppressWarnings("unchecked")
                public ConsistentMap<K, V> build() {
                    Shared<K, V> shared = (Shared<K, V>) maps.computeIfAbsent(name(),
                                                                             n -> new Shared<>(n, serializer()));
                    View<K, V> view = new View<>(shared, Instance.this);
                    shared.views.add(view);
                    return view;
                }

                @Override
                public AsyncConsistentMap<K, V> buildAsyncMap() {
                    throw new UnsupportedOperationException("only synchronous maps");
                }
            };
        }
    }

    // The one copy of a map.
    private final class Shared<K, V> {
        final String name;
        final Serializer serializer;
        final Map<K, Versioned<V>> data = new ConcurrentHashMap<>();
        final List<View<K, V>> views = new CopyOnWriteArrayList<>();

        Shared(String name, Serializer serializer) {
            this.name = name;
            this.serializer = serializer;
        }

        V copy(V v) {
            return serializer == null || v == null ? v : serializer.decode(serializer.encode(v));
        }

        // Called with the lock held: every instance hears of the change, late.
        void publish(K key, Versioned<V> newValue, Versioned<V> oldValue) {
            MapEvent.Type type = newValue == null ? MapEvent.Type.REMOVE
                    : (oldValue == null ? MapEvent.Type.INSERT : MapEvent.Type.UPDATE);
            MapEvent<K, V> e = new MapEvent<>(type, name, key, newValue, oldValue);
            for (View<K, V> v : views) {
                v.deliver(e);
            }
        }

        synchronized Versioned<V> write(K key, V value) {
            Versioned<V> old = data.get(key);
            Versioned<V> now = value == null ? null : new Versioned<>(copy(value), versions.incrementAndGet());
            if (now == null) {
                data.remove(key);
            } else {
                data.put(key, now);
            }
            publish(key, now, old);
            return old;
        }

        // Another writer touched the key: same value, new version.
        synchronized void bump(K key) {
            Versioned<V> old = data.get(key);
            if (old != null) {
                write(key, old.value());
            }
        }
    }

    // One instance's handle on a map.
    private final class View<K, V> extends ConsistentMapAdapter<K, V> {
        private final Shared<K, V> m;
        private final Instance instance;
        private final Map<MapEventListener<K, V>, Executor> listeners = new ConcurrentHashMap<>();

        View(Shared<K, V> m, Instance instance) {
            this.m = m;
            this.instance = instance;
        }

        // One operation of this instance on the shared map.
        private void op() {
            instance.operations.incrementAndGet();
            pause();
        }

        void deliver(MapEvent<K, V> e) {
            if (listeners.isEmpty()) {
                return;
            }
            if (instance.held.get()) {
                synchronized (instance.waiting) {
                    instance.waiting.add(() -> deliver(e));
                }
                return;
            }
            for (Map.Entry<MapEventListener<K, V>, Executor> l : listeners.entrySet()) {
                inFlight.incrementAndGet();
                try {
                    instance.delivery.schedule(() -> l.getValue().execute(() -> {
                        try {
                            l.getKey().event(e);
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    }), delay(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException x) {
                    inFlight.decrementAndGet();
                }
            }
        }

        @Override
        public String name() {
            return m.name;
        }

        @Override
        public int size() {
            op();
            return m.data.size();
        }

        @Override
        public boolean isEmpty() {
            return size() == 0;
        }

        @Override
        public boolean containsKey(K key) {
            return get(key) != null;
        }

        @Override
        public Versioned<V> get(K key) {
            op();
            return m.data.get(key);
        }

        @Override
        public Versioned<V> getOrDefault(K key, V defaultValue) {
            Versioned<V> v = get(key);
            return v != null ? v : new Versioned<>(defaultValue, 0);
        }

        @Override
        public Versioned<V> put(K key, V value) {
            op();
            return m.write(key, value);
        }

        @Override
        public Versioned<V> putAndGet(K key, V value) {
            op();
            synchronized (m) {
                m.write(key, value);
                return m.data.get(key);
            }
        }

        @Override
        public Versioned<V> putIfAbsent(K key, V value) {
            op();
            synchronized (m) {
                Versioned<V> cur = m.data.get(key);
                if (cur != null) {
                    return cur;
                }
                m.write(key, value);
                return null;
            }
        }

        @Override
        public Versioned<V> remove(K key) {
            op();
            synchronized (m) {
                return m.data.containsKey(key) ? m.write(key, null) : null;
            }
        }

        // Writes (null: removes) only if the current value passes the condition.
        private boolean writeIf(K key, Predicate<Versioned<V>> condition, V value) {
            op();
            synchronized (m) {
                if (!condition.test(m.data.get(key))) {
                    return false;
                }
                m.write(key, value);
                return true;
            }
        }

        @Override
        public boolean remove(K key, V value) {
            return writeIf(key, cur -> cur != null && Objects.equals(cur.value(), value), null);
        }

        @Override
        public boolean remove(K key, long version) {
            return writeIf(key, cur -> cur != null && cur.version() == version, null);
        }

        @Override
        public Versioned<V> replace(K key, V value) {
            op();
            synchronized (m) {
                return m.data.containsKey(key) ? m.write(key, value) : null;
            }
        }

        @Override
        public boolean replace(K key, V oldValue, V newValue) {
            return writeIf(key, cur -> cur != null && Objects.equals(cur.value(), oldValue), newValue);
        }

        @Override
        public boolean replace(K key, long oldVersion, V newValue) {
            return writeIf(key, cur -> {
                if (interfered(m.name, key)) {
                    m.bump(key);
                    return false;
                }
                return cur != null && cur.version() == oldVersion;
            }, newValue);
        }

        @Override
        public Versioned<V> computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> f) {
            return computeIf(key, Objects::nonNull, f);
        }

        @Override
        public Versioned<V> compute(K key, BiFunction<? super K, ? super V, ? extends V> f) {
            return computeIf(key, v -> true, f);
        }

        @Override
        public Versioned<V> computeIfAbsent(K key, Function<? super K, ? extends V> f) {
            return computeIf(key, Objects::isNull, (k, v) -> f.apply(k));
        }

        // As ONOS does it on Atomix: read, apply, then write only if the version is unchanged.
        @Override
        public Versioned<V> computeIf(K key, Predicate<? super V> condition,
                                      BiFunction<? super K, ? super V, ? extends V> f) {
            Versioned<V> read = get(key);
            V before = read == null ? null : read.value();
            if (!condition.test(before)) {
                return read;
            }
            V after = f.apply(key, before);
            op();
            synchronized (m) {
                Versioned<V> cur = m.data.get(key);
                boolean changed = interfered(m.name, key) || !Objects.equals(cur == null ? null : cur.version(),
                                                                             read == null ? null : read.version());
                if (changed) {
                    m.bump(key);
                    throw new ConsistentMapException.ConcurrentModification();
                }
                if (Objects.equals(before, after)) {
                    return read;
                }
                m.write(key, after);
                return m.data.get(key);
            }
        }

        @Override
        public void clear() {
            op();
            synchronized (m) {
                ImmutableList.copyOf(m.data.keySet()).forEach(k -> m.write(k, null));
            }
        }

        @Override
        public Set<K> keySet() {
            op();
            return ImmutableSet.copyOf(m.data.keySet());
        }

        @Override
        public Collection<Versioned<V>> values() {
            op();
            return ImmutableList.copyOf(m.data.values());
        }

        @Override
        public Set<Map.Entry<K, Versioned<V>>> entrySet() {
            op();
            return m.data.entrySet().stream().map(e -> new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()))
                    .collect(Collectors.toSet());
        }

        @Override
        public java.util.Iterator<Map.Entry<K, Versioned<V>>> iterator() {
            return entrySet().iterator();
        }

        @Override
        public void addListener(MapEventListener<K, V> listener) {
            addListener(listener, MoreExecutors.directExecutor());
        }

        @Override
        public void addListener(MapEventListener<K, V> listener, Executor executor) {
            listeners.put(listener, executor);
        }

        @Override
        public void removeListener(MapEventListener<K, V> listener) {
            listeners.remove(listener);
        }

        @Override
        public Map<K, V> asJavaMap() {
            return new ConsistentMapBackedJavaMap<>(this);
        }
    }
}

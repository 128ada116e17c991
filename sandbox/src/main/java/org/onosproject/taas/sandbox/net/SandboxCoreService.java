package org.onosproject.taas.sandbox.net;

import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.core.IdGenerator;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CoreService that registers applications with real {@link DefaultApplicationId}s, numbered
 * from 1 in registration order, and hands out id generators.
 */
public class SandboxCoreService extends CoreServiceAdapter {

    private final Map<String, ApplicationId> apps = new ConcurrentHashMap<>();
    private final Map<String, IdGenerator> generators = new ConcurrentHashMap<>();

    @Override
    public synchronized ApplicationId registerApplication(String name) {
        return apps.computeIfAbsent(name, n -> new DefaultApplicationId(apps.size() + 1, n));
    }

    @Override
    public ApplicationId registerApplication(String name, Runnable preDeactivate) {
        return registerApplication(name);
    }

    @Override
    public ApplicationId getAppId(String name) {
        return apps.get(name);
    }

    @Override
    public ApplicationId getAppId(Short id) {
        return apps.values().stream().filter(a -> a.id() == id).findFirst().orElse(null);
    }

    @Override
    public Set<ApplicationId> getAppIds() {
        return Set.copyOf(apps.values());
    }

    @Override
    public IdGenerator getIdGenerator(String topic) {
        return generators.computeIfAbsent(topic, t -> {
            AtomicLong next = new AtomicLong(1);
            return next::getAndIncrement;
        });
    }
}

package org.onosproject.taas.impl;

import org.onosproject.app.ApplicationService;
import org.onosproject.app.ApplicationServiceAdapter;
import org.onosproject.app.ApplicationState;
import org.onosproject.cfg.ComponentConfigService;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.event.EventDeliveryService;
import org.onosproject.net.NetTestTools;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.TestStorageService;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TaasStore;
import org.slf4j.Logger;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * The application's components as OSGi would run them, wired by hand: a
 * {@link DistributedTaasStore} on ONOS's TestStorageService, a {@link TaasManager}, the
 * statistics {@link TapStatisticsCollector} (TaasStatsService), and the rule engine
 * {@code TapProgrammer} when it is on the classpath. Every service field of the
 * engine whose type one of the given services implements is set before activation, as OSGi
 * would bind its references; a field left unset is reported by {@link #unboundFields()}.
 */
public final class SandboxComponents {

    /** Class name of the rule engine. */
    public static final String ENGINE_CLASS = "org.onosproject.taas.impl.TapProgrammer";

    // running components by their manager, for code that holds only the TaasService
    private static final Map<Object, SandboxComponents> RUNNING =
            Collections.synchronizedMap(new IdentityHashMap<>());

    private final Logger log = getLogger(getClass());
    private final DistributedTaasStore store = new DistributedTaasStore();
    private final TaasManager manager = new TaasManager();
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private final List<String> unbound = new ArrayList<>();
    private Object engine;
    private volatile ApplicationState appState = ApplicationState.INSTALLED;
    private TapStatisticsCollector stats;
    private boolean storeStarted;
    private boolean managerStarted;

    /**
     * Creates the components.
     *
     * @param onosServices ONOS services by interface: at least CoreService and
     *                     ComponentConfigService, plus whatever the engine references
     */
    public SandboxComponents(Map<Class<?>, Object> onosServices) {
        services.putAll(onosServices);
        services.put(StorageService.class, new TestStorageService());
        services.put(TaasStore.class, store);
        services.put(TaasService.class, manager);
        services.put(TaasAdminService.class, manager);
        services.put(ApplicationService.class, new ApplicationServiceAdapter() {
            @Override
            public ApplicationState getState(ApplicationId appId) {
                return appState;
            }
        });
    }

    /**
     * Activates the store and the manager, then the engine if present.
     *
     * @return true if the engine was found and activated
     */
    public boolean start() {
        store.storageService = (StorageService) services.get(StorageService.class);
        store.cfgService = (ComponentConfigService) services.get(ComponentConfigService.class);
        store.activate(null);
        storeStarted = true;
        manager.coreService = (CoreService) services.get(CoreService.class);
        manager.store = store;
        manager.cfgService = (ComponentConfigService) services.get(ComponentConfigService.class);
        TaasTestFixture.SyncEventDispatcher dispatcher = new TaasTestFixture.SyncEventDispatcher();
        services.put(EventDeliveryService.class, dispatcher);
        NetTestTools.injectEventDispatcher(manager, dispatcher);
        manager.activate(null);
        managerStarted = true;
        RUNNING.put(manager, this);
        // the taps' statistics (TaasStatsService), over the same services as the engine
        stats = new TapStatisticsCollector();
        bind(stats);
        stats.activate();
        services.put(TaasStatsService.class, stats);
        return startEngine();
    }

    /**
     * Activates a new engine, as when the application is activated (again).
     *
     * @return true if the engine was found and activated
     */
    public boolean startEngine() {
        if (engine != null) {
            return true;
        }
        Class<?> engineClass;
        try {
            engineClass = Class.forName(ENGINE_CLASS);
        } catch (ClassNotFoundException e) {
            log.warn("{} is not on the classpath: tap services are stored but nothing programs them",
                    ENGINE_CLASS);
            return false;
        }
        try {
            engine = engineClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + ENGINE_CLASS + ": " + e, e);
        }
        unbound.clear();
        bind(engine);
        if (engine instanceof org.onosproject.event.AbstractListenerManager) {
            NetTestTools.injectEventDispatcher(engine,
                    (TaasTestFixture.SyncEventDispatcher) services.get(EventDeliveryService.class));
        }
        appState = ApplicationState.ACTIVE;
        invoke(engine, "activate");
        return true;
    }

    private void bind(Object component) {
        for (Class<?> c = component.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())
                        || f.getType().isPrimitive() || !f.getType().getName().startsWith("org.onosproject.")) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    if (f.get(component) != null) {
                        continue;
                    }
                    Object service = services.values().stream().filter(s -> f.getType().isInstance(s))
                            .findFirst().orElse(null);
                    if (service != null) {
                        f.set(component, service);
                    } else if (f.getType().isInterface() && f.getType().getSimpleName().endsWith("Service")) {
                        unbound.add(c.getSimpleName() + "." + f.getName() + " (" + f.getType().getName() + ")");
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot set " + f + ": " + e, e);
                }
            }
        }
        if (!unbound.isEmpty()) {
            log.warn("Service fields the sandbox cannot bind: {}", unbound);
        }
    }

    private static void invoke(Object component, String name) {
        for (Class<?> c = component.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    try {
                        m.setAccessible(true);
                        m.invoke(component, new Object[m.getParameterCount()]);
                        return;
                    } catch (InvocationTargetException e) {
                        Throwable cause = e.getCause();
                        throw new IllegalStateException(component.getClass().getSimpleName() + "." + name
                                + " failed: " + cause, cause);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot call " + m + ": " + e, e);
                    }
                }
            }
        }
        throw new IllegalStateException(component.getClass().getName() + " has no " + name + " method");
    }

    /**
     * Returns the started components whose query API is the given one.
     *
     * @param taas query API of started components
     * @return the components, or null if it is no started sandbox manager
     */
    public static SandboxComponents of(TaasService taas) {
        return RUNNING.get(taas);
    }

    /**
     * Returns one of the services the components were wired with.
     *
     * @param type service interface, e.g. DeviceService
     * @param <T>  service type
     * @return the service, or null if none was given
     */
    public <T> T service(Class<T> type) {
        Object s = services.get(type);
        return type.isInstance(s) ? type.cast(s) : null;
    }

    /**
     * Returns the engine's service fields no given service could fill.
     *
     * @return descriptions, empty when everything was bound
     */
    public List<String> unboundFields() {
        return List.copyOf(unbound);
    }

    /**
     * Returns whether the engine runs.
     *
     * @return true if activated and not yet deactivated
     */
    public boolean engineRunning() {
        return engine != null;
    }

    /**
     * Returns the administration API.
     *
     * @return manager
     */
    public TaasAdminService admin() {
        return manager;
    }

    /**
     * Returns the query API.
     *
     * @return manager
     */
    public TaasService taas() {
        return manager;
    }

    /**
     * Deactivates the engine, as when the application is deactivated.
     */
    public void stopEngine() {
        if (engine != null) {
            Object e = engine;
            engine = null;
            // ONOS marks the application deactivated before its components stop
            appState = ApplicationState.INSTALLED;
            invoke(e, "deactivate");
        }
    }

    /**
     * Deactivates everything.
     */
    public void stop() {
        if (stats != null) {
            services.remove(TaasStatsService.class);
            stats.deactivate();
            stats = null;
        }
        stopEngine();
        if (managerStarted) {
            managerStarted = false;
            RUNNING.remove(manager);
            manager.deactivate();
        }
        if (storeStarted) {
            storeStarted = false;
            store.deactivate();
        }
    }
}

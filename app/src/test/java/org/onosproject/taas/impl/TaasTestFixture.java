package org.onosproject.taas.impl;

import org.onosproject.TestApplicationId;
import org.onosproject.cfg.ComponentConfigAdapter;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.event.DefaultEventSinkRegistry;
import org.onosproject.event.Event;
import org.onosproject.event.EventDeliveryService;
import org.onosproject.event.EventSink;
import org.onosproject.net.NetTestTools;
import org.onosproject.store.service.TestStorageService;

/**
 * A real {@link TaasManager} over a real {@link DistributedTaasStore} backed by ONOS's
 * TestStorageService, with synchronous event delivery. Shared by the tests of every module.
 */
public final class TaasTestFixture {

    /** Application id the fixture registers. */
    public static final ApplicationId APP_ID = new TestApplicationId(TaasManager.APP_NAME);

    private final DistributedTaasStore store = new DistributedTaasStore();
    private final TaasManager manager = new TaasManager();

    /**
     * Creates and activates the store and manager.
     */
    public TaasTestFixture() {
        store.storageService = new TestStorageService();
        store.cfgService = new ComponentConfigAdapter();
        store.activate(null);
        manager.coreService = new CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return APP_ID;
            }
        };
        manager.store = store;
        manager.cfgService = new ComponentConfigAdapter();
        NetTestTools.injectEventDispatcher(manager, new SyncEventDispatcher());
        manager.activate(null);
    }

    /**
     * Returns the manager (TaasService and TaasAdminService).
     *
     * @return manager
     */
    public TaasManager manager() {
        return manager;
    }

    /**
     * Returns the store.
     *
     * @return store
     */
    public DistributedTaasStore store() {
        return store;
    }

    /**
     * Deactivates the manager and the store.
     */
    public void tearDown() {
        manager.deactivate();
        store.deactivate();
    }

    /**
     * Event delivery that hands each event to its sink on the posting thread.
     */
    public static final class SyncEventDispatcher extends DefaultEventSinkRegistry
            implements EventDeliveryService {
        @Override
        @SuppressWarnings("unchecked")
        public synchronized void post(Event event) {
            EventSink sink = getSink(event.getClass());
            if (sink != null) {
                sink.process(event);
            }
        }

        @Override
        public void setDispatchTimeLimit(long millis) {
        }

        @Override
        public long getDispatchTimeLimit() {
            return 0;
        }
    }
}

package org.onosproject.taas.api;

import org.onosproject.store.StoreDelegate;

/**
 * Delegate that receives the store's events.
 */
public interface TaasStoreDelegate extends StoreDelegate<TaasEvent> {
}

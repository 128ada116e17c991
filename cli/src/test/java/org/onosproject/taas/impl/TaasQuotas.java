package org.onosproject.taas.impl;

import org.onlab.osgi.ComponentContextAdapter;

import java.util.Dictionary;
import java.util.Hashtable;

/**
 * Sets the quotas of a {@link TaasManager} through its component configuration, as ONOS
 * would after {@code cfg set}.
 */
public final class TaasQuotas {

    private TaasQuotas() {
    }

    /**
     * Reconfigures the manager's quotas.
     *
     * @param manager     manager of a {@link TaasTestFixture}
     * @param tapServices most tap services
     * @param tapFlows    most tap flows
     */
    public static void set(TaasManager manager, int tapServices, int tapFlows) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(OsgiPropertyConstants.MAX_TAP_SERVICES, tapServices);
        props.put(OsgiPropertyConstants.MAX_TAP_FLOWS, tapFlows);
        manager.modified(new ComponentContextAdapter() {
            @Override
            public Dictionary getProperties() {
                return props;
            }
        });
    }
}

package org.onosproject.taas.impl;

import org.onlab.util.KryoNamespace;
import org.onosproject.store.serializers.KryoNamespaces;
import org.onosproject.store.service.Serializer;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.TransportHop;
import org.onosproject.taas.api.TapTunnel;
import org.onosproject.taas.api.VlanFilter;

import java.util.UUID;

/**
 * Kryo serializer covering every type the application stores.
 */
public final class TaasSerializer {

    /** Kryo namespace of the stored types, on top of ONOS's API namespace. */
    public static final KryoNamespace NAMESPACE = KryoNamespace.newBuilder()
            .register(KryoNamespaces.API)
            .nextId(KryoNamespaces.BEGIN_USER_CUSTOM_ID)
            .register(UUID.class, TapServiceId.class, TapFlowId.class, Direction.class,
                      VlanFilter.class, TapStatus.class, TapStatus.State.class,
                      TapService.class, TapFlow.class, PortUse.class, TransportHop.class,
                      TapTunnel.class, TapTunnel.Type.class)
            .build("onos-taas");

    private TaasSerializer() {
    }

    /**
     * Returns a store serializer over {@link #NAMESPACE}.
     *
     * @return serializer
     */
    public static Serializer serializer() {
        return Serializer.using(NAMESPACE);
    }
}

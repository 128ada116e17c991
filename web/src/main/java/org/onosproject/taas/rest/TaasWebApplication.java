package org.onosproject.taas.rest;

import org.onlab.rest.AbstractWebApplication;

import java.util.Set;

/**
 * The Tap as a Service web application: its resources (the native API, and the
 * Neutron-compatible API under /v2.0 for OpenStack's clients) and the mappers that turn every
 * refusal into a JSON error body.
 */
public class TaasWebApplication extends AbstractWebApplication {

    @Override
    public Set<Class<?>> getClasses() {
        return getClasses(TapServiceWebResource.class,
                          TapFlowWebResource.class,
                          NeutronTaasWebResource.class,
                          NeutronPortWebResource.class,
                          NeutronErrorMapper.class,
                          TaasExceptionMapper.class,
                          ClientErrorMapper.class);
    }
}

package org.onosproject.taas.rest;

import org.onlab.rest.AbstractWebApplication;

import java.util.Set;

/**
 * The Tap as a Service web application: its resources and the mappers that turn every
 * refusal into a JSON error body.
 */
public class TaasWebApplication extends AbstractWebApplication {

    @Override
    public Set<Class<?>> getClasses() {
        return getClasses(TapServiceWebResource.class,
                          TapFlowWebResource.class,
                          TaasExceptionMapper.class,
                          ClientErrorMapper.class);
    }
}

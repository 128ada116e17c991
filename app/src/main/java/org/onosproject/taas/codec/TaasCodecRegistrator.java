package org.onosproject.taas.codec;

import org.onosproject.codec.CodecService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * Registers the tap service and tap flow codecs with ONOS's CodecService while the
 * application is active, so REST resources and CLI commands share one JSON form.
 */
@Component(immediate = true)
public class TaasCodecRegistrator {

    private final Logger log = getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CodecService codecService;

    /**
     * Registers the codecs.
     */
    @Activate
    public void activate() {
        codecService.registerCodec(TapService.class, new TapServiceCodec());
        codecService.registerCodec(TapFlow.class, new TapFlowCodec());
        log.info("Started");
    }

    /**
     * Unregisters the codecs.
     */
    @Deactivate
    public void deactivate() {
        codecService.unregisterCodec(TapService.class);
        codecService.unregisterCodec(TapFlow.class);
        log.info("Stopped");
    }
}

package org.onosproject.taas.gui;

import org.onosproject.net.Link;
import org.onosproject.net.host.HostService;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.ui.UiExtension;
import org.onosproject.ui.UiExtensionService;
import org.onosproject.ui.UiMessageHandlerFactory;
import org.onosproject.ui.UiTopoOverlayFactory;
import org.onosproject.ui.UiView;
import org.onosproject.ui.UiViewHidden;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;

import java.util.List;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * Registers the application's GUI extension with ONOS: the "Tap Services" table view and the
 * "Tap" topology overlay, their message handlers and their JavaScript, HTML and CSS (under
 * {@code app/view/} and {@code gui/taas/} in the bundle). The GUI is optional: without ONOS's
 * GUI application (headless deployments) this component is active and registers nothing, so
 * the instance still reaches READY; it registers when the GUI's UiExtensionService appears
 * and lets go when it leaves.
 */
@Component(immediate = true)
public class TaasGuiComponent {

    /** Id of the table view; also its angular module ovTaasServices. */
    public static final String TABLE_VIEW_ID = "taasServices";
    /** Id of the hidden view holding the overlay's scripts; also its module ovTaasTopov. */
    public static final String TOPO_VIEW_ID = "taasTopov";
    /** Folder of css.html and js.html in the bundle. */
    public static final String RESOURCE_PATH = "gui/taas";

    private static final String TABLE_LABEL = "Tap Services";
    private static final String TABLE_ICON = "nav_links";

    private final Logger log = getLogger(getClass());

    private final Object lock = new Object();
    private UiExtensionService uiExtensionService;
    private boolean active;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected TaasService taasService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected HostService hostService;

    /** Mirror paths of an engine that carries copies across switches, when there is one. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    protected volatile TapPathLookup pathLookup;

    private final TapPathLookup currentPaths = this::pathLinks;
    private UiExtension extension;

    @Activate
    protected void activate() {
        synchronized (lock) {
            active = true;
            register();
        }
        log.info("Started");
    }

    @Deactivate
    protected void deactivate() {
        synchronized (lock) {
            active = false;
            unregister();
        }
        log.info("Stopped");
    }

    /**
     * ONOS's GUI is there (or came back).
     *
     * @param service the GUI's extension service
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindUiExtensionService")
    protected void bindUiExtensionService(UiExtensionService service) {
        synchronized (lock) {
            uiExtensionService = service;
            register();
        }
    }

    /**
     * ONOS's GUI went away.
     *
     * @param service the GUI's extension service
     */
    protected void unbindUiExtensionService(UiExtensionService service) {
        synchronized (lock) {
            if (uiExtensionService == service) {
                unregister();
                uiExtensionService = null;
            }
        }
    }

    /**
     * Returns whether the extension is registered with a GUI now.
     *
     * @return true if registered
     */
    boolean registered() {
        synchronized (lock) {
            return extension != null;
        }
    }

    private void register() {
        if (active && uiExtensionService != null && extension == null) {
            extension = createExtension();
            uiExtensionService.register(extension);
            log.info("GUI extension registered");
        }
    }

    private void unregister() {
        if (uiExtensionService != null && extension != null) {
            uiExtensionService.unregister(extension);
        }
        extension = null;
    }

    /**
     * Builds the GUI extension.
     *
     * @return extension
     */
    UiExtension createExtension() {
        List<UiView> views = List.of(
                new UiView(UiView.Category.NETWORK, TABLE_VIEW_ID, TABLE_LABEL, TABLE_ICON),
                new UiViewHidden(TOPO_VIEW_ID));
        UiMessageHandlerFactory handlers = () -> List.of(
                new TaasTopoMessageHandler(currentPaths),
                new TaasServiceTableMessageHandler());
        UiTopoOverlayFactory overlays = () -> List.of(new TaasTopoOverlay(taasService, hostService));
        return new UiExtension.Builder(getClass().getClassLoader(), views)
                .resourcePath(RESOURCE_PATH)
                .messageHandlerFactory(handlers)
                .topoOverlayFactory(overlays)
                .build();
    }

    private List<Link> pathLinks(TapFlow flow, TapService service) {
        TapPathLookup lookup = pathLookup;
        return (lookup == null ? TapPathLookup.FROM_STATUS : lookup).pathLinks(flow, service);
    }
}

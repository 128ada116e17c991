package org.onosproject.taas.gui;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.net.Link;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TapService;
import org.onosproject.ui.UiExtension;
import org.onosproject.ui.UiExtensionServiceAdapter;
import org.onosproject.ui.UiMessageHandler;
import org.onosproject.ui.UiTopoOverlay;
import org.onosproject.ui.UiView;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.onosproject.taas.gui.GuiTestNetwork.cp;
import static org.onosproject.taas.gui.GuiTestNetwork.message;

/**
 * Registration of the GUI extension: views, resources in the bundle, handler and overlay
 * factories, and the optional mirror-path service.
 */
public class TaasGuiComponentTest {

    private GuiTestNetwork net;
    private TaasGuiComponent component;
    private final List<UiExtension> registered = new ArrayList<>();

    @Before
    public void setUp() {
        net = new GuiTestNetwork();
        component = new TaasGuiComponent();
        component.bindUiExtensionService(new UiExtensionServiceAdapter() {
            @Override
            public void register(UiExtension extension) {
                registered.add(extension);
            }

            @Override
            public void unregister(UiExtension extension) {
                registered.remove(extension);
            }
        });
        component.taasService = net.taas;
        component.hostService = net.hosts;
        component.activate();
    }

    @After
    public void tearDown() {
        net.tearDown();
    }

    private UiExtension extension() {
        assertEquals(1, registered.size());
        return registered.get(0);
    }

    @Test
    public void withoutTheGuiTheComponentRunsAndRegistersNothingUntilItComes() {
        TaasGuiComponent headless = new TaasGuiComponent();
        headless.taasService = net.taas;
        headless.hostService = net.hosts;
        headless.activate();
        assertEquals(false, headless.registered());
        List<UiExtension> later = new ArrayList<>();
        UiExtensionServiceAdapter gui = new UiExtensionServiceAdapter() {
            @Override
            public void register(UiExtension extension) {
                later.add(extension);
            }

            @Override
            public void unregister(UiExtension extension) {
                later.remove(extension);
            }
        };
        headless.bindUiExtensionService(gui);
        assertEquals(1, later.size());
        headless.unbindUiExtensionService(gui);
        assertEquals(0, later.size());
        assertEquals(false, headless.registered());
        headless.bindUiExtensionService(gui);
        assertEquals(1, later.size());
        headless.deactivate();
        assertEquals(0, later.size());
    }

    @Test
    public void registersTheTableViewAndTheOverlaysHiddenView() {
        List<UiView> views = extension().views();
        assertEquals(List.of("taasServices", "taasTopov"),
                     views.stream().map(UiView::id).collect(Collectors.toList()));
        assertEquals(UiView.Category.NETWORK, views.get(0).category());
        assertEquals("Tap Services", views.get(0).label());
        assertEquals(UiView.Category.HIDDEN, views.get(1).category());
    }

    @Test
    public void everyResourceIsInTheBundle() throws IOException {
        UiExtension ext = extension();
        String js = read(ext.js());
        String css = read(ext.css());
        assertTrue(js.contains("app/view/taasTopov/taasTopovOverlay.js"));
        assertTrue(css.contains("app/view/taasServices/taasServices.css"));
        for (String[] r : new String[][]{
                {"taasServices", "taasServices.html"}, {"taasServices", "taasServices.js"},
                {"taasServices", "taasServices.css"}, {"taasTopov", "taasTopov.html"},
                {"taasTopov", "taasTopov.js"}, {"taasTopov", "taasTopovOverlay.js"},
                {"taasTopov", "taasTopov.css"}}) {
            assertNotNull(r[0] + "/" + r[1], ext.resource(r[0], r[1]));
        }
        assertEquals("views stay listed while every resource is found", 2, ext.views().size());
    }

    @Test
    public void factoriesMakeTheHandlersAndTheOverlay() {
        List<UiMessageHandler> handlers = new ArrayList<>(extension().messageHandlerFactory().newHandlers());
        assertEquals(2, handlers.size());
        assertTrue(handlers.get(0) instanceof TaasTopoMessageHandler);
        assertTrue(handlers.get(1) instanceof TaasServiceTableMessageHandler);
        List<UiTopoOverlay> overlays = new ArrayList<>(extension().topoOverlayFactory().newOverlays());
        assertEquals(1, overlays.size());
        assertEquals(TaasTopoOverlay.OVERLAY_ID, overlays.get(0).id());
        assertTrue("one handler set per GUI connection",
                   extension().messageHandlerFactory().newHandlers().iterator().next() != handlers.get(0));
    }

    @Test
    public void usesAMirrorPathServiceWhenOneIsBound() {
        TapService remote = net.service("remote", cp(2, 9));
        net.flow("far", remote, cp(1, 1), Direction.OUT, null);
        Link link = net.addLinks(cp(1, 2), cp(2, 2));
        String linkId = TapHighlighter.infraLinkId(link);

        UiMessageHandler handler = extension().messageHandlerFactory().newHandlers().iterator().next();
        GuiTestNetwork.RecordingConnection conn = GuiTestNetwork.init(handler, net);
        handler.process(message(TaasTopoMessageHandler.START, null));
        assertTrue(conn.last("showHighlights").get("links").findValuesAsText("id").isEmpty());

        component.pathLookup = (f, s) -> List.of(link);
        handler.process(message(TaasTopoMessageHandler.SHOW_ALL, null));
        assertEquals(List.of(linkId), conn.last("showHighlights").get("links").findValuesAsText("id"));

        component.pathLookup = null;
        handler.process(message(TaasTopoMessageHandler.SHOW_ALL, null));
        assertTrue(conn.last("showHighlights").get("links").findValuesAsText("id").isEmpty());
        handler.destroy();
    }

    @Test
    public void deactivateUnregisters() {
        extension();
        component.deactivate();
        assertTrue(registered.isEmpty());
    }

    private static String read(InputStream in) throws IOException {
        assertNotNull(in);
        try (InputStream s = in) {
            return new String(s.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

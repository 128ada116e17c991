package org.onosproject.taas.gui;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.ui.UiExtension;
import org.onosproject.ui.UiExtensionServiceAdapter;
import org.onosproject.ui.UiMessageHandler;
import org.onosproject.ui.UiView;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The JavaScript the extension ships and the Java handlers it registers agree: every message
 * type the JavaScript sends has a Java request handler and every Java request handler is
 * used by the JavaScript; every type the JavaScript binds a handler for is one the Java side
 * sends, and the other way round. The scripts are the ones js.html loads, read from the
 * class path like ONOS does; message names are string constants in them.
 */
public class GuiMessageContractTest {

    private static final Pattern SCRIPT = Pattern.compile("<script src=\"([^\"]+)\"");
    private static final Pattern CONSTANT = Pattern.compile("(\\w+)\\s*[=:]\\s*'([^'\\\\]*)'");
    private static final Pattern SEND = Pattern.compile("wss\\.sendEvent\\(\\s*(\\w+|'[^']*')");
    private static final Pattern BIND = Pattern.compile("handlers\\[\\s*(\\w+|'[^']*')\\s*\\]\\s*=");
    private static final Pattern TABLE = Pattern.compile(
            "tbs\\.buildTable\\(\\{[^}]*?\\btag:\\s*(\\w+|'[^']*')", Pattern.DOTALL);
    private static final Pattern OVERLAY_ID = Pattern.compile("overlayId:\\s*'([^']*)'");

    // marks a name assigned two different strings in one file
    private static final String AMBIGUOUS = "\u0000";

    private GuiTestNetwork net;
    private UiExtension extension;
    private final Map<String, String> scripts = new HashMap<>();

    @Before
    public void setUp() throws IOException {
        net = new GuiTestNetwork();
        TaasGuiComponent component = new TaasGuiComponent();
        List<UiExtension> registered = new ArrayList<>();
        component.bindUiExtensionService(new UiExtensionServiceAdapter() {
            @Override
            public void register(UiExtension ext) {
                registered.add(ext);
            }
        });
        component.taasService = net.taas;
        component.hostService = net.hosts;
        component.activate();
        extension = registered.get(0);

        Matcher m = SCRIPT.matcher(read(extension.js()));
        while (m.find()) {
            String src = m.group(1);
            scripts.put(src, read(getClass().getClassLoader().getResourceAsStream(src)));
        }
        assertEquals("scripts named in js.html", 3, scripts.size());
    }

    @After
    public void tearDown() {
        net.tearDown();
    }

    private static String read(InputStream in) throws IOException {
        assertNotNull("missing resource", in);
        try (InputStream s = in) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String stripComments(String js) {
        return js.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
    }

    // Resolves a literal or a constant of the same file.
    private static String resolve(String token, Map<String, String> constants, String file) {
        if (token.startsWith("'")) {
            return token.substring(1, token.length() - 1);
        }
        String v = constants.get(token);
        if (v == null || v.equals(AMBIGUOUS)) {
            fail(file + ": message name " + token + " is not one string constant of the file");
        }
        return v;
    }

    private Set<String> collect(boolean sends) {
        Set<String> types = new TreeSet<>();
        scripts.forEach((file, text) -> {
            String js = stripComments(text);
            Map<String, String> constants = new HashMap<>();
            Matcher c = CONSTANT.matcher(js);
            while (c.find()) {
                String previous = constants.putIfAbsent(c.group(1), c.group(2));
                if (previous != null && !previous.equals(c.group(2))) {
                    constants.put(c.group(1), AMBIGUOUS);
                }
            }
            Matcher m = (sends ? SEND : BIND).matcher(js);
            int found = 0;
            while (m.find()) {
                types.add(resolve(m.group(1), constants, file));
                found++;
            }
            String call = sends ? "sendEvent(" : "handlers[";
            assertEquals(file + ": every " + call + " was understood", count(js, call), found);
            Matcher t = TABLE.matcher(js);
            while (t.find()) {
                String tag = resolve(t.group(1), constants, file);
                types.add(tag + (sends ? "DataRequest" : "DataResponse"));
            }
        });
        return types;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    public void everyTypeTheJavaScriptSendsHasAJavaHandlerAndViceVersa() {
        Set<String> handled = new TreeSet<>();
        for (UiMessageHandler h : extension.messageHandlerFactory().newHandlers()) {
            GuiTestNetwork.init(h, net);
            for (String type : h.messageTypes()) {
                assertTrue("two handlers for " + type, handled.add(type));
            }
        }
        Set<String> sent = collect(true);
        assertTrue(sent.contains("taasTopovStart"));
        assertTrue(sent.contains("taasServiceDataRequest"));
        assertEquals(handled, sent);
    }

    @Test
    public void everyTypeTheJavaSendsIsHandledByTheJavaScriptAndViceVersa() {
        Set<String> javaSends = new TreeSet<>(TaasTopoMessageHandler.RESPONSES);
        javaSends.addAll(TaasServiceTableMessageHandler.RESPONSES);
        Set<String> bound = collect(false);
        assertTrue(bound.contains("taasServiceDetailsResponse"));
        assertEquals(javaSends, bound);
    }

    @Test
    public void namesTheFrameworkDerivesFromIdsMatch() {
        String all = String.join("\n", scripts.values());
        Matcher m = OVERLAY_ID.matcher(all);
        assertTrue(m.find());
        assertEquals(TaasTopoOverlay.OVERLAY_ID, m.group(1));
        assertFalse("one overlay", m.find());
        for (UiView v : extension.views()) {
            String cap = Character.toUpperCase(v.id().charAt(0)) + v.id().substring(1);
            assertTrue("module ov" + cap, all.contains("angular.module('ov" + cap + "', [])"));
            assertTrue("controller Ov" + cap + "Ctrl", all.contains("'Ov" + cap + "Ctrl'"));
        }
    }
}

package org.onosproject.taas.gui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSet;
import org.onlab.util.SharedScheduledExecutors;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.host.HostListener;
import org.onosproject.net.host.HostService;
import org.onosproject.net.link.LinkListener;
import org.onosproject.net.link.LinkService;
import org.onosproject.taas.api.TaasListener;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.ui.RequestHandler;
import org.onosproject.ui.UiMessageHandler;
import org.onosproject.ui.topo.Highlights;
import org.onosproject.ui.topo.TopoJson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Message handler of the "Tap" topology overlay: while the overlay is selected it sends the
 * highlights of every tap service, or of one at a time when the user cycles through them,
 * and sends them again whenever a tap, its status, a host, a link or a device changes, and
 * every {@value #RATE_REFRESH_S} s for the rates on the source links (they change with the
 * controller's statistics polls).
 */
public class TaasTopoMessageHandler extends UiMessageHandler {

    /** Client to server: the overlay was selected. */
    static final String START = "taasTopovStart";
    /** Client to server: the overlay was left. */
    static final String STOP = "taasTopovStop";
    /** Client to server: show the next tap service alone. */
    static final String NEXT = "taasTopovNext";
    /** Client to server: show the previous tap service alone. */
    static final String PREV = "taasTopovPrev";
    /** Client to server: show every tap service. */
    static final String SHOW_ALL = "taasTopovShowAll";
    /** Server to client: what is shown now, for the overlay's flash message. */
    static final String DISPLAY = "taasTopovDisplay";

    /** Every type the handler accepts. */
    static final Set<String> REQUESTS = ImmutableSet.of(START, STOP, NEXT, PREV, SHOW_ALL);
    /** Every type the handler sends, besides ONOS's own highlights message. */
    static final Set<String> RESPONSES = ImmutableSet.of(DISPLAY);

    static final String MODE = "mode";
    static final String MODE_ALL = "all";
    static final String MODE_ONE = "one";
    static final String MODE_NONE = "none";
    static final String ID = "id";
    static final String NAME = "name";
    static final String INDEX = "index";
    static final String TOTAL = "total";
    static final String TEXT = "text";

    private static final long REFRESH_DELAY_MS = 200;
    /** Seconds between refreshes of the rates while the overlay is shown. */
    static final long RATE_REFRESH_S = 5;

    private final TapPathLookup pathLookup;
    private final Executor refreshExecutor;
    private final java.util.function.Consumer<Runnable> ticker;
    private final AtomicBoolean ticking = new AtomicBoolean();

    private final TaasListener taasListener = e -> refreshSoon();
    private final HostListener hostListener = e -> refreshSoon();
    private final LinkListener linkListener = e -> refreshSoon();
    private final DeviceListener deviceListener = new InternalDeviceListener();
    private final AtomicBoolean refreshPending = new AtomicBoolean();

    private TaasService taasService;
    private HostService hostService;
    private LinkService linkService;
    private DeviceService deviceService;
    private TapHighlighter highlighter;

    private boolean active;
    private TapServiceId shown;

    /**
     * Creates the handler; refreshes are coalesced and sent 200 ms after a change.
     *
     * @param pathLookup mirror paths
     */
    public TaasTopoMessageHandler(TapPathLookup pathLookup) {
        this(pathLookup, r -> SharedScheduledExecutors.newTimeout(r, REFRESH_DELAY_MS, TimeUnit.MILLISECONDS),
             r -> SharedScheduledExecutors.newTimeout(r, RATE_REFRESH_S, TimeUnit.SECONDS));
    }

    /**
     * Creates the handler with the executor that runs refreshes; no periodic refresh.
     *
     * @param pathLookup      mirror paths
     * @param refreshExecutor runs a refresh after a change
     */
    TaasTopoMessageHandler(TapPathLookup pathLookup, Executor refreshExecutor) {
        this(pathLookup, refreshExecutor, r -> { });
    }

    /**
     * Creates the handler with the executors of refreshes.
     *
     * @param pathLookup      mirror paths
     * @param refreshExecutor runs a refresh after a change
     * @param ticker          runs a task {@value #RATE_REFRESH_S} s later
     */
    TaasTopoMessageHandler(TapPathLookup pathLookup, Executor refreshExecutor,
                           java.util.function.Consumer<Runnable> ticker) {
        this.pathLookup = checkNotNull(pathLookup);
        this.refreshExecutor = checkNotNull(refreshExecutor);
        this.ticker = checkNotNull(ticker);
    }

    @Override
    public void destroy() {
        stop();
        super.destroy();
    }

    @Override
    protected Collection<RequestHandler> createRequestHandlers() {
        return List.of(
                new Handler(START, this::start),
                new Handler(STOP, () -> {
                    stop();
                    sendMessage(TopoJson.highlightsMessage(new Highlights()));
                }),
                new Handler(NEXT, () -> step(1)),
                new Handler(PREV, () -> step(-1)),
                new Handler(SHOW_ALL, this::start));
    }

    /**
     * Returns true while the overlay is selected.
     *
     * @return true if highlights are kept current
     */
    synchronized boolean isActive() {
        return active;
    }

    /**
     * Returns the tap service shown alone, or null when every one is shown.
     *
     * @return tap service id or null
     */
    synchronized TapServiceId shown() {
        return shown;
    }

    private synchronized void start() {
        listen();
        show(null);
    }

    private void listen() {
        if (highlighter == null) {
            taasService = get(TaasService.class);
            hostService = get(HostService.class);
            linkService = get(LinkService.class);
            deviceService = get(DeviceService.class);
            highlighter = new TapHighlighter(taasService, hostService, linkService, pathLookup, statsService());
        }
        if (!active) {
            active = true;
            tick();
            taasService.addListener(taasListener);
            hostService.addListener(hostListener);
            linkService.addListener(linkListener);
            deviceService.addListener(deviceListener);
        }
    }

    private synchronized void stop() {
        if (active) {
            active = false;
            taasService.removeListener(taasListener);
            hostService.removeListener(hostListener);
            linkService.removeListener(linkListener);
            deviceService.removeListener(deviceListener);
        }
        shown = null;
    }

    private synchronized void step(int delta) {
        listen();
        List<TapService> services = sortedServices();
        if (services.isEmpty()) {
            show(null);
            return;
        }
        int at = indexOf(services, shown);
        int next;
        if (at < 0) {
            next = delta > 0 ? 0 : services.size() - 1;
        } else {
            next = Math.floorMod(at + delta, services.size());
        }
        show(services.get(next).id());
    }

    private synchronized void show(TapServiceId id) {
        shown = id;
        sendHighlights();
        sendDisplay();
    }

    // the statistics, or null when the application's statistics component does not run
    private TaasStatsService statsService() {
        try {
            return get(TaasStatsService.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    // every RATE_REFRESH_S while the overlay is shown: the rates move with each sample
    private void tick() {
        if (ticking.compareAndSet(false, true)) {
            ticker.accept(() -> {
                ticking.set(false);
                if (isActive()) {
                    refreshSoon();
                    tick();
                }
            });
        }
    }

    private void refreshSoon() {
        if (refreshPending.compareAndSet(false, true)) {
            refreshExecutor.execute(this::refresh);
        }
    }

    private synchronized void refresh() {
        refreshPending.set(false);
        if (!active) {
            return;
        }
        if (shown != null && taasService.getTapService(shown) == null) {
            show(null);
        } else {
            sendHighlights();
        }
    }

    private void sendHighlights() {
        Highlights h = shown == null ? highlighter.all() : highlighter.one(shown);
        sendMessage(TopoJson.highlightsMessage(h));
    }

    private void sendDisplay() {
        List<TapService> services = sortedServices();
        ObjectNode payload = objectNode().put(TOTAL, services.size());
        int at = indexOf(services, shown);
        if (services.isEmpty()) {
            payload.put(MODE, MODE_NONE).put(TEXT, "No tap service");
        } else if (at < 0) {
            payload.put(MODE, MODE_ALL).put(TEXT, "All tap services (" + services.size() + ")");
        } else {
            TapService s = services.get(at);
            int flows = taasService.getTapFlows(s.id()).size();
            payload.put(MODE, MODE_ONE)
                    .put(ID, s.id().toString())
                    .put(NAME, TaasGuiText.label(s))
                    .put(INDEX, at + 1)
                    .put(TEXT, "Tap service " + (at + 1) + "/" + services.size() + ": "
                            + TaasGuiText.label(s) + " - " + TaasGuiText.describe(s, flows));
        }
        if (connection() != null) {
            connection().sendMessage(DISPLAY, payload);
        }
    }

    private List<TapService> sortedServices() {
        List<TapService> services = new ArrayList<>(taasService.getTapServices());
        services.sort(TaasGuiText.SERVICE_ORDER);
        return services;
    }

    private static int indexOf(List<TapService> services, TapServiceId id) {
        for (int i = 0; id != null && i < services.size(); i++) {
            if (services.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    // Runs an action for one message type; these messages carry no payload.
    private static final class Handler extends RequestHandler {
        private final Runnable action;

        private Handler(String type, Runnable action) {
            super(type);
            this.action = action;
        }

        @Override
        public void process(ObjectNode payload) {
            action.run();
        }
    }

    // Devices only matter when they appear, vanish or change availability: the topology
    // view then redraws the node without its badge.
    private final class InternalDeviceListener implements DeviceListener {
        @Override
        public boolean isRelevant(DeviceEvent event) {
            return event.type() == DeviceEvent.Type.DEVICE_ADDED
                    || event.type() == DeviceEvent.Type.DEVICE_REMOVED
                    || event.type() == DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED;
        }

        @Override
        public void event(DeviceEvent event) {
            refreshSoon();
        }
    }
}

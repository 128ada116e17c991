package org.onosproject.taas.gui;

import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostId;
import org.onosproject.net.host.HostService;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.ui.UiTopoOverlay;
import org.onosproject.ui.topo.PropertyPanel;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Server side of the "Tap" topology overlay: adds tap services and tap flows to the summary
 * panel and to the details panels of devices and hosts. Highlights are sent by
 * {@link TaasTopoMessageHandler}.
 */
public class TaasTopoOverlay extends UiTopoOverlay {

    /** Overlay id; the same as in taasTopovOverlay.js. */
    public static final String OVERLAY_ID = "taas-overlay";

    static final String KEY_SERVICES = "taas-services";
    static final String KEY_FLOWS = "taas-flows";
    static final String KEY_SERVICE_PREFIX = "taas-service-";
    static final String KEY_FLOW_PREFIX = "taas-flow-";
    static final String KEY_NONE = "taas-none";

    private final TaasService taasService;
    private final HostService hostService;

    /**
     * Creates the overlay.
     *
     * @param taasService tap services and flows
     * @param hostService host locations
     */
    public TaasTopoOverlay(TaasService taasService, HostService hostService) {
        super(OVERLAY_ID);
        this.taasService = checkNotNull(taasService);
        this.hostService = checkNotNull(hostService);
    }

    @Override
    public void modifySummary(PropertyPanel pp) {
        pp.addSeparator()
                .addProp(KEY_SERVICES, "Tap services", taasService.getTapServices().size())
                .addProp(KEY_FLOWS, "Tap flows", taasService.getTapFlows().size());
    }

    @Override
    public void modifyDeviceDetails(PropertyPanel pp, DeviceId deviceId) {
        List<TapService> services = taasService.getTapServices().stream()
                .filter(s -> !s.isTunnel() && s.port().deviceId().equals(deviceId))
                .sorted(TaasGuiText.SERVICE_ORDER)
                .collect(Collectors.toList());
        List<TapFlow> flows = taasService.getTapFlows().stream()
                .filter(f -> f.sourcePort().deviceId().equals(deviceId))
                .sorted(TaasGuiText.FLOW_ORDER)
                .collect(Collectors.toList());
        addTaps(pp, services, flows, "No tap service or tap flow on this device");
    }

    @Override
    public void modifyHostDetails(PropertyPanel pp, HostId hostId) {
        Host host = hostService.getHost(hostId);
        Set<ConnectPoint> ports = host == null ? Set.of()
                : host.locations().stream()
                    .map(l -> new ConnectPoint(l.elementId(), l.port())).collect(Collectors.toSet());
        List<TapService> services = taasService.getTapServices().stream()
                .filter(s -> !s.isTunnel() && ports.contains(s.port()))
                .sorted(TaasGuiText.SERVICE_ORDER)
                .collect(Collectors.toList());
        List<TapFlow> flows = taasService.getTapFlows().stream()
                .filter(f -> ports.contains(f.sourcePort()))
                .sorted(TaasGuiText.FLOW_ORDER)
                .collect(Collectors.toList());
        addTaps(pp, services, flows, "No tap flow mirrors this host");
    }

    private void addTaps(PropertyPanel pp, Collection<TapService> services, Collection<TapFlow> flows,
                         String none) {
        pp.addSeparator();
        if (services.isEmpty() && flows.isEmpty()) {
            pp.addProp(KEY_NONE, "Taps", none);
            return;
        }
        for (TapService s : services) {
            int n = taasService.getTapFlows(s.id()).size();
            pp.addProp(KEY_SERVICE_PREFIX + s.id(), "Tap service " + TaasGuiText.label(s),
                       TaasGuiText.describe(s, n));
        }
        for (TapFlow f : flows) {
            TapService target = taasService.getTapService(f.tapServiceId());
            pp.addProp(KEY_FLOW_PREFIX + f.id(), "Tap flow " + TaasGuiText.label(f),
                       TaasGuiText.describe(f, target));
        }
    }
}

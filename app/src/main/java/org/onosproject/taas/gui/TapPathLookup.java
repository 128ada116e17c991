package org.onosproject.taas.gui;

import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.Link;
import org.onosproject.net.provider.ProviderId;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells the GUI which links the copies of a tap flow cross on their way to the tap port.
 * The overlay draws these links as the mirror path. By default they come from the path in the
 * tap flow's status ({@link #FROM_STATUS}); another implementation may be registered as an
 * OSGi service.
 */
public interface TapPathLookup {

    /** Provider id of the links built from a status path. */
    ProviderId STATUS_PROVIDER = new ProviderId("taas", "org.onosproject.taas");

    /**
     * The path the engine reports in the tap flow's status: each (egress, ingress) pair of
     * connect points is a link the copies cross; empty for a local tap port.
     */
    TapPathLookup FROM_STATUS = (flow, service) -> {
        List<ConnectPoint> hops = flow.status().path();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i + 1 < hops.size() - 1; i += 2) {
            links.add(DefaultLink.builder().providerId(STATUS_PROVIDER).src(hops.get(i)).dst(hops.get(i + 1))
                              .type(Link.Type.DIRECT).state(Link.State.ACTIVE).build());
        }
        return links;
    };


    /**
     * Returns the links, in order from the source's device to the tap port's device, that
     * the copies of a tap flow cross.
     *
     * @param flow    tap flow
     * @param service the tap service the flow feeds
     * @return links of the mirror path; empty when the copies cross no link
     */
    List<Link> pathLinks(TapFlow flow, TapService service);
}

package org.onosproject.taas.gui;

import org.onosproject.net.Link;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;

import java.util.List;

/**
 * Tells the GUI which links the copies of a tap flow cross on their way to the tap port.
 * The overlay draws these links as the mirror path. An engine that carries copies across
 * switches registers an implementation as an OSGi service; without one the GUI uses
 * {@link #LOCAL_ONLY}.
 */
public interface TapPathLookup {

    /**
     * Mirroring only within a switch: a copy crosses no link, whether source and tap port
     * share a device or not (remote tap services carry no copy until remote mirroring exists).
     */
    TapPathLookup LOCAL_ONLY = (flow, service) -> List.of();

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

package org.onosproject.taas.api;

import org.onosproject.net.ConnectPoint;

/**
 * How much each tap service and tap flow copies, from the switches' counters of the
 * application's rules and groups as the controller last polled them (see {@link TapStats}).
 * Rates are computed by each instance from the samples it has seen, in memory.
 */
public interface TaasStatsService {

    /**
     * Returns what a tap service received: the copies delivered to its tap port.
     *
     * @param id tap service id
     * @return statistics; not sampled for an unknown id or one created since the last sample
     */
    TapStats tapServiceStats(TapServiceId id);

    /**
     * Returns what a tap flow copied to its tap service.
     *
     * @param id tap flow id
     * @return statistics, with the flows it shares counters with; not sampled for an unknown
     *         id or one created since the last sample
     */
    TapStats tapFlowStats(TapFlowId id);

    /**
     * Returns what one source port copies to one tap service, every tap flow from that port
     * to that service together (what the topology overlay labels a source link with).
     *
     * @param source  source port
     * @param service tap service id
     * @return statistics; idle when nothing copies from that port to that service
     */
    TapStats sourceStats(ConnectPoint source, TapServiceId service);
}

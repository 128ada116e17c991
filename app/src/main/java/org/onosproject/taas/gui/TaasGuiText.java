package org.onosproject.taas.gui;

import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStats;
import org.onosproject.taas.api.TapStatus;

import java.util.Comparator;
import java.util.Locale;

/**
 * How the GUI words and orders tap services and tap flows.
 */
final class TaasGuiText {

    /** Filter text of a tap flow that mirrors every frame. */
    static final String ALL_TRAFFIC = "all";

    /** Tap services by name, then id. */
    static final Comparator<TapService> SERVICE_ORDER =
            Comparator.comparing(TapService::name).thenComparing(s -> s.id().toString());

    /** Tap flows by name, then source port, then id. */
    static final Comparator<TapFlow> FLOW_ORDER =
            Comparator.comparing(TapFlow::name)
                    .thenComparing(f -> f.sourcePort().toString())
                    .thenComparing(f -> f.id().toString());

    private TaasGuiText() {
    }

    /**
     * Returns the name of a tap service, or its id when it has no name.
     *
     * @param s tap service
     * @return label
     */
    static String label(TapService s) {
        return s.name().isEmpty() ? s.id().toString() : s.name();
    }

    /**
     * Returns the name of a tap flow, or its id when it has no name.
     *
     * @param f tap flow
     * @return label
     */
    static String label(TapFlow f) {
        return f.name().isEmpty() ? f.id().toString() : f.name();
    }

    /**
     * Returns the VLAN filter of a tap flow in TaaS syntax, or "all".
     *
     * @param f tap flow
     * @return filter text
     */
    static String filter(TapFlow f) {
        return f.vlanFilter().map(v -> "VLAN " + v.format()).orElse(ALL_TRAFFIC);
    }

    /**
     * Returns a state with its reason, such as {@code DOWN (port 3 is down)}.
     *
     * @param status status
     * @return text
     */
    static String status(TapStatus status) {
        return status.reason().isEmpty() ? status.state().name()
                : status.state().name() + " (" + status.reason() + ")";
    }

    /**
     * Describes what a tap flow mirrors and where to, with its status.
     *
     * @param f       tap flow
     * @param service the tap service it feeds, or null if unknown
     * @return text such as {@code of:0000000000000001/1 OUT, VLAN 100 -> analyzer: ACTIVE}
     */
    static String describe(TapFlow f, TapService service) {
        String target = service == null ? f.tapServiceId().toString() : label(service);
        return f.sourcePort() + " " + f.direction() + ", " + filter(f) + " -> " + target
                + ": " + status(f.status());
    }

    /**
     * Describes a tap service: its port and status.
     *
     * @param s       tap service
     * @param flows   number of tap flows feeding it
     * @return text such as {@code of:0000000000000001/3, 2 flows: ACTIVE}
     */
    static String describe(TapService s, int flows) {
        return s.destination() + ", " + flows + (flows == 1 ? " flow" : " flows") + ": " + status(s.status());
    }


    /**
     * Returns the rate of statistics, such as {@code 2.0 pkt/s, 1.6 kbit/s}.
     *
     * @param stats statistics
     * @return text, or empty until two samples exist
     */
    static String rate(TapStats stats) {
        if (stats.packetsPerSecond().isEmpty() || stats.bitsPerSecond().isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "%.1f pkt/s, %s", stats.packetsPerSecond().get(),
                             TapStats.formatBitRate(stats.bitsPerSecond().get()));
    }

    /**
     * A rate as a table cell: sorts by bits per second, reads as {@link #rate(TapStats)}.
     */
    static final class Rate implements Comparable<Rate> {
        private final double bps;
        private final String text;

        /**
         * Returns the rate cell of statistics.
         *
         * @param stats statistics
         * @return cell, or null until two samples exist
         */
        static Rate of(TapStats stats) {
            return stats.bitsPerSecond().isEmpty() ? null : new Rate(stats.bitsPerSecond().get(), rate(stats));
        }

        private Rate(double bps, String text) {
            this.bps = bps;
            this.text = text;
        }

        @Override
        public int compareTo(Rate o) {
            return Double.compare(bps, o.bps);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rate && ((Rate) o).bps == bps;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(bps);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

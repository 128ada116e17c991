package org.onosproject.taas.impl;

import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.TaasStore;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStatus;

/**
 * Writes the statuses the engine decides into the store, only when they change, so that
 * every instance and interface sees them. Every write carries the term of its report
 * ({@link TapStatus#term()}) and never replaces a status reported with a higher term: an
 * instance with a stale view of mastership loses to the current master, whatever the order
 * in which their writes reach the store.
 */
final class TapStatusWriter {

    private final TaasStore store;

    TapStatusWriter(TaasStore store) {
        this.store = store;
    }

    /**
     * Writes BUILD for the port's flows whose rules are being installed, and the other
     * statuses as compiled.
     *
     * @param p    compiled port
     * @param term term of the report
     */
    void writeBuild(CompiledPort p, long term) {
        p.flowStatus().forEach((id, st) -> writeFlow(id, st.state() == TapStatus.State.ACTIVE
                ? TapStatus.build("installing mirror rules on " + p.port().deviceId()) : st, term));
        if (p.serviceStatus() != null) {
            writeService(p.port(), p.serviceStatus(), term);
        }
    }

    /**
     * Writes the statuses as compiled (rules confirmed).
     *
     * @param p    compiled port
     * @param term term of the report
     */
    void writeFinal(CompiledPort p, long term) {
        p.flowStatus().forEach((id, st) -> writeFlow(id, st, term));
        if (p.serviceStatus() != null) {
            writeService(p.port(), p.serviceStatus(), term);
        }
    }

    /**
     * Writes a tap flow's status.
     *
     * @param id   tap flow id
     * @param st   status
     * @param term term of the report
     */
    void writeFlow(TapFlowId id, TapStatus st, long term) {
        TapStatus mine = st.withTerm(term);
        TapFlow current = store.getTapFlow(id);
        if (current != null && replaces(mine, current.status())) {
            store.updateTapFlow(id, f -> replaces(mine, f.status()) ? f.withStatus(mine) : f);
        }
    }

    /**
     * Writes the status of the tap service on a port.
     *
     * @param port tap port
     * @param st   status
     * @param term term of the report
     */
    void writeService(ConnectPoint port, TapStatus st, long term) {
        TapStatus mine = st.withTerm(term);
        TapService current = store.getTapServiceByPort(port);
        if (current != null && replaces(mine, current.status())) {
            store.updateTapService(current.id(), s -> replaces(mine, s.status()) ? s.withStatus(mine) : s);
        }
    }

    // A report replaces a stored status it differs from, unless that was reported later.
    private static boolean replaces(TapStatus report, TapStatus stored) {
        return report.term() >= stored.term() && !report.equals(stored);
    }
}

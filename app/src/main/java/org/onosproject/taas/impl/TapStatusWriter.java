package org.onosproject.taas.impl;

import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.TaasStore;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStatus;

/**
 * Writes the statuses the engine decides into the store, only when they change, so that
 * every instance and interface sees them.
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
     * @param p compiled port
     */
    void writeBuild(CompiledPort p) {
        p.flowStatus().forEach((id, st) -> writeFlow(id, st.state() == TapStatus.State.ACTIVE
                ? TapStatus.build("installing mirror rules on " + p.port().deviceId()) : st));
        if (p.serviceStatus() != null) {
            writeService(p.port(), p.serviceStatus());
        }
    }

    /**
     * Writes the statuses as compiled (rules confirmed).
     *
     * @param p compiled port
     */
    void writeFinal(CompiledPort p) {
        p.flowStatus().forEach(this::writeFlow);
        if (p.serviceStatus() != null) {
            writeService(p.port(), p.serviceStatus());
        }
    }

    /**
     * Writes a tap flow's status.
     *
     * @param id tap flow id
     * @param st status
     */
    void writeFlow(TapFlowId id, TapStatus st) {
        TapFlow current = store.getTapFlow(id);
        if (current != null && !current.status().equals(st)) {
            store.updateTapFlow(id, f -> f.withStatus(st));
        }
    }

    /**
     * Writes the status of the tap service on a port.
     *
     * @param port tap port
     * @param st   status
     */
    void writeService(ConnectPoint port, TapStatus st) {
        TapService current = store.getTapServiceByPort(port);
        if (current != null && !current.status().equals(st)) {
            store.updateTapService(current.id(), s -> s.withStatus(st));
        }
    }
}

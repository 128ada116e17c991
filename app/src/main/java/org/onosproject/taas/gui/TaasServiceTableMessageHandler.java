package org.onosproject.taas.gui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;
import org.onosproject.ui.RequestHandler;
import org.onosproject.ui.UiMessageHandler;
import org.onosproject.ui.table.TableModel;
import org.onosproject.ui.table.TableRequestHandler;
import org.onosproject.ui.table.cell.AbstractCellComparator;
import org.onosproject.ui.table.cell.AbstractCellFormatter;
import org.onosproject.ui.table.cell.ConnectPointFormatter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Message handler of the "Tap Services" table view: the table of tap services (ONOS's
 * TableRequestHandler: sorting is done here) and the details of one service with its tap
 * flows, each with the packets and bytes copied and the rate between the last two samples
 * (from TaasStatsService; empty while not sampled, or without the statistics component).
 */
public class TaasServiceTableMessageHandler extends UiMessageHandler {

    /** Table tag of the view; ONOS's TableBuilderService derives the three names below. */
    static final String TABLE_TAG = "taasService";
    /** Client to server: table data. */
    static final String DATA_REQUEST = TABLE_TAG + "DataRequest";
    /** Server to client: table data. */
    static final String DATA_RESPONSE = TABLE_TAG + "DataResponse";
    /** Field of the table rows in the data response. */
    static final String ROWS = TABLE_TAG + "s";
    /** Client to server: details of one tap service. */
    static final String DETAILS_REQUEST = "taasServiceDetailsRequest";
    /** Server to client: details of one tap service. */
    static final String DETAILS_RESPONSE = "taasServiceDetailsResponse";

    /** Every type the handler accepts. */
    static final Set<String> REQUESTS = ImmutableSet.of(DATA_REQUEST, DETAILS_REQUEST);
    /** Every type the handler sends. */
    static final Set<String> RESPONSES = ImmutableSet.of(DATA_RESPONSE, DETAILS_RESPONSE);

    static final String ID = "id";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String TENANT = "tenant";
    static final String PORT = "port";
    static final String STATUS = "status";
    static final String REASON = "reason";
    static final String FLOWS = "flows";
    static final String SOURCE = "source";
    static final String DIRECTION = "direction";
    static final String FILTER = "filter";
    static final String DETAILS = "details";
    static final String ERROR = "error";
    static final String PACKETS = "packets";
    static final String BYTES = "bytes";
    static final String RATE = "rate";
    static final String SAMPLED = "sampled";
    static final String SHARED = "shared";

    private static final String[] COLUMNS = {ID, NAME, PORT, STATUS, REASON, FLOWS, PACKETS, BYTES, RATE};
    private static final String NO_ROWS = "No tap services";

    private static final Comparator<ConnectPoint> PORT_ORDER =
            Comparator.comparing((ConnectPoint cp) -> cp.deviceId().toString())
                    .thenComparing(cp -> cp.port().toLong());

    @Override
    protected Collection<RequestHandler> createRequestHandlers() {
        return List.of(new DataRequestHandler(), new DetailsRequestHandler());
    }

    private TaasService taas() {
        return get(TaasService.class);
    }

    // the statistics, or null when the application's statistics component does not run
    private TaasStatsService stats() {
        try {
            return get(TaasStatsService.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Long packets(TapStats st) {
        return st == null || st.sampled().isEmpty() ? null : st.packets();
    }

    private static Long bytes(TapStats st) {
        return st == null || st.sampled().isEmpty() ? null : st.bytes();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    // The table of tap services.
    private final class DataRequestHandler extends TableRequestHandler {

        private DataRequestHandler() {
            super(DATA_REQUEST, DATA_RESPONSE, ROWS);
        }

        @Override
        protected String defaultColumnId() {
            return NAME;
        }

        @Override
        protected String[] getColumnIds() {
            return COLUMNS.clone();
        }

        @Override
        protected String noRowsMessage(ObjectNode payload) {
            return NO_ROWS;
        }

        @Override
        protected TableModel createTableModel() {
            TableModel tm = super.createTableModel();
            // the destination: a tap port, or a tunnel's text (tunnels after ports)
            tm.setFormatter(PORT, new AbstractCellFormatter() {
                @Override
                protected String nonNullFormat(Object value) {
                    return value instanceof ConnectPoint ? ConnectPointFormatter.INSTANCE.format(value)
                            : value.toString();
                }
            });
            tm.setComparator(PORT, new AbstractCellComparator() {
                @Override
                protected int nonNullCompare(Object o1, Object o2) {
                    if (!(o1 instanceof ConnectPoint) || !(o2 instanceof ConnectPoint)) {
                        return o1 instanceof ConnectPoint ? -1 : o2 instanceof ConnectPoint ? 1
                                : o1.toString().compareTo(o2.toString());
                    }
                    return PORT_ORDER.compare((ConnectPoint) o1, (ConnectPoint) o2);
                }
            });
            return tm;
        }

        @Override
        protected void populateTable(TableModel tm, ObjectNode payload) {
            TaasService taas = taas();
            TaasStatsService stats = stats();
            for (TapService s : taas.getTapServices()) {
                TapStats st = stats == null ? null : stats.tapServiceStats(s.id());
                tm.addRow()
                        .cell(ID, s.id().toString())
                        .cell(NAME, s.name())
                        .cell(PORT, s.isTunnel() ? s.destination() : s.port())
                        .cell(STATUS, s.status().state().name())
                        .cell(REASON, s.status().reason())
                        .cell(FLOWS, taas.getTapFlows(s.id()).size())
                        .cell(PACKETS, packets(st))
                        .cell(BYTES, bytes(st))
                        .cell(RATE, st == null ? null : TaasGuiText.Rate.of(st));
            }
        }
    }

    // One tap service and its tap flows, for the details panel.
    private final class DetailsRequestHandler extends RequestHandler {

        private DetailsRequestHandler() {
            super(DETAILS_REQUEST);
        }

        @Override
        public void process(ObjectNode payload) {
            String id = payload == null ? null : string(payload, ID, null);
            ObjectNode root = objectNode();
            TapService s = null;
            if (id == null || id.isEmpty()) {
                root.put(ERROR, "id: missing; the details request needs a tap service id");
            } else {
                TapServiceId sid = parse(id);
                s = sid == null ? null : taas().getTapService(sid);
                if (sid == null) {
                    root.put(ERROR, "id: malformed tap service id '" + id + "'; expected a UUID");
                } else if (s == null) {
                    root.put(ERROR, "tap service " + id + " does not exist (removed meanwhile?)");
                }
            }
            if (s != null) {
                root.set(DETAILS, details(s));
            }
            sendMessage(DETAILS_RESPONSE, root);
        }

        private TapServiceId parse(String id) {
            try {
                return TapServiceId.of(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private ObjectNode details(TapService s) {
            TaasStatsService stats = stats();
            ObjectNode d = objectNode()
                    .put(ID, s.id().toString())
                    .put(NAME, s.name())
                    .put(DESCRIPTION, s.description())
                    .put(TENANT, s.tenant())
                    .put(PORT, s.destination())
                    .put(STATUS, s.status().state().name())
                    .put(REASON, s.status().reason());
            putStats(d, stats == null ? null : stats.tapServiceStats(s.id()));
            List<TapFlow> flows = new ArrayList<>(taas().getTapFlows(s.id()));
            flows.sort(TaasGuiText.FLOW_ORDER);
            ArrayNode array = arrayNode();
            for (TapFlow f : flows) {
                ObjectNode row = objectNode()
                        .put(ID, f.id().toString())
                        .put(NAME, f.name())
                        .put(SOURCE, f.sourcePort().toString())
                        .put(DIRECTION, f.direction().name())
                        .put(FILTER, TaasGuiText.filter(f))
                        .put(STATUS, f.status().state().name())
                        .put(REASON, f.status().reason());
                TapStats st = stats == null ? null : stats.tapFlowStats(f.id());
                putStats(row, st);
                row.put(SHARED, st == null ? "" : st.sharedWith().stream().map(this::flowLabel)
                        .collect(Collectors.joining(", ")));
                array.add(row);
            }
            d.set(FLOWS, array);
            return d;
        }

        // packets, bytes, rate and sample time as text; empty while not sampled
        private void putStats(ObjectNode o, TapStats st) {
            o.put(PACKETS, text(packets(st)))
                    .put(BYTES, text(bytes(st)))
                    .put(RATE, st == null ? "" : TaasGuiText.rate(st))
                    .put(SAMPLED, st == null ? "" : st.sampled().map(Object::toString).orElse("not yet"));
        }

        private String flowLabel(TapFlowId id) {
            TapFlow f = taas().getTapFlow(id);
            return f == null ? id.toString() : TaasGuiText.label(f);
        }
    }
}

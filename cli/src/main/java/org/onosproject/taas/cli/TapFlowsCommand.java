package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStats;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Lists tap flows, all or those of one tap service, or shows one.
 */
@Service
@Command(scope = "onos", name = "tap-flows",
        description = "Lists tap flows with their source, direction, VLAN filter, tap service, status and the "
                + "packets and bytes they copied")
public class TapFlowsCommand extends TaasCommand {

    @Option(name = "--tap-service", description = "Only the tap flows of this tap service (id or name)")
    @Completion(TapServiceCompleter.class)
    String service = null;

    @Argument(name = "ID|NAME", description = "Id or name of one tap flow")
    @Completion(TapFlowCompleter.class)
    String flow = null;

    @Override
    protected void perform() {
        TapService only = service == null ? null : tapService(service, "--tap-service");
        if (flow != null) {
            TapFlow f = tapFlow(flow, "ID|NAME");
            if (only != null && !f.tapServiceId().equals(only.id())) {
                throw new CliException("tap flow " + describe(f) + " does not feed tap service "
                        + describe(only));
            }
            if (outputJson()) {
                printJson(json(f, TapFlow.class));
            } else {
                printTable(table(List.of(f)));
                print("description: %s", f.description());
                print("tenant: %s", f.tenant());
                if (!f.status().path().isEmpty()) {
                    print("path: %s", f.status().path().stream().map(Object::toString)
                            .collect(Collectors.joining(" -> ")));
                }
                TaasStatsService stats = stats();
                if (stats != null) {
                    TapStats st = stats.tapFlowStats(f.id());
                    print("copied: %s", describeCounters(st));
                    if (!st.sharedWith().isEmpty()) {
                        print("shared with: %s (the switch counts their copies together with this flow's)",
                              st.sharedWith().stream().map(this::describeFlow).collect(Collectors.joining(", ")));
                    }
                }
            }
            return;
        }
        Collection<TapFlow> selected = only == null ? taas().getTapFlows() : taas().getTapFlows(only.id());
        List<TapFlow> sorted = selected.stream().sorted(FLOW_ORDER).collect(Collectors.toList());
        if (outputJson()) {
            printJson(json(TAP_FLOWS, sorted, TapFlow.class));
        } else if (sorted.isEmpty()) {
            print(only == null ? "No tap flows" : "No tap flows feed tap service " + describe(only));
        } else {
            TextTable t = table(sorted);
            printTable(t);
            if (shared) {
                print("%s", SHARED_NOTE);
            }
        }
    }

    private boolean shared;

    private TextTable table(List<TapFlow> flows) {
        TaasStatsService stats = stats();
        TextTable t = new TextTable("ID", "NAME", "SOURCE", "DIRECTION", "FILTER", "SERVICE", "STATUS",
                                    "PACKETS", "BYTES", "REASON");
        shared = false;
        flows.forEach(f -> {
            TapStats st = stats == null ? null : stats.tapFlowStats(f.id());
            shared |= st != null && st.sampled().isPresent() && !st.sharedWith().isEmpty();
            t.row(f.id(), f.name(), f.sourcePort(), f.direction(), f.vlanFilter().map(Object::toString).orElse("all"),
                  f.tapServiceId(), f.status().state(), counterCell(st, st == null ? 0 : st.packets()),
                  counterCell(st, st == null ? 0 : st.bytes()), f.status().reason());
        });
        return t;
    }

    private String describeFlow(TapFlowId id) {
        TapFlow f = taas().getTapFlow(id);
        return f == null ? id.toString() : describe(f);
    }
}

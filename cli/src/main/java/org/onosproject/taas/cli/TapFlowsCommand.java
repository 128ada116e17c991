package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Lists tap flows, all or those of one tap service, or shows one.
 */
@Service
@Command(scope = "onos", name = "tap-flows",
        description = "Lists tap flows with their source, direction, VLAN filter, tap service and status")
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
            printTable(table(sorted));
        }
    }

    private static TextTable table(List<TapFlow> flows) {
        TextTable t = new TextTable("ID", "NAME", "SOURCE", "DIRECTION", "FILTER", "SERVICE", "STATUS", "REASON");
        flows.forEach(f -> t.row(f.id(), f.name(), f.sourcePort(), f.direction(),
                                 f.vlanFilter().map(Object::toString).orElse("all"), f.tapServiceId(),
                                 f.status().state(), f.status().reason()));
        return t;
    }
}

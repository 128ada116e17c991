package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStats;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Lists tap services, or shows one.
 */
@Service
@Command(scope = "onos", name = "tap-services",
        description = "Lists tap services with their destination (port or tunnel), "
                + "status, number of tap flows and the packets "
                + "and bytes delivered to the tap port")
public class TapServicesCommand extends TaasCommand {

    @Argument(name = "ID|NAME", description = "Id or name of one tap service")
    @Completion(TapServiceCompleter.class)
    String service = null;

    @Override
    protected void perform() {
        if (service != null) {
            TapService s = tapService(service, "ID|NAME");
            if (outputJson()) {
                printJson(json(s, TapService.class));
            } else {
                printTable(table(List.of(s)));
                print("description: %s", s.description());
                print("tenant: %s", s.tenant());
                s.transportVlan().ifPresent(v -> print("transport VLAN: %d", v));
                TaasStatsService stats = stats();
                if (stats != null) {
                    print("received: %s", describeCounters(stats.tapServiceStats(s.id())));
                }
            }
            return;
        }
        List<TapService> all = taas().getTapServices().stream().sorted(SERVICE_ORDER)
                .collect(Collectors.toList());
        if (outputJson()) {
            printJson(json(TAP_SERVICES, all, TapService.class));
        } else if (all.isEmpty()) {
            print("No tap services");
        } else {
            printTable(table(all));
        }
    }

    private TextTable table(List<TapService> services) {
        TaasService taas = taas();
        TaasStatsService stats = stats();
        TextTable t = new TextTable("ID", "NAME", "DESTINATION", "STATUS", "FLOWS", "PACKETS", "BYTES", "REASON");
        services.forEach(s -> {
            TapStats st = stats == null ? null : stats.tapServiceStats(s.id());
            t.row(s.id(), s.name(), s.destination(), s.status().state(), taas.getTapFlows(s.id()).size(),
                  counterCell(st, st == null ? 0 : st.packets()), counterCell(st, st == null ? 0 : st.bytes()),
                  s.status().reason());
        });
        return t;
    }
}

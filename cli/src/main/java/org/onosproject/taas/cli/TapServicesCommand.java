package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapService;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Lists tap services, or shows one.
 */
@Service
@Command(scope = "onos", name = "tap-services",
        description = "Lists tap services with their port, status and number of tap flows")
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
        TextTable t = new TextTable("ID", "NAME", "PORT", "STATUS", "FLOWS", "REASON");
        services.forEach(s -> t.row(s.id(), s.name(), s.port(), s.status().state(),
                                    taas.getTapFlows(s.id()).size(), s.status().reason()));
        return t;
    }
}

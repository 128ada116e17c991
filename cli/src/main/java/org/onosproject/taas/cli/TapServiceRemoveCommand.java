package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes tap services and the tap flows that feed them.
 */
@Service
@Command(scope = "onos", name = "tap-service-remove",
        description = "Removes tap services and the tap flows that feed them")
public class TapServiceRemoveCommand extends TaasCommand {

    @Argument(name = "ID|NAME", description = "Ids or names of the tap services",
            required = true, multiValued = true)
    @Completion(TapServiceCompleter.class)
    List<String> services = null;

    @Override
    protected void perform() {
        if (services == null || services.isEmpty()) {
            throw new CliException("ID|NAME: give the id or name of at least one tap service");
        }
        // Resolve every argument first, so that a bad one removes nothing.
        Map<TapServiceId, TapService> targets = new LinkedHashMap<>();
        for (String s : services) {
            TapService found = tapService(s, "ID|NAME");
            targets.put(found.id(), found);
        }
        for (TapService s : targets.values()) {
            int flows = taas().getTapFlows(s.id()).size();
            admin().removeTapService(s.id());
            print("Removed tap service %s and its %d tap flow%s", describe(s), flows, flows == 1 ? "" : "s");
        }
    }
}

package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes tap flows.
 */
@Service
@Command(scope = "onos", name = "tap-flow-remove", description = "Removes tap flows")
public class TapFlowRemoveCommand extends TaasCommand {

    @Argument(name = "ID|NAME", description = "Ids or names of the tap flows",
            required = true, multiValued = true)
    @Completion(TapFlowCompleter.class)
    List<String> flows = null;

    @Override
    protected void perform() {
        if (flows == null || flows.isEmpty()) {
            throw new CliException("ID|NAME: give the id or name of at least one tap flow");
        }
        // Resolve every argument first, so that a bad one removes nothing.
        Map<TapFlowId, TapFlow> targets = new LinkedHashMap<>();
        for (String f : flows) {
            TapFlow found = tapFlow(f, "ID|NAME");
            targets.put(found.id(), found);
        }
        for (TapFlow f : targets.values()) {
            admin().removeTapFlow(f.id());
            print("Removed tap flow %s", describe(f));
        }
    }
}

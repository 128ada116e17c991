package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.taas.api.TapService;

/**
 * Renames a tap service or changes its description. Its port cannot change.
 */
@Service
@Command(scope = "onos", name = "tap-service-update",
        description = "Changes the name or description of a tap service")
public class TapServiceUpdateCommand extends TaasCommand {

    @Argument(name = "ID|NAME", description = "Id or name of the tap service", required = true)
    @Completion(TapServiceCompleter.class)
    String service = null;

    @Option(name = "--name", description = "New name")
    String name = null;

    @Option(name = "--description", description = "New description")
    String description = null;

    @Override
    protected void perform() {
        if (name == null && description == null) {
            throw new CliException("nothing to update: give --name and/or --description");
        }
        TapService current = tapService(service, "ID|NAME");
        TapService.Builder b = current.toBuilder();
        if (name != null) {
            b.name(name);
        }
        if (description != null) {
            b.description(description);
        }
        TapService updated = admin().updateTapService(b.build());
        if (outputJson()) {
            printJson(json(updated, TapService.class));
        } else {
            print("Updated tap service %s", describe(updated));
        }
    }
}

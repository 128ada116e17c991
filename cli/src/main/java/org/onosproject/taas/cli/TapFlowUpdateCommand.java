package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.taas.api.TapFlow;

/**
 * Changes a tap flow in place: name, description, direction and VLAN filter.
 */
@Service
@Command(scope = "onos", name = "tap-flow-update",
        description = "Changes the name, description, direction or VLAN filter of a tap flow")
public class TapFlowUpdateCommand extends TaasCommand {

    @Argument(name = "ID|NAME", description = "Id or name of the tap flow", required = true)
    @Completion(TapFlowCompleter.class)
    String flow = null;

    @Option(name = "--name", description = "New name")
    String name = null;

    @Option(name = "--description", description = "New description")
    String description = null;

    @Option(name = "--direction", description = "New direction: IN, OUT or BOTH")
    @Completion(DirectionCompleter.class)
    String direction = null;

    @Option(name = "--vlan-filter", description = "New VLAN filter, such as 9,18,27-36")
    String vlanFilter = null;

    @Option(name = "--no-vlan-filter", description = "Remove the VLAN filter: mirror every frame")
    boolean noVlanFilter = false;

    @Override
    protected void perform() {
        if (vlanFilter != null && noVlanFilter) {
            throw new CliException("--vlan-filter and --no-vlan-filter cannot be used together");
        }
        if (name == null && description == null && direction == null && vlanFilter == null && !noVlanFilter) {
            throw new CliException("nothing to update: give --name, --description, --direction, "
                    + "--vlan-filter or --no-vlan-filter");
        }
        TapFlow.Builder b = tapFlow(flow, "ID|NAME").toBuilder();
        if (name != null) {
            b.name(name);
        }
        if (description != null) {
            b.description(description);
        }
        if (direction != null) {
            b.direction(direction(direction, "--direction"));
        }
        if (vlanFilter != null) {
            b.vlanFilter(vlanFilter(vlanFilter, "--vlan-filter"));
        }
        if (noVlanFilter) {
            b.vlanFilter(null);
        }
        TapFlow updated = admin().updateTapFlow(b.build());
        if (outputJson()) {
            printJson(json(updated, TapFlow.class));
        } else {
            print("Updated tap flow %s: %s of %s, VLAN filter %s, status %s", describe(updated),
                  updated.direction(), updated.sourcePort(),
                  updated.vlanFilter().map(Object::toString).orElse("none"), updated.status().state());
        }
    }
}

package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.cli.net.ConnectPointCompleter;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;

/**
 * Creates a tap service: the port where an analyzer receives mirrored copies.
 */
@Service
@Command(scope = "onos", name = "tap-service-add",
        description = "Creates a tap service: the port that receives mirrored copies")
public class TapServiceAddCommand extends TaasCommand {

    @Option(name = "--name", description = "Name of the tap service", required = true)
    String name = null;

    @Option(name = "--description", description = "Description of the tap service")
    String description = null;

    @Option(name = "--tenant", description = "Tenant owning the tap service (free text)")
    String tenant = null;

    @Option(name = "--port", description = "Connect point that receives the copies, such as "
            + CONNECT_POINT_EXAMPLE, required = true)
    @Completion(ConnectPointCompleter.class)
    String port = null;

    @Override
    protected void perform() {
        TapService request = TapService.builder()
                .id(TapServiceId.random())
                .name(required(name, "--name", "a name for the tap service"))
                .description(description)
                .tenant(tenant)
                .port(connectPoint(port, "--port"))
                .build();
        TapService created = admin().createTapService(request);
        if (outputJson()) {
            printJson(json(created, TapService.class));
        } else {
            print("Created tap service %s on %s, status %s", describe(created), created.port(),
                  created.status().state());
        }
    }
}

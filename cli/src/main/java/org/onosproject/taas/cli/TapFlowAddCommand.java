package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.cli.net.ConnectPointCompleter;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;

/**
 * Creates a tap flow: mirrors the traffic of a source port to a tap service.
 */
@Service
@Command(scope = "onos", name = "tap-flow-add",
        description = "Creates a tap flow: mirrors a source port's traffic to a tap service")
public class TapFlowAddCommand extends TaasCommand {

    @Option(name = "--name", description = "Name of the tap flow", required = true)
    String name = null;

    @Option(name = "--description", description = "Description of the tap flow")
    String description = null;

    @Option(name = "--tenant", description = "Tenant owning the tap flow (free text)")
    String tenant = null;

    @Option(name = "--port", description = "Source connect point whose traffic is mirrored, such as "
            + CONNECT_POINT_EXAMPLE, required = true)
    @Completion(ConnectPointCompleter.class)
    String port = null;

    @Option(name = "--tap-service", description = "Id or name of the tap service that receives the copies",
            required = true)
    @Completion(TapServiceCompleter.class)
    String service = null;

    @Option(name = "--direction", description = "IN (frames delivered to the host on the port), "
            + "OUT (frames it sends) or BOTH", required = true)
    @Completion(DirectionCompleter.class)
    String direction = null;

    @Option(name = "--vlan-filter", description = "VLAN ids and ranges to mirror, such as 9,18,27-36 "
            + "(0 = untagged); default: every frame")
    String vlanFilter = null;

    @Override
    protected void perform() {
        TapFlow request = TapFlow.builder()
                .id(TapFlowId.random())
                .name(required(name, "--name", "a name for the tap flow"))
                .description(description)
                .tenant(tenant)
                .sourcePort(connectPoint(port, "--port"))
                .direction(direction(direction, "--direction"))
                .vlanFilter(vlanFilter == null ? null : vlanFilter(vlanFilter, "--vlan-filter"))
                .tapServiceId(tapService(required(service, "--tap-service",
                                                  "the id or name of a tap service"), "--tap-service").id())
                .build();
        TapFlow created = admin().createTapFlow(request);
        if (outputJson()) {
            printJson(json(created, TapFlow.class));
        } else {
            print("Created tap flow %s: %s of %s to tap service %s, VLAN filter %s, status %s",
                  describe(created), created.direction(), created.sourcePort(), created.tapServiceId(),
                  created.vlanFilter().map(Object::toString).orElse("none"), created.status().state());
        }
    }
}

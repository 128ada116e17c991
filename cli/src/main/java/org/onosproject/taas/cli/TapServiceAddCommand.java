package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.onosproject.cli.net.ConnectPointCompleter;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapTunnel;
import org.onlab.packet.IpAddress;

/**
 * Creates a tap service: the port where an analyzer receives mirrored copies, or a GRE or
 * ERSPAN tunnel to a remote collector.
 */
@Service
@Command(scope = "onos", name = "tap-service-add",
        description = "Creates a tap service: the port that receives mirrored copies (--port), or a GRE or "
                + "ERSPAN tunnel to a remote collector (--tunnel-type, --remote-ip, --in-key, --out-key)")
public class TapServiceAddCommand extends TaasCommand {

    @Option(name = "--name", description = "Name of the tap service", required = true)
    String name = null;

    @Option(name = "--description", description = "Description of the tap service")
    String description = null;

    @Option(name = "--tenant", description = "Tenant owning the tap service (free text)")
    String tenant = null;

    @Option(name = "--port", description = "Connect point that receives the copies, such as "
            + CONNECT_POINT_EXAMPLE + " (or a tunnel: --tunnel-type ...)")
    @Completion(ConnectPointCompleter.class)
    String port = null;

    @Option(name = "--tunnel-type", description = "Send the copies through a tunnel instead: gre or erspan "
            + "(ERSPAN type II)")
    @Completion(TunnelTypeCompleter.class)
    String tunnelType = null;

    @Option(name = "--remote-ip", description = "IPv4 address of the collector at the tunnel's end")
    String remoteIp = null;

    @Option(name = "--in-key", description = "GRE key (0..4294967295) or ERSPAN session id (0..1023) of IN "
            + "copies")
    String inKey = null;

    @Option(name = "--out-key", description = "GRE key or ERSPAN session id of OUT copies")
    String outKey = null;

    @Override
    protected void perform() {
        TapService.Builder b = TapService.builder()
                .id(TapServiceId.random())
                .name(required(name, "--name", "a name for the tap service"))
                .description(description)
                .tenant(tenant);
        boolean tunnel = tunnelType != null || remoteIp != null || inKey != null || outKey != null;
        if (tunnel && port != null) {
            throw new CliException("--port and --" + (tunnelType != null ? "tunnel-type" : remoteIp != null
                    ? "remote-ip" : inKey != null ? "in-key" : "out-key")
                    + ": a tap service sends its copies to a port or through a tunnel, not both");
        }
        if (tunnel) {
            b.tunnel(tunnel());
        } else if (port == null) {
            throw new CliException("--port is required: give a connect point such as " + CONNECT_POINT_EXAMPLE
                    + ", or a tunnel (--tunnel-type, --remote-ip, --in-key, --out-key)");
        } else {
            b.port(connectPoint(port, "--port"));
        }
        TapService request = b.build();
        TapService created = admin().createTapService(request);
        if (outputJson()) {
            printJson(json(created, TapService.class));
        } else {
            print("Created tap service %s on %s, status %s", describe(created), created.destination(),
                  created.status().state());
        }
    }

    private TapTunnel tunnel() {
        TapTunnel.Type type;
        IpAddress ip;
        try {
            type = TapTunnel.Type.parse(required(tunnelType, "--tunnel-type", "gre or erspan"));
        } catch (IllegalArgumentException e) {
            throw new CliException("--tunnel-type: " + e.getMessage());
        }
        try {
            ip = TapTunnel.parseIp(required(remoteIp, "--remote-ip", "the collector's IPv4 address"));
        } catch (IllegalArgumentException e) {
            throw new CliException("--remote-ip: " + e.getMessage());
        }
        String range = (type == TapTunnel.Type.GRE ? "a GRE key" : "an ERSPAN session id") + " 0.." + type.maxKey();
        return TapTunnel.builder().type(type).remoteIp(ip)
                .inKey(key(inKey, "--in-key", range)).outKey(key(outKey, "--out-key", range)).build();
    }

    private static long key(String text, String option, String range) {
        String t = required(text, option, range).trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new CliException(option + ": '" + t + "' is not a number; give " + range);
        }
    }
}

package org.onosproject.taas.cli;

import org.junit.Test;
import org.onlab.packet.IpAddress;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapStatus;
import org.onosproject.taas.api.TapTunnel;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * tap-service-add with a tunnel (--tunnel-type, --remote-ip, --in-key, --out-key), its
 * refusals, and tap-services showing the tunnel as the destination.
 */
public class TunnelServiceCommandsTest extends CliTestBase {

    private static TapServiceAddCommand add(String type, String ip, String in, String out) {
        TapServiceAddCommand c = new TapServiceAddCommand();
        c.name = "ids";
        c.tunnelType = type;
        c.remoteIp = ip;
        c.inKey = in;
        c.outKey = out;
        return c;
    }

    private void refused(TapServiceAddCommand c, String prefix) {
        run(c);
        assertOneError(prefix);
        assertThat(manager.getTapServices(), empty());
    }

    @Test
    public void addCreatesTheIssuesExample() {
        run(add("erspan", "192.0.2.9", "101", "102"));
        assertNoError();
        assertThat(manager.getTapServices(), hasSize(1));
        TapService s = manager.getTapServices().iterator().next();
        assertThat(s.tunnel().get(), is(TapTunnel.builder().type(TapTunnel.Type.ERSPAN)
                .remoteIp(IpAddress.valueOf("192.0.2.9")).inKey(101).outKey(102).build()));
        assertThat(s.port() == null, is(true));
        assertThat(s.status().state(), is(TapStatus.State.ACTIVE));
        assertThat(outLines(), contains("Created tap service " + s.id() + " (ids) on erspan 192.0.2.9 in-key 101"
                + " out-key 102, status ACTIVE"));
    }

    @Test
    public void listShowsTheTunnelAsDestination() {
        run(add("GRE", "192.0.2.9", "1", "2"));
        run(new TapServicesCommand());
        assertNoError();
        List<String> lines = outLines();
        assertThat(lines.get(1), containsString("gre 192.0.2.9 in-key 1 out-key 2"));
    }

    @Test
    public void badInputIsRefusedNamingTheOption() {
        refused(add("vxlan", "192.0.2.9", "1", "2"), "--tunnel-type: invalid tunnel type 'vxlan': expected one of"
                + " [gre, erspan]");
        refused(add(null, "192.0.2.9", "1", "2"), "--tunnel-type is required: give gre or erspan");
        refused(add("gre", null, "1", "2"), "--remote-ip is required");
        refused(add("gre", "collector", "1", "2"), "--remote-ip: invalid IP address 'collector'");
        refused(add("gre", "2001:db8::9", "1", "2"), "remoteIp 2001:db8::9: only IPv4 collectors are supported");
        refused(add("gre", "192.0.2.9", "x1", "2"), "--in-key: 'x1' is not a number; give a GRE key 0..4294967295");
        refused(add("erspan", "192.0.2.9", "1", null), "--out-key is required: give an ERSPAN session id 0..1023");
        refused(add("erspan", "192.0.2.9", "1", "1024"), "outKey 1024 is out of range: an ERSPAN session id is"
                + " 0..1023");
        refused(add("gre", "192.0.2.9", "4294967296", "2"), "inKey 4294967296 is out of range");
    }

    @Test
    public void portAndTunnelTogetherAreRefused() {
        TapServiceAddCommand c = add(null, "192.0.2.9", null, null);
        c.port = "of:0000000000000002/1";
        refused(c, "--port and --remote-ip: a tap service sends its copies to a port or through a tunnel, not"
                + " both");
    }
}

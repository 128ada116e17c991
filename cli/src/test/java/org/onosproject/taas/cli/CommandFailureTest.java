package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.ShellUtil;
import org.junit.Test;
import org.onlab.osgi.ServiceDirectory;
import org.onlab.osgi.ServiceNotFoundException;
import org.onosproject.codec.CodecService;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

/**
 * A failing command throws out of its execution, so that Karaf prints
 * "Error executing command: MESSAGE" and a command run over ssh ends with exit status 1
 * (Karaf's ssh server sets status 1 for any exception and 0 otherwise, and may lose what a
 * command wrote on its error output).
 */
public class CommandFailureTest extends CliTestBase {

    private static final String BAD_PORT = "of:0000000000000002";

    private static TapServiceAddCommand addOnBadPort() {
        TapServiceAddCommand c = new TapServiceAddCommand();
        c.name = "analyzer";
        c.port = BAD_PORT;
        return c;
    }

    @Test
    public void failingCommandThrowsAndPrintsNothing() {
        run(addOnBadPort());
        assertThat(failure(), instanceOf(CliException.class));
        assertThat(failure().getMessage(), is("--port: malformed connect point '" + BAD_PORT
                + "'; expected deviceId/portNumber such as of:0000000000000001/3"));
        assertThat("stdout", out(), is(""));
        assertThat("stderr", err(), is(""));
        assertThat(manager.getTapServices(), empty());
    }

    @Test
    public void refusalOfTheApplicationIsThrownAsIs() {
        service("first", DST);
        TapServiceAddCommand c = new TapServiceAddCommand();
        c.name = "second";
        c.port = DST.toString();
        run(c);
        assertThat(failure(), instanceOf(org.onosproject.taas.api.TaasException.class));
        assertThat(out(), is(""));
        assertThat(err(), is(""));
    }

    @Test
    public void karafPrintsTheMessageAfterItsPrefix() {
        run(addOnBadPort());
        // what Karaf 4.2's ssh server does with the exception: ShellUtil.logException prints on
        // the session's console (the ssh channel's output), then exit status 1
        assertThat(karafPrints(failure()), is("Error executing command: " + failure().getMessage() + "\n"));
    }

    @Test
    public void missingServiceIsThrownNotSwallowed() {
        // AbstractShellCommand.execute() catches ServiceNotFoundException, prints it on the
        // error output and ends normally: the command turns it into a failure
        directory = new ServiceDirectory() {
            @Override
            public <T> T get(Class<T> serviceClass) {
                if (serviceClass == CodecService.class) {
                    return serviceClass.cast(codecs);
                }
                // as DefaultServiceDirectory says it inside ONOS
                throw new ServiceNotFoundException("Service " + serviceClass.getName() + " not found");
            }
        };
        run(new TapServicesCommand());
        assertThat(failure(), instanceOf(CliException.class));
        assertThat(failure().getMessage(), is("Service org.onosproject.taas.api.TaasService not found; "
                + "is the org.onosproject.taas application active?"));
        assertThat(out(), is(""));
        assertThat(err(), is(""));
    }

    /**
     * Returns what Karaf's ShellUtil.logException prints for an exception, without colours.
     */
    private static String karafPrints(Throwable t) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8);
        Session session = (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(), new Class<?>[]{Session.class},
                (p, m, a) -> "getConsole".equals(m.getName()) ? ps : null);
        ShellUtil.logException(session, t);
        return console.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;]*m", "");
    }
}

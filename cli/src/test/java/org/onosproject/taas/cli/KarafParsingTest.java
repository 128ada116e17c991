package org.onosproject.taas.cli;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Test;
import org.onlab.junit.TestUtils;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.fail;

/**
 * Checks that Karaf's own option parser fills the commands' fields from a command line as
 * docs/cli.md shows it.
 */
public class KarafParsingTest {

    // Karaf asks the session only for display settings; answer null to everything.
    private static final Session SESSION = (Session) Proxy.newProxyInstance(
            Session.class.getClassLoader(), new Class<?>[]{Session.class}, (p, m, a) -> null);

    private static <T extends Action> T parse(T action, String... words) throws Exception {
        List<Object> args = new ArrayList<>(Arrays.asList(words));
        assertThat(new DefaultActionPreparator().prepare(action, SESSION, args), is(true));
        return action;
    }

    @Test
    public void tapFlowAddOptions() throws Exception {
        TapFlowAddCommand c = parse(new TapFlowAddCommand(), "--name", "h1-both", "--port",
                                    "of:0000000000000001/1", "--tap-service", "analyzer",
                                    "--direction", "BOTH", "--vlan-filter", "9,18,27-36",
                                    "--description", "d", "--tenant", "t");
        assertThat(c.name, is("h1-both"));
        assertThat(c.port, is("of:0000000000000001/1"));
        assertThat(c.service, is("analyzer"));
        assertThat(c.direction, is("BOTH"));
        assertThat(c.vlanFilter, is("9,18,27-36"));
        assertThat(c.description, is("d"));
        assertThat(c.tenant, is("t"));
    }

    @Test
    public void tapServiceAddOptionsAndJson() throws Exception {
        TapServiceAddCommand c = parse(new TapServiceAddCommand(), "--name", "analyzer", "--port",
                                       "of:0000000000000002/1", "-j");
        assertThat(c.name, is("analyzer"));
        assertThat(c.port, is("of:0000000000000002/1"));
        assertThat(TestUtils.getField(c, "json"), is(true));
    }

    @Test
    public void requiredOptionsAreEnforcedByKaraf() throws Exception {
        try {
            parse(new TapFlowAddCommand(), "--name", "web", "--tap-service", "analyzer", "--direction", "IN");
            fail("a missing --port must be refused");
        } catch (Exception e) {
            assertThat(e.getMessage().contains("--port"), is(true));
        }
    }

    @Test
    public void karafWantsOptionsBeforeArguments() throws Exception {
        try {
            parse(new TapServiceUpdateCommand(), "analyzer", "--name", "ids");
            fail("Karaf stops reading options at the first argument");
        } catch (Exception e) {
            assertThat(e.getMessage().contains("Too many arguments"), is(true));
        }
    }

    @Test
    public void updateAndListArguments() throws Exception {
        TapFlowUpdateCommand u = parse(new TapFlowUpdateCommand(), "--no-vlan-filter",
                                       "--direction", "in", "h1-both");
        assertThat(u.flow, is("h1-both"));
        assertThat(u.noVlanFilter, is(true));
        assertThat(u.direction, is("in"));

        TapFlowsCommand l = parse(new TapFlowsCommand(), "--tap-service", "analyzer", "h1-both");
        assertThat(l.service, is("analyzer"));
        assertThat(l.flow, is("h1-both"));

        TapServiceRemoveCommand r = parse(new TapServiceRemoveCommand(), "a", "b", "c");
        assertThat(r.services, is(List.of("a", "b", "c")));
        TapFlowRemoveCommand fr = parse(new TapFlowRemoveCommand(), "x");
        assertThat(fr.flows, is(List.of("x")));
        TapServiceUpdateCommand su = parse(new TapServiceUpdateCommand(), "--name", "ids", "analyzer");
        assertThat(su.service, is("analyzer"));
        assertThat(su.name, is("ids"));
        TapServicesCommand ls = parse(new TapServicesCommand(), "analyzer");
        assertThat(ls.service, is("analyzer"));
    }
}

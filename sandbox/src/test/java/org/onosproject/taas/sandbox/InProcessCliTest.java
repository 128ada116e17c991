package org.onosproject.taas.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.apache.karaf.shell.support.ShellUtil;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.cli.TapFlowAddCommand;
import org.onosproject.taas.impl.TaasManager;
import org.onosproject.taas.impl.TaasTestFixture;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The in-process CLI against a real TaasManager: the cli bundle's commands, parsed by Karaf's
 * own parser, with Karaf's error texts and exit statuses.
 */
public class InProcessCliTest {

    private static final String DST = "of:0000000000000002/1";
    private static final String DST2 = "of:0000000000000002/2";
    private static final String SRC = "of:0000000000000001/1";

    private final ObjectMapper mapper = new ObjectMapper();
    private TaasTestFixture fixture;
    private TaasManager manager;
    private InProcessCli cli;

    @Before
    public void setUp() {
        fixture = new TaasTestFixture();
        manager = fixture.manager();
        cli = new InProcessCli(manager, manager);
    }

    @After
    public void tearDown() {
        fixture.tearDown();
    }

    private CliResult ok(String line) {
        CliResult r = cli.run(line);
        assertEquals(line + " -> " + r, 0, r.status());
        return r;
    }

    private TapService only() {
        assertEquals(1, manager.getTapServices().size());
        return manager.getTapServices().iterator().next();
    }

    @Test
    public void findsEveryCommandOfTheCliBundle() {
        assertEquals(List.of("tap-flow-add", "tap-flow-remove", "tap-flow-update", "tap-flows",
                             "tap-service-add", "tap-service-remove", "tap-service-update", "tap-services"),
                     cli.commandNames());
    }

    @Test
    public void createThenListingShowsIt() {
        CliResult created = ok("tap-service-add --name analyzer --port " + DST);
        TapService s = only();
        assertEquals("Created tap service " + s.id() + " (analyzer) on " + DST + ", status BUILD\n",
                     created.output());

        String[] lines = ok("tap-services").output().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0], lines[0].startsWith("ID "));
        assertTrue(lines[1], lines[1].startsWith(s.id() + "  analyzer  " + DST + "  BUILD"));

        ok("tap-flow-add --name web --port " + SRC + " --tap-service analyzer --direction both");
        String flows = ok("onos:tap-flows --tap-service analyzer").output();
        assertTrue(flows, flows.contains("web"));
        assertTrue(flows, flows.contains(SRC));
    }

    @Test
    public void jsonOutputIsJson() throws Exception {
        JsonNode created = mapper.readTree(ok("tap-service-add -j --name analyzer --port " + DST).output());
        assertEquals(only().id().toString(), created.get("id").asText());
        assertEquals("analyzer", created.get("name").asText());
        assertEquals(DST, created.get("port").asText());

        JsonNode listing = mapper.readTree(ok("tap-services -j").output());
        assertEquals(1, listing.get("tapServices").size());
        assertEquals("analyzer", listing.get("tapServices").get(0).get("name").asText());
        assertEquals("BUILD", listing.get("tapServices").get(0).get("status").asText());
    }

    @Test
    public void refusedCreateFailsWithKarafsTextAndCreatesNothing() {
        CliResult r = cli.run("tap-service-add --name analyzer --port of:0000000000000002");
        assertEquals(1, r.status());
        assertEquals("Error executing command: --port: malformed connect point 'of:0000000000000002'; "
                             + "expected deviceId/portNumber such as of:0000000000000001/3\n", r.output());
        assertTrue(manager.getTapServices().isEmpty());

        ok("tap-service-add --name analyzer --port " + DST);
        TapService first = only();
        r = cli.run("tap-service-add --name second --port " + DST);
        assertEquals(1, r.status());
        assertTrue(r.output(), r.output().startsWith("Error executing command: port " + DST
                + " is already the port of tap service " + first.id()));
        assertEquals(1, r.output().split("\n").length);
        assertEquals(first, only());
    }

    @Test
    public void quotesKeepWordsTogether() {
        ok("tap-service-add --name analyzer --description \"two words\" --tenant 'blue  team' --port " + DST);
        TapService s = only();
        assertEquals("two words", s.description());
        assertEquals("blue  team", s.tenant());

        ok("tap-service-update --name \"my analyzer\" " + s.id());
        assertEquals("my analyzer", manager.getTapService(s.id()).name());
        String shown = ok("tap-services 'my analyzer'").output();
        assertTrue(shown, shown.contains("description: two words"));
    }

    @Test
    public void unknownCommand() {
        assertEquals(new CliResult(1, "Command not found: tap-foo\n"), cli.run("tap-foo --name x"));
        assertEquals(new CliResult(1, "Command not found: onos:nothing\n"), cli.run("onos:nothing"));
    }

    @Test
    public void missingRequiredOption() {
        assertEquals(new CliResult(1, "Error executing command onos:tap-flow-add: "
                             + "option --port is required\n"),
                     cli.run("tap-flow-add --name web --tap-service analyzer --direction IN"));
        // tap-service-add needs a port or a tunnel: its own check, not Karaf's
        assertEquals(new CliResult(1, "Error executing command: --port is required: give a connect point such as "
                             + "of:0000000000000001/3, or a tunnel (--tunnel-type, --remote-ip, --in-key,"
                             + " --out-key)\n"),
                     cli.run("tap-service-add --name analyzer"));
        assertTrue(manager.getTapServices().isEmpty());
        assertEquals(new CliResult(1, "Error executing command onos:tap-service-remove: "
                             + "argument ID|NAME is required\n"),
                     cli.run("tap-service-remove"));
    }

    @Test
    public void otherParserErrors() {
        assertEquals(new CliResult(1, "Error executing command onos:tap-services: undefined option --bogus\n"
                             + "Try <command> --help' for more information.\n"),
                     cli.run("tap-services --bogus"));
        assertEquals(new CliResult(1, "Error executing command onos:tap-service-update: "
                             + "too many arguments specified\n"),
                     cli.run("tap-service-update analyzer --name ids"));
        assertEquals(new CliResult(1, "Error executing command onos:tap-service-add: "
                             + "missing value for option --port\n"),
                     cli.run("tap-service-add --name analyzer --port"));
    }

    @Test
    public void helpIsKarafsUsage() {
        CliResult r = ok("tap-service-add --help");
        assertTrue(r.output(), r.output().contains("--port"));
        assertTrue(r.output(), r.output().contains("tap-service-add"));
        assertTrue(manager.getTapServices().isEmpty());
    }

    @Test
    public void emptyLineDoesNothing() {
        assertEquals(new CliResult(0, ""), cli.run("   "));
    }

    @Test
    public void shellSyntaxThatIsNotReproducedIsRefused() {
        // Karaf's shell expands $ and %( ), and refuses any other %, even in double quotes
        for (String line : List.of("tap-services | grep x", "tap-services; tap-flows", "tap-services $x",
                                   "tap-services *", "tap-service-add --name \"a$b\" --port " + DST,
                                   "tap-services > file", "# comment",
                                   "tap-service-add --name \"50%\" --port " + DST)) {
            CliResult r = cli.run(line);
            assertEquals(line, 1, r.status());
            assertTrue(r.output(), r.output().startsWith("InProcessCli: "));
        }
        assertTrue(manager.getTapServices().isEmpty());
        // quoted, they are plain text
        ok("tap-service-add --name 'a|b;$c*' --description \"50\\% \\$ and \\\"quotes\\\"\" --port " + DST);
        assertEquals("a|b;$c*", only().name());
        assertEquals("50% $ and \"quotes\"", only().description());
    }

    @Test
    public void unclosedQuote() {
        assertEquals(new CliResult(1, "Error executing command: unexpected EOT looking for matching quote: \"\n"),
                     cli.run("tap-service-add --name \"analyzer --port " + DST));
        assertEquals(new CliResult(1, "Error executing command: unexpected EOT looking for matching quote: '\n"),
                     cli.run("tap-services 'x"));
    }

    @Test
    public void wordsAsKarafSplitsThem() throws Exception {
        assertEquals(List.of("a", "b c", "d", "e\"f", "g h", ""),
                     InProcessCli.words(" a \"b c\"\td e\\\"f g\\ h ''"));
        assertEquals(List.of("ab cd", "x\\y"), InProcessCli.words("a\"b c\"d \"x\\y\""));
        assertEquals(List.of("--name=x", "of:0000000000000001/1"),
                     InProcessCli.words("--name=x of:0000000000000001/1"));
    }

    @Test
    public void errorTextsAreKarafsOwn() throws Exception {
        // what ShellUtil.logException prints on the ssh session's output, colours removed
        assertEquals(karafPrints(new IllegalStateException("--port: bad")),
                     InProcessCli.karafText(new IllegalStateException("--port: bad")) + "\n");
        assertEquals(karafPrints(new NullPointerException()),
                     InProcessCli.karafText(new NullPointerException()) + "\n");
        assertEquals(karafPrints(new CommandNotFoundException("tap-foo")),
                     InProcessCli.karafText(new CommandNotFoundException("tap-foo")) + "\n");
        Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                                                           new Class<?>[]{Session.class}, (p, m, a) -> null);
        try {
            new DefaultActionPreparator().prepare(new TapFlowAddCommand(), session,
                                                  new ArrayList<>(List.of("--name", "x")));
            fail("--port is required");
        } catch (Exception e) {
            assertEquals(karafPrints(e), InProcessCli.karafText(e) + "\n");
            assertEquals("Error executing command onos:tap-flow-add: option --port is required",
                         InProcessCli.karafText(e));
        }
    }

    @Test
    public void concurrentCallsDoNotMixTheirOutput() throws Exception {
        manager.createTapService(TapService.builder().id(TapServiceId.random()).name("analyzer")
                                         .port(ConnectPoint.deviceConnectPoint(DST2)).build());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CliResult>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> cli.run("tap-services -j")));
                results.add(pool.submit(() -> cli.run("tap-flows")));
            }
            for (int i = 0; i < results.size(); i++) {
                CliResult r = results.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(0, r.status());
                if (i % 2 == 0) {
                    assertEquals("analyzer", mapper.readTree(r.output()).get("tapServices").get(0)
                            .get("name").asText());
                } else {
                    assertEquals("No tap flows\n", r.output());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void onlyTheCallersOwnPrintingIsCaptured() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream elsewhere = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(new InProcessCli.ThreadOutput(Thread.currentThread(), captured, elsewhere),
                                      true, StandardCharsets.UTF_8));
        try {
            System.err.println("printed");
            LoggerFactory.getLogger(InProcessCliTest.class).warn("logged");
            Thread other = new Thread(() -> System.err.println("other thread"));
            other.start();
            other.join();
        } finally {
            System.setErr(saved);
        }
        assertEquals("printed\n", captured.toString(StandardCharsets.UTF_8));
        String rest = elsewhere.toString(StandardCharsets.UTF_8);
        assertTrue(rest, rest.contains("logged"));
        assertTrue(rest, rest.contains("other thread"));
    }

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

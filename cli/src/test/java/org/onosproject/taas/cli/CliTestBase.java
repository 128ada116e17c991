package org.onosproject.taas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.After;
import org.junit.Before;
import org.onlab.junit.TestUtils;
import org.onlab.osgi.ServiceDirectory;
import org.onlab.osgi.TestServiceDirectory;
import org.onosproject.codec.CodecService;
import org.onosproject.codec.impl.CodecManager;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.VlanFilter;
import org.onosproject.taas.codec.TapFlowCodec;
import org.onosproject.taas.codec.TapServiceCodec;
import org.onosproject.taas.impl.TaasManager;
import org.onosproject.taas.impl.TaasTestFixture;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Runs commands against the real TaasManager of {@link TaasTestFixture}, with a real
 * CodecManager holding the application's codecs, and captures what they print.
 */
public abstract class CliTestBase {

    static final ConnectPoint SRC = ConnectPoint.deviceConnectPoint("of:0000000000000001/1");
    static final ConnectPoint SRC2 = ConnectPoint.deviceConnectPoint("of:0000000000000001/2");
    static final ConnectPoint DST = ConnectPoint.deviceConnectPoint("of:0000000000000002/1");
    static final ConnectPoint DST2 = ConnectPoint.deviceConnectPoint("of:0000000000000002/2");

    final ObjectMapper mapper = new ObjectMapper();
    TaasTestFixture fixture;
    TaasManager manager;
    CodecManager codecs;
    ServiceDirectory directory;

    private PrintStream savedOut;
    private PrintStream savedErr;
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;
    private RuntimeException failure;

    @Before
    public void setUpBase() {
        fixture = new TaasTestFixture();
        manager = fixture.manager();
        codecs = new CodecManager();
        codecs.activate();
        codecs.registerCodec(TapService.class, new TapServiceCodec());
        codecs.registerCodec(TapFlow.class, new TapFlowCodec());
        directory = new TestServiceDirectory()
                .add(TaasService.class, manager)
                .add(TaasAdminService.class, manager)
                .add(CodecService.class, codecs);
        savedOut = System.out;
        savedErr = System.err;
    }

    @After
    public void tearDownBase() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        codecs.deactivate();
        fixture.tearDown();
    }

    /**
     * Executes a command as Karaf would after parsing its options, capturing its output and
     * the exception it fails with, if any (Karaf would print its message and give exit
     * status 1).
     *
     * @param command command with its fields set
     */
    void run(TaasCommand command) {
        command.directory = directory;
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        failure = null;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            command.doExecute();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    /**
     * Executes a command with -j.
     *
     * @param command command with its fields set
     */
    void runJson(TaasCommand command) throws Exception {
        TestUtils.setField(command, "json", true);
        run(command);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    List<String> outLines() {
        String o = out();
        return o.isEmpty() ? List.of() : Arrays.asList(o.split("\\R"));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    JsonNode outJson() throws Exception {
        return mapper.readTree(out());
    }

    /**
     * Returns the exception the last command failed with.
     *
     * @return exception, or null if the command succeeded
     */
    RuntimeException failure() {
        return failure;
    }

    /**
     * Asserts that the last command failed as a refusal of the input (CliException or
     * TaasException), with a one-line message of the given start, and printed nothing.
     *
     * @param prefix expected start of the message (Karaf prints it after
     *               "Error executing command: ")
     * @return the message
     */
    String assertOneError(String prefix) {
        assertThat("the command did not fail; stdout: " + out(), failure, notNullValue());
        assertThat("unexpected exception: " + failure, failure instanceof CliException
                || failure instanceof TaasException, is(true));
        assertThat("stdout: " + out(), out(), is(""));
        assertThat("stderr: " + err(), err(), is(""));
        String message = failure.getMessage();
        assertThat(message, notNullValue());
        assertThat("one line: " + message, message.split("\\R").length, is(1));
        assertThat(message, startsWith(prefix));
        return message;
    }

    /**
     * Asserts that the last command succeeded and printed nothing on its error output.
     */
    void assertNoError() {
        assertThat("failed with: " + failure, failure, nullValue());
        assertThat("stderr: " + err(), err(), is(""));
    }

    // ---- direct setup through the API, to test commands against known state

    TapService service(String name, ConnectPoint port) {
        return manager.createTapService(TapService.builder().id(TapServiceId.random())
                                                .name(name).port(port).build());
    }

    TapFlow flow(String name, ConnectPoint source, TapService service, Direction direction, String filter) {
        return manager.createTapFlow(TapFlow.builder().id(TapFlowId.random()).name(name)
                                             .sourcePort(source).tapServiceId(service.id())
                                             .direction(direction)
                                             .vlanFilter(filter == null ? null : VlanFilter.parse(filter))
                                             .build());
    }
}

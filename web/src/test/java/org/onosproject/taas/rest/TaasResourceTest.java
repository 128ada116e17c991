package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.TestProperties;
import org.glassfish.jersey.test.jetty.JettyTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;
import org.junit.After;
import org.junit.Before;
import org.onlab.osgi.ServiceDirectory;
import org.onlab.junit.TestUtils;
import org.onlab.osgi.TestServiceDirectory;
import org.onlab.rest.AuthorizationFilter;
import org.onlab.rest.BaseResource;
import org.onosproject.codec.CodecService;
import org.onosproject.codec.impl.CodecManager;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.VlanFilter;
import org.onosproject.taas.codec.TaasCodecRegistrator;
import org.onosproject.taas.impl.TaasManager;
import org.onosproject.taas.impl.TaasTestFixture;

import javax.ws.rs.client.Entity;
import javax.ws.rs.client.WebTarget;
import javax.ws.rs.core.Application;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Set;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThat;

/**
 * Base of the REST tests: the web application in a Jetty test container on a free port,
 * backed by a real TaasManager and DistributedTaasStore (TaasTestFixture) and a real
 * CodecManager with the application's codecs registered by TaasCodecRegistrator.
 */
public abstract class TaasResourceTest extends JerseyTest {

    /** JSON reader of response bodies. */
    protected static final ObjectMapper MAPPER = new ObjectMapper();

    /** Real manager and store. */
    protected TaasTestFixture fixture;
    private CodecManager codecManager;
    private TaasCodecRegistrator registrator;
    private ServiceDirectory previousDirectory;

    /**
     * Creates the test, serving on a free port.
     */
    protected TaasResourceTest() {
        super();
    }

    @Override
    protected Application configure() {
        forceSet(TestProperties.CONTAINER_PORT, "0");
        AuthorizationFilter.disableForTests();
        return ResourceConfig.forApplication(new TaasWebApplication());
    }

    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new JettyTestContainerFactory();
    }

    /**
     * Wires the real manager and codecs into the resources.
     *
     * @throws Exception if the service directory cannot be set
     */
    @Before
    public void setUpServices() throws Exception {
        fixture = new TaasTestFixture();
        codecManager = new CodecManager();
        codecManager.activate();
        registrator = new TaasCodecRegistrator();
        TestUtils.setField(registrator, "codecService", codecManager);
        registrator.activate();
        TestServiceDirectory directory = new TestServiceDirectory()
                .add(TaasService.class, fixture.manager())
                .add(TaasAdminService.class, fixture.manager())
                .add(CodecService.class, codecManager);
        addServices(directory);
        previousDirectory = swapDirectory(directory);
    }

    /**
     * Adds the services a test needs besides the manager and the codecs.
     *
     * @param directory service directory of the resources
     */
    protected void addServices(TestServiceDirectory directory) {
    }

    /**
     * Restores the service directory and stops the manager.
     *
     * @throws Exception if the service directory cannot be restored
     */
    @After
    public void tearDownServices() throws Exception {
        swapDirectory(previousDirectory);
        registrator.deactivate();
        codecManager.deactivate();
        fixture.tearDown();
    }

    private static ServiceDirectory swapDirectory(ServiceDirectory directory) throws Exception {
        Field field = BaseResource.class.getDeclaredField("services");
        field.setAccessible(true);
        ServiceDirectory previous = (ServiceDirectory) field.get(null);
        field.set(null, directory);
        return previous;
    }

    /**
     * Returns the manager.
     *
     * @return manager
     */
    protected TaasManager manager() {
        return fixture.manager();
    }

    /**
     * Stores a tap service through the manager.
     *
     * @param port connect point text
     * @param name name
     * @return the stored tap service
     */
    protected TapService addService(String port, String name) {
        return manager().createTapService(TapService.builder().id(TapServiceId.random()).name(name)
                .port(ConnectPoint.deviceConnectPoint(port)).build());
    }

    /**
     * Stores a tap flow through the manager.
     *
     * @param service   tap service
     * @param source    source connect point text
     * @param direction direction
     * @param filter    VLAN filter text or null
     * @return the stored tap flow
     */
    protected TapFlow addFlow(TapService service, String source, Direction direction, String filter) {
        return manager().createTapFlow(TapFlow.builder().id(TapFlowId.random()).name("flow " + source)
                .tapServiceId(service.id()).sourcePort(ConnectPoint.deviceConnectPoint(source))
                .direction(direction).vlanFilter(filter == null ? null : VlanFilter.parse(filter)).build());
    }

    /**
     * Returns everything stored: tap services and tap flows with their status.
     *
     * @return snapshot of the store
     */
    protected Set<Object> snapshot() {
        Set<Object> all = new HashSet<>(manager().getTapServices());
        all.addAll(manager().getTapFlows());
        return all;
    }

    /**
     * Sends a request with a body of the given content type.
     *
     * @param method      HTTP method
     * @param path        path below the application
     * @param body        body, or null for none
     * @param contentType content type of the body
     * @return response
     */
    protected Response send(String method, String path, String body, String contentType) {
        String[] parts = path.split("\\?", 2);
        WebTarget t = target(parts[0]);
        if (parts.length > 1) {
            String[] query = parts[1].split("=", 2);
            t = t.queryParam(query[0], query[1]);
        }
        if (body == null) {
            return t.request().method(method);
        }
        return t.request().method(method, Entity.entity(body, contentType));
    }

    /**
     * Sends a JSON body.
     *
     * @param method HTTP method
     * @param path   path below the application
     * @param body   JSON text
     * @return response
     */
    protected Response send(String method, String path, String body) {
        return send(method, path, body, MediaType.APPLICATION_JSON);
    }

    /**
     * Reads a response body as JSON.
     *
     * @param response response
     * @return JSON tree
     * @throws IOException if it is not JSON
     */
    protected static JsonNode json(Response response) throws IOException {
        return MAPPER.readTree(response.readEntity(String.class));
    }

    /**
     * Asserts a JSON error response: status, {"code","message"} body naming the problem.
     *
     * @param response response
     * @param status   expected HTTP status
     * @param message  expected part of the message
     * @throws IOException if the body is not JSON
     */
    protected static void assertError(Response response, int status, String message) throws IOException {
        assertThat(response.getStatus(), is(status));
        assertThat(response.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE), is(true));
        JsonNode body = json(response);
        assertThat(body.get("code").asInt(), is(status));
        assertThat(body.get("message").asText(), containsString(message));
    }
}

package org.onosproject.taas.sandbox.rest;

import org.eclipse.jetty.server.Server;
import org.glassfish.jersey.jetty.JettyHttpContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.onlab.junit.TestUtils;
import org.onlab.osgi.ServiceDirectory;
import org.onlab.rest.BaseResource;
import org.onosproject.codec.CodecService;
import org.onosproject.codec.impl.CodecManager;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.edge.EdgePortService;
import org.onosproject.net.topology.TopologyService;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.codec.TaasCodecRegistrator;
import org.onosproject.taas.impl.SandboxComponents;
import org.onosproject.taas.rest.TaasWebApplication;

import java.lang.reflect.Field;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The application's REST API (the web bundle's {@link TaasWebApplication}) on an embedded
 * Jetty, wired as ONOS wires it: resources find TaasService, TaasAdminService, a real
 * CodecManager (with the application's codecs registered by TaasCodecRegistrator) and the
 * network services the Neutron-compatible ports need (DeviceService, TopologyService and an
 * EdgePortService over them) through BaseResource's service directory; HTTP basic
 * authentication in front.
 */
public final class RestServer implements AutoCloseable {

    /** ONOS's default account. */
    public static final String USER = "onos";
    /** Its password. */
    public static final String PASSWORD = "rocks";

    private final URI base;
    private final CodecManager codecs = new CodecManager();
    private final TaasCodecRegistrator registrator = new TaasCodecRegistrator();
    private Server server;

    /**
     * Creates a server; nothing listens yet.
     *
     * @param base base URI, e.g. {@code http://127.0.0.1:8181/onos/taas/}
     */
    public RestServer(URI base) {
        this.base = base;
    }

    /**
     * Registers the codecs, points the resources at the services and starts listening; the
     * device and topology services are those the sandbox's components were started with.
     *
     * @param taas  query service
     * @param admin admin service
     * @throws IllegalStateException if the port cannot be bound or the wiring fails
     */
    public void start(TaasService taas, TaasAdminService admin) {
        SandboxComponents components = SandboxComponents.of(taas);
        start(taas, admin, components == null ? null : components.service(DeviceService.class),
                components == null ? null : components.service(TopologyService.class));
    }

    /**
     * Registers the codecs, points the resources at the services and starts listening.
     *
     * @param taas     query service
     * @param admin    admin service
     * @param devices  device service, or null (then /v2.0/ports lists nothing)
     * @param topology topology service, or null (then every port is an edge port)
     * @throws IllegalStateException if the port cannot be bound or the wiring fails
     */
    public void start(TaasService taas, TaasAdminService admin, DeviceService devices, TopologyService topology) {
        codecs.activate();
        try {
            TestUtils.setField(registrator, "codecService", codecs);
        } catch (TestUtils.TestUtilsException e) {
            throw new IllegalStateException("cannot wire the codec registrator: " + e.getMessage(), e);
        }
        registrator.activate();
        Map<Class<?>, Object> services = new HashMap<>(Map.of(TaasService.class, taas,
                TaasAdminService.class, admin, CodecService.class, codecs));
        if (devices != null) {
            services.put(DeviceService.class, devices);
            services.put(EdgePortService.class, new SandboxEdgePorts(devices, topology));
        }
        if (topology != null) {
            services.put(TopologyService.class, topology);
        }
        // the "stats" of every tap service and tap flow, as the application's component in ONOS
        SandboxComponents components = SandboxComponents.of(taas);
        TaasStatsService stats = components == null ? null : components.service(TaasStatsService.class);
        if (stats != null) {
            services.put(TaasStatsService.class, stats);
        }
        setDirectory(new ServiceDirectory() {
            @Override
            public <T> T get(Class<T> serviceClass) {
                Object s = services.get(serviceClass);
                if (s == null) {
                    throw new org.onlab.osgi.ServiceNotFoundException("no " + serviceClass.getName()
                            + " in the sandbox");
                }
                return serviceClass.cast(s);
            }
        });
        ResourceConfig config = ResourceConfig.forApplication(new TaasWebApplication())
                .register(new BasicAuthFilter(USER, PASSWORD, Set.of("admin", "viewer")));
        // Jersey's Jetty container serves from "/" whatever the URI's path (and doubles the path
        // under a Jetty context): a pre-matching filter moves the base to the path instead
        URI root = URI.create(base.getScheme() + "://" + base.getAuthority() + "/");
        config.register(new BasePathFilter(base.getPath()));
        try {
            server = JettyHttpContainerFactory.createServer(root, config, true);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot serve " + base + ": " + e.getMessage(), e);
        }
    }

    private static void setDirectory(ServiceDirectory directory) {
        try {
            Field field = BaseResource.class.getDeclaredField("services");
            field.setAccessible(true);
            field.set(null, directory);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the resources' service directory: " + e, e);
        }
    }

    /**
     * Returns the base URI served.
     *
     * @return base URI
     */
    public URI base() {
        return base;
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the web server: " + e.getMessage(), e);
        } finally {
            server = null;
            registrator.deactivate();
            codecs.deactivate();
        }
    }
}

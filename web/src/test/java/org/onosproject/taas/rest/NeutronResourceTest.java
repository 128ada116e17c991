package org.onosproject.taas.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import org.onlab.osgi.TestServiceDirectory;
import org.onlab.packet.ChassisId;
import org.onosproject.net.AnnotationKeys;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultAnnotations;
import org.onosproject.net.DefaultDevice;
import org.onosproject.net.DefaultPort;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Port;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.device.DeviceServiceAdapter;
import org.onosproject.net.provider.ProviderId;
import org.onosproject.net.topology.Topology;
import org.onosproject.net.topology.TopologyService;
import org.onosproject.net.topology.TopologyServiceAdapter;

import javax.ws.rs.client.WebTarget;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThat;

/**
 * Base of the tests of the Neutron-compatible API: the resources over a real manager and a
 * small network. Switch 1: port 1 is a VM's OVS port {@code tap1e0b8a4c-aa}, port 2 one of
 * hybrid plugging {@code qvo5d2c9e1f-77}, port 3 {@code eth3} (the analyzer), port 10 a link
 * to switch 2, LOCAL {@code br-int}. Switch 2: port 1 {@code eth3} too, port 2 {@code vm2}
 * disabled, port 10 the link.
 */
public abstract class NeutronResourceTest extends TaasResourceTest {

    /** Switch 1. */
    static final DeviceId S1 = DeviceId.deviceId("of:0000000000000001");
    /** Switch 2. */
    static final DeviceId S2 = DeviceId.deviceId("of:0000000000000002");
    /** A Neutron port id whose OVS port is s1's port 1 (tap + first 11 characters). */
    static final String VM_TAP_ID = "1e0b8a4c-aa12-4bbb-8ccc-123456789012";
    /** A Neutron port id whose OVS port is s1's port 2 (qvo + first 11 characters). */
    static final String VM_QVO_ID = "5d2c9e1f-7711-4222-8333-444455556666";
    /** A UUID no port has. */
    static final String UNKNOWN = "11111111-2222-4333-8444-555555555555";

    /** Devices and ports of the network. */
    protected final Map<Device, List<Port>> network = new LinkedHashMap<>();

    /**
     * Returns the port id the API must give a connect point: a name-based UUID, computed
     * here independently of the implementation.
     *
     * @param cp connect point text
     * @return UUID text
     */
    static String portId(String cp) {
        return UUID.nameUUIDFromBytes(("onos-taas:port:" + cp).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    protected void addServices(TestServiceDirectory directory) {
        Device s1 = device(S1);
        Device s2 = device(S2);
        network.put(s1, new ArrayList<>(List.of(port(s1, 1, "tap1e0b8a4c-aa", true),
                port(s1, 2, "qvo5d2c9e1f-77", true), port(s1, 3, "eth3", true), port(s1, 10, "s1-eth10", true),
                port(s1, 0xFFFFFFFEL, "br-int", true))));
        network.put(s2, new ArrayList<>(List.of(port(s2, 1, "eth3", true), port(s2, 2, "vm2", false),
                port(s2, 10, "s2-eth10", true))));
        DeviceService devices = new DeviceServiceAdapter() {
            @Override
            public Iterable<Device> getDevices() {
                return ImmutableList.copyOf(network.keySet());
            }

            @Override
            public List<Port> getPorts(DeviceId deviceId) {
                return network.entrySet().stream().filter(e -> e.getKey().id().equals(deviceId))
                        .findFirst().map(e -> List.copyOf(e.getValue())).orElse(List.of());
            }

            @Override
            public boolean isAvailable(DeviceId deviceId) {
                return true;
            }
        };
        TopologyService topology = new TopologyServiceAdapter() {
            @Override
            public boolean isInfrastructure(Topology topology, ConnectPoint cp) {
                return cp.port().toLong() == 10;
            }
        };
        directory.add(DeviceService.class, devices).add(TopologyService.class, topology);
    }

    private static Device device(DeviceId id) {
        return new DefaultDevice(ProviderId.NONE, id, Device.Type.SWITCH, "ovs", "3.1", "3.1", "1",
                new ChassisId(1));
    }

    private static Port port(Device device, long number, String name, boolean enabled) {
        return new DefaultPort(device, PortNumber.portNumber(number), enabled,
                DefaultAnnotations.builder().set(AnnotationKeys.PORT_NAME, name).build());
    }

    /**
     * Sends a GET with query parameters given as name, value, name, value...
     *
     * @param path  path below the application
     * @param query parameter names and values
     * @return response
     */
    protected Response get(String path, String... query) {
        WebTarget t = target(path);
        for (int i = 0; i + 1 < query.length; i += 2) {
            t = t.queryParam(query[i], query[i + 1]);
        }
        return t.request(MediaType.APPLICATION_JSON_TYPE).get();
    }

    /**
     * Asserts a Neutron error: status, {"NeutronError": {"type", "message", "detail": ""}}.
     *
     * @param response response
     * @param status   expected HTTP status
     * @param type     expected Neutron type
     * @param message  expected part of the message
     * @throws IOException if the body is not JSON
     */
    protected static void assertNeutronError(Response response, int status, String type, String message)
            throws IOException {
        assertThat(response.getStatus(), is(status));
        assertThat(response.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE), is(true));
        JsonNode body = json(response);
        assertThat(body.toString(), body.size(), is(1));
        JsonNode error = body.get("NeutronError");
        assertThat(body.toString(), error.get("type").asText(), is(type));
        assertThat(error.get("message").asText(), containsString(message));
        assertThat(error.get("detail").asText(), is(""));
    }
}

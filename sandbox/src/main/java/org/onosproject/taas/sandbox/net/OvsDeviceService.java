package org.onosproject.taas.sandbox.net;

import org.onlab.packet.ChassisId;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.AnnotationKeys;
import org.onosproject.net.DefaultAnnotations;
import org.onosproject.net.DefaultDevice;
import org.onosproject.net.DefaultPort;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;
import org.onosproject.net.Port;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceServiceAdapter;
import org.onosproject.net.provider.ProviderId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * DeviceService over the sandbox's OVS bridges: devices and ports as {@code ovs-ofctl show}
 * reports them, refreshed by {@link #poll()}, which posts DEVICE_ADDED,
 * DEVICE_AVAILABILITY_CHANGED, PORT_ADDED, PORT_UPDATED and PORT_REMOVED like ONOS's
 * OpenFlow provider would.
 * <p>
 * A bridge that stops answering (its ovs-vswitchd stopped: ONOS sees the OpenFlow connection
 * drop) becomes unavailable, and, as ONOS's DeviceManager does on a disconnection, its ports
 * are marked disabled without port events, then DEVICE_AVAILABILITY_CHANGED is posted. When it
 * answers again: DEVICE_AVAILABILITY_CHANGED (available), PORT_UPDATED for each port enabled
 * again, and the {@link #onReconnect reconnection hook} runs (the sandbox polls the switch's
 * groups and rules then, as ONOS's providers do when a switch connects).
 */
public class OvsDeviceService extends DeviceServiceAdapter {

    /** Provider id of everything the sandbox discovers. */
    public static final ProviderId PID = new ProviderId("of", "org.onosproject.taas.sandbox");

    private final OvsSwitches switches;
    private final ListenerRegistry<DeviceEvent, DeviceListener> listeners = new ListenerRegistry<>();
    private final Map<DeviceId, Device> devices = new ConcurrentHashMap<>();
    private final Map<DeviceId, Boolean> available = new ConcurrentHashMap<>();
    private final Map<DeviceId, Map<PortNumber, Port>> ports = new ConcurrentHashMap<>();
    private volatile Consumer<DeviceId> reconnected = id -> { };

    /**
     * Creates the service.
     *
     * @param switches bridges to report
     */
    public OvsDeviceService(OvsSwitches switches) {
        this.switches = switches;
    }

    /**
     * Sets what runs, on the OVS thread, when a known device that was unavailable answers
     * again (after its DEVICE_AVAILABILITY_CHANGED and port events were posted). It must not
     * wait for the OVS thread: queue work there instead.
     *
     * @param hook receives the device id
     */
    public void onReconnect(Consumer<DeviceId> hook) {
        this.reconnected = hook;
    }

    /**
     * Reads every bridge from OVS on the OVS thread and posts the differences as events.
     * Called periodically by the sandbox; callable on demand.
     */
    public void poll() {
        switches.io(() -> {
            for (DeviceId id : switches.devices()) {
                Command show = switches.ofctl(id, null, "show", "%BR");
                boolean back = show.ok() && devices.containsKey(id) && !isAvailable(id);
                switches.setConnected(id, show.ok());
                List<DeviceEvent> events = show.ok() ? update(id, OvsOutput.parseShow(show.out()))
                        : unavailable(id);
                events.forEach(e -> switches.post(() -> listeners.process(e)));
                if (back) {
                    reconnected.accept(id);
                }
            }
            return null;
        }).join();
    }

    // ONOS's DeviceManager.deviceDisconnected: the ports are marked disabled in the store
    // (no port events), then the device goes offline (DEVICE_AVAILABILITY_CHANGED)
    private List<DeviceEvent> unavailable(DeviceId id) {
        List<DeviceEvent> events = new ArrayList<>();
        Device device = devices.get(id);
        if (device != null && Boolean.TRUE.equals(available.put(id, false))) {
            Map<PortNumber, Port> disabled = new ConcurrentHashMap<>();
            ports.getOrDefault(id, Map.of()).forEach((n, p) -> disabled.put(n, new DefaultPort(device, n, false,
                    p.type(), p.portSpeed(), p.annotations())));
            ports.put(id, disabled);
            events.add(new DeviceEvent(DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED, device));
        }
        return events;
    }

    private List<DeviceEvent> update(DeviceId id, OvsOutput.SwitchInfo info) {
        List<DeviceEvent> events = new ArrayList<>();
        Device device = devices.get(id);
        if (device == null) {
            device = new DefaultDevice(PID, id, Device.Type.SWITCH, "Nicira, Inc.", "Open vSwitch",
                    "3.1.0", info.dpid, new ChassisId(Long.parseUnsignedLong(info.dpid, 16)),
                    DefaultAnnotations.builder().set(AnnotationKeys.PROTOCOL, "OF_13")
                            .set(AnnotationKeys.DRIVER, "ovs").build());
            devices.put(id, device);
            available.put(id, true);
            events.add(new DeviceEvent(DeviceEvent.Type.DEVICE_ADDED, device));
        } else if (!Boolean.TRUE.equals(available.put(id, true))) {
            events.add(new DeviceEvent(DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED, device));
        }
        Map<PortNumber, Port> known = ports.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
        Map<PortNumber, Port> seen = new ConcurrentHashMap<>();
        for (OvsOutput.PortInfo p : info.ports) {
            PortNumber number = PortNumber.portNumber(p.number, p.name);
            Port port = new DefaultPort(device, number, p.enabled(), Port.Type.COPPER, p.speedMbps,
                    DefaultAnnotations.builder().set(AnnotationKeys.PORT_NAME, p.name)
                            .set(AnnotationKeys.PORT_MAC, p.mac).build());
            seen.put(number, port);
            Port old = known.get(number);
            if (old == null) {
                events.add(new DeviceEvent(DeviceEvent.Type.PORT_ADDED, device, port));
            } else if (old.isEnabled() != port.isEnabled() || old.portSpeed() != port.portSpeed()
                    || !Objects.equals(old.annotations().value(AnnotationKeys.PORT_NAME), p.name)) {
                events.add(new DeviceEvent(DeviceEvent.Type.PORT_UPDATED, device, port));
            }
        }
        for (Port old : known.values()) {
            if (!seen.containsKey(old.number())) {
                events.add(new DeviceEvent(DeviceEvent.Type.PORT_REMOVED, device, old));
            }
        }
        ports.put(id, seen);
        return events;
    }

    /**
     * Forgets a device, posting DEVICE_REMOVED.
     *
     * @param id device id
     */
    public void removeDevice(DeviceId id) {
        Device device = devices.remove(id);
        ports.remove(id);
        available.remove(id);
        if (device != null) {
            DeviceEvent e = new DeviceEvent(DeviceEvent.Type.DEVICE_REMOVED, device);
            switches.post(() -> listeners.process(e));
        }
    }

    @Override
    public int getDeviceCount() {
        return devices.size();
    }

    @Override
    public int getAvailableDeviceCount() {
        return (int) devices.keySet().stream().filter(this::isAvailable).count();
    }

    @Override
    public Iterable<Device> getDevices() {
        return List.copyOf(devices.values());
    }

    @Override
    public Iterable<Device> getAvailableDevices() {
        return devices.values().stream().filter(d -> isAvailable(d.id())).collect(Collectors.toList());
    }

    @Override
    public Iterable<Device> getDevices(Device.Type type) {
        return devices.values().stream().filter(d -> d.type() == type).collect(Collectors.toList());
    }

    @Override
    public Iterable<Device> getAvailableDevices(Device.Type type) {
        return devices.values().stream().filter(d -> d.type() == type && isAvailable(d.id()))
                .collect(Collectors.toList());
    }

    @Override
    public Device getDevice(DeviceId deviceId) {
        return devices.get(deviceId);
    }

    @Override
    public MastershipRole getRole(DeviceId deviceId) {
        return devices.containsKey(deviceId) ? MastershipRole.MASTER : MastershipRole.NONE;
    }

    @Override
    public List<Port> getPorts(DeviceId deviceId) {
        Map<PortNumber, Port> p = ports.get(deviceId);
        return p == null ? List.of() : List.copyOf(p.values());
    }

    @Override
    public Port getPort(DeviceId deviceId, PortNumber portNumber) {
        Map<PortNumber, Port> p = ports.get(deviceId);
        return p == null ? null : p.get(portNumber);
    }

    @Override
    public boolean isAvailable(DeviceId deviceId) {
        return Boolean.TRUE.equals(available.get(deviceId));
    }

    @Override
    public void addListener(DeviceListener listener) {
        listeners.addListener(listener);
    }

    @Override
    public void removeListener(DeviceListener listener) {
        listeners.removeListener(listener);
    }
}

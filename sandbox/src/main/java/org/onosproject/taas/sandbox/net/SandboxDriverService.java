package org.onosproject.taas.sandbox.net;

import com.google.common.collect.ImmutableMap;
import org.onosproject.net.DeviceId;
import org.onosproject.net.behaviour.ExtensionTreatmentResolver;
import org.onosproject.net.driver.DefaultDriver;
import org.onosproject.net.driver.DefaultDriverData;
import org.onosproject.net.driver.DefaultDriverHandler;
import org.onosproject.net.driver.Driver;
import org.onosproject.net.driver.DriverHandler;
import org.onosproject.net.driver.DriverServiceAdapter;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * DriverService with two drivers, built with ONOS's own driver classes: {@code ovs}, whose
 * {@link ExtensionTreatmentResolver} gives the Nicira load and resubmit extensions, and
 * {@code default}, which has no behaviours (what ONOS 2.7 gives an OVS 3.x switch until the
 * operator sets the {@code ovs} driver). Every device gets {@code ovs} unless told otherwise.
 */
public class SandboxDriverService extends DriverServiceAdapter {

    /** Driver with the Nicira extensions. */
    public static final Driver OVS = new DefaultDriver("ovs", List.of(), "Nicira, Inc.", "Open vSwitch", "3.1.0",
            ImmutableMap.of(ExtensionTreatmentResolver.class, NiciraExtensionResolver.class), Map.of());
    /** Driver without behaviours. */
    public static final Driver DEFAULT = new DefaultDriver("default", List.of(), "ON.Lab", "0.0.1", "0.0.1",
            Map.of(), Map.of());

    private final Map<DeviceId, Driver> assigned = new ConcurrentHashMap<>();

    /**
     * Assigns a driver to a device.
     *
     * @param deviceId device
     * @param name     {@code ovs} or {@code default}
     */
    public void assign(DeviceId deviceId, String name) {
        Driver driver = getDriver(name);
        if (driver == null) {
            throw new IllegalArgumentException("unknown driver " + name + " (ovs or default)");
        }
        assigned.put(deviceId, driver);
    }

    @Override
    public Set<Driver> getDrivers() {
        return Set.of(OVS, DEFAULT);
    }

    @Override
    public Driver getDriver(String driverName) {
        return getDrivers().stream().filter(d -> d.name().equals(driverName)).findFirst().orElse(null);
    }

    @Override
    public Driver getDriver(DeviceId deviceId) {
        return assigned.getOrDefault(deviceId, OVS);
    }

    @Override
    public DriverHandler createHandler(DeviceId deviceId, String... credentials) {
        return new DefaultDriverHandler(new DefaultDriverData(getDriver(deviceId), deviceId));
    }

    @Override
    public Map<DeviceId, String> getDeviceDrivers() {
        return assigned.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().name()));
    }
}

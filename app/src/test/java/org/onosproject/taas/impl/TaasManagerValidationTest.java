package org.onosproject.taas.impl;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import org.junit.Test;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.HostId;
import org.onosproject.net.PortNumber;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasException.Kind;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStatus;

import java.util.Arrays;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * Every validation rule of the manager on creation, each with a failing input that must be
 * refused with the right kind and message and leave the store unchanged.
 */
public class TaasManagerValidationTest extends AbstractTaasManagerTest {

    private static final DeviceId DEV = DeviceId.deviceId("of:0000000000000001");
    private static final List<PortNumber> NOT_PHYSICAL = ImmutableList.of(PortNumber.LOCAL,
            PortNumber.CONTROLLER, PortNumber.ANY, PortNumber.FLOOD, PortNumber.ALL, PortNumber.IN_PORT,
            PortNumber.NORMAL, PortNumber.TABLE, PortNumber.portNumber(0));
    private static final ConnectPoint HOST_CP = new ConnectPoint(HostId.hostId("00:00:00:00:00:01/None"),
            PortNumber.portNumber(1));

    @Test
    public void validServiceAndFlowAreStoredWithCreatedStatus() {
        TapService s = manager.createTapService(service(cp(1, 1)).status(TapStatus.active()).build());
        assertEquals(TapStatus.CREATED, s.status());
        assertEquals(s, manager.getTapService(s.id()));
        TapFlow f = manager.createTapFlow(flow(s.id(), cp(1, 2), Direction.BOTH, "9,18,27-36")
                .status(TapStatus.error("x")).build());
        assertEquals(TapStatus.CREATED, f.status());
        assertEquals(f, manager.getTapFlow(f.id()));
        assertEquals(1, manager.getTapServices().size());
        assertEquals(1, manager.getTapFlows().size());
    }

    @Test
    public void unknownDeviceOrPortIsAccepted() {
        TapService s = addService(cp(0xabc, 4000));
        addFlow(s.id(), cp(0xdef, 77), Direction.IN, null);
        assertEquals(1, store.tapFlowCount());
    }

    @Test
    public void servicePortMustBePhysical() {
        for (PortNumber p : NOT_PHYSICAL) {
            ConnectPoint bad = new ConnectPoint(DEV, p);
            assertRefused(Kind.INVALID, () -> manager.createTapService(service(bad).build()),
                    "port " + bad, "not a physical port number");
        }
    }

    @Test
    public void servicePortMustBeDevicePort() {
        assertRefused(Kind.INVALID, () -> manager.createTapService(service(HOST_CP).build()),
                "port " + HOST_CP, "is not a device port");
    }

    @Test
    public void flowSourceMustBePhysicalDevicePort() {
        TapService s = addService(cp(1, 1));
        for (PortNumber p : NOT_PHYSICAL) {
            ConnectPoint bad = new ConnectPoint(DEV, p);
            assertRefused(Kind.INVALID, () -> manager.createTapFlow(flow(s.id(), bad, Direction.OUT).build()),
                    "sourcePort " + bad, "not a physical port number");
        }
        assertRefused(Kind.INVALID, () -> manager.createTapFlow(flow(s.id(), HOST_CP, Direction.OUT).build()),
                "sourcePort", "is not a device port");
    }

    @Test
    public void nullArgumentsAreRefused() {
        assertRefused(Kind.INVALID, () -> manager.createTapService(null), "tap service is missing");
        assertRefused(Kind.INVALID, () -> manager.createTapServices(null), "tap services is missing");
        assertRefused(Kind.INVALID, () -> manager.createTapFlow(null), "tap flow is missing");
        assertRefused(Kind.INVALID, () -> manager.createTapFlows(null), "tap flows is missing");
        assertRefused(Kind.INVALID, () -> manager.updateTapService(null), "tap service is missing");
        assertRefused(Kind.INVALID, () -> manager.updateTapFlow(null), "tap flow is missing");
        assertRefused(Kind.INVALID, () -> manager.removeTapService(null), "tap service id is missing");
        assertRefused(Kind.INVALID, () -> manager.removeTapFlow(null), "tap flow id is missing");
    }

    @Test
    public void serviceTextFields() {
        String max = Strings.repeat("n", TaasValidator.MAX_NAME);
        TapService ok = manager.createTapService(service(cp(1, 9)).name(max).tenant(max)
                .description("line one\nline\ttwo").build());
        assertEquals(max, ok.name());

        assertRefused(Kind.INVALID, () -> manager.createTapService(service(cp(1, 1)).name(max + "n").build()),
                "name is too long", "256 characters", "at most 255");
        assertRefused(Kind.INVALID, () -> manager.createTapService(service(cp(1, 1)).tenant(max + "t").build()),
                "tenant is too long");
        String longDescription = Strings.repeat("d", TaasValidator.MAX_DESCRIPTION + 1);
        assertRefused(Kind.INVALID,
                () -> manager.createTapService(service(cp(1, 1)).description(longDescription).build()),
                "description is too long", "1025");
        for (String bad : Arrays.asList("a\u0007b", "a\nb", "tab\there", "\u0000", "del\u007f", "c1\u0085")) {
            assertRefused(Kind.INVALID, () -> manager.createTapService(service(cp(1, 1)).name(bad).build()),
                    "name contains a control character", "code " + (int) controlChar(bad));
            assertRefused(Kind.INVALID, () -> manager.createTapService(service(cp(1, 1)).tenant(bad).build()),
                    "tenant contains a control character");
        }
        assertRefused(Kind.INVALID,
                () -> manager.createTapService(service(cp(1, 1)).description("esc\u001b[0m").build()),
                "description contains a control character", "code 27");
    }

    @Test
    public void flowTextFields() {
        TapService s = addService(cp(1, 1));
        String max = Strings.repeat("n", TaasValidator.MAX_NAME);
        manager.createTapFlow(flow(s.id(), cp(1, 2), Direction.IN).name(max).tenant(max)
                .description("two\nlines").build());
        assertRefused(Kind.INVALID,
                () -> manager.createTapFlow(flow(s.id(), cp(1, 3), Direction.IN).name(max + "x").build()),
                "name is too long");
        assertRefused(Kind.INVALID,
                () -> manager.createTapFlow(flow(s.id(), cp(1, 3), Direction.IN).tenant(max + "x").build()),
                "tenant is too long");
        assertRefused(Kind.INVALID, () -> manager.createTapFlow(flow(s.id(), cp(1, 3), Direction.IN)
                        .description(Strings.repeat("d", TaasValidator.MAX_DESCRIPTION + 1)).build()),
                "description is too long");
        assertRefused(Kind.INVALID,
                () -> manager.createTapFlow(flow(s.id(), cp(1, 3), Direction.IN).name("bell\u0007").build()),
                "name contains a control character", "code 7");
        assertRefused(Kind.INVALID,
                () -> manager.createTapFlow(flow(s.id(), cp(1, 3), Direction.IN).description("\u0001").build()),
                "description contains a control character", "code 1");
        assertRefused(Kind.INVALID,
                () -> manager.createTapFlow(flow(s.id(), cp(1, 3), Direction.IN).tenant("\r").build()),
                "tenant contains a control character", "code 13");
    }

    private static char controlChar(String s) {
        return (char) s.chars().filter(Character::isISOControl).findFirst().getAsInt();
    }

    @Test
    public void servicePortCannotBeReused() {
        TapService s = manager.createTapService(service(cp(1, 1)).name("ids").build());
        assertRefused(Kind.CONFLICT, () -> manager.createTapService(service(cp(1, 1)).build()),
                "port " + cp(1, 1), "already the port of tap service " + s.id() + " (ids)");
        // the same port number on another device is another port
        addService(cp(2, 1));
    }

    @Test
    public void servicePortCannotBeAFlowSource() {
        TapService s = addService(cp(1, 1));
        TapFlow f = addFlow(s.id(), cp(1, 2), Direction.OUT, null);
        assertRefused(Kind.CONFLICT, () -> manager.createTapService(service(cp(1, 2)).build()),
                "port " + cp(1, 2), "source port of tap flow " + f.id(), "mirror loop");
    }

    @Test
    public void flowSourceCannotBeAServicePort() {
        TapService s1 = addService(cp(1, 1));
        TapService s2 = manager.createTapService(service(cp(1, 5)).name("").build());
        assertRefused(Kind.CONFLICT, () -> manager.createTapFlow(flow(s1.id(), cp(1, 1), Direction.OUT).build()),
                "sourcePort " + cp(1, 1), "port of tap service " + s1.id(), "mirror loop");
        assertRefused(Kind.CONFLICT, () -> manager.createTapFlow(flow(s1.id(), cp(1, 5), Direction.IN).build()),
                "sourcePort " + cp(1, 5), "port of tap service " + s2.id(), "mirror loop");
    }

    @Test
    public void flowNeedsAnExistingService() {
        TapServiceId unknown = TapServiceId.random();
        assertRefused(Kind.NOT_FOUND, () -> manager.createTapFlow(flow(unknown, cp(1, 2), Direction.OUT).build()),
                "tapServiceId", unknown.toString(), "does not exist");
        TapService s = addService(cp(1, 1));
        manager.removeTapService(s.id());
        assertRefused(Kind.NOT_FOUND, () -> manager.createTapFlow(flow(s.id(), cp(1, 2), Direction.OUT).build()),
                s.id().toString(), "does not exist");
    }

    @Test
    public void duplicateFlowIsRefused() {
        TapService s = addService(cp(1, 1));
        TapFlow f = addFlow(s.id(), cp(1, 2), Direction.OUT, "5,6,100-200");
        assertRefused(Kind.CONFLICT,
                () -> manager.createTapFlow(flow(s.id(), cp(1, 2), Direction.OUT, "5-6, 150-200,100-149")
                        .name("other name").build()),
                "duplicate", "tap flow " + f.id(), "OUT of " + cp(1, 2), "5-6,100-200", s.id().toString());
        TapFlow g = addFlow(s.id(), cp(1, 3), Direction.IN, null);
        assertRefused(Kind.CONFLICT, () -> manager.createTapFlow(flow(s.id(), cp(1, 3), Direction.IN).build()),
                "duplicate", "tap flow " + g.id(), "(none)");
    }

    @Test
    public void nonDuplicatesAreAccepted() {
        TapService s = addService(cp(1, 1));
        TapService t = addService(cp(1, 9));
        addFlow(s.id(), cp(1, 2), Direction.OUT, "5");
        addFlow(s.id(), cp(1, 2), Direction.IN, "5");
        addFlow(s.id(), cp(1, 2), Direction.BOTH, "5");
        addFlow(s.id(), cp(1, 2), Direction.OUT, "6");
        addFlow(s.id(), cp(1, 2), Direction.OUT, "5-6");
        addFlow(s.id(), cp(1, 2), Direction.OUT, null);
        addFlow(t.id(), cp(1, 2), Direction.OUT, "5");
        addFlow(s.id(), cp(1, 3), Direction.OUT, "5");
        addFlow(s.id(), cp(2, 2), Direction.OUT, "5");
        assertEquals(9, manager.getTapFlows().size());
        assertEquals(8, manager.getTapFlows(s.id()).size());
        assertEquals(1, manager.getTapFlows(t.id()).size());
    }

    @Test
    public void duplicateIdsAreRefused() {
        TapService s = addService(cp(1, 1));
        assertRefused(Kind.CONFLICT, () -> manager.createTapService(service(cp(1, 7)).id(s.id()).build()),
                "id: tap service " + s.id(), "already exists");
        TapFlow f = addFlow(s.id(), cp(1, 2), Direction.OUT, null);
        assertRefused(Kind.CONFLICT,
                () -> manager.createTapFlow(flow(s.id(), cp(1, 3), Direction.IN).id(f.id()).build()),
                "id: tap flow " + f.id(), "already exists");
    }

    @Test
    public void bulkServicesAllOrNothing() {
        TapService existing = addService(cp(1, 1));
        List<TapService> oneBadPort = ImmutableList.of(service(cp(1, 2)).build(), service(cp(1, 3)).build(),
                service(new ConnectPoint(DEV, PortNumber.LOCAL)).build());
        assertRefused(Kind.INVALID, () -> manager.createTapServices(oneBadPort), "not a physical port");
        List<TapService> samePortTwice = ImmutableList.of(service(cp(1, 2)).build(), service(cp(1, 2)).build());
        assertRefused(Kind.CONFLICT, () -> manager.createTapServices(samePortTwice), "already the port");
        List<TapService> takenPort = ImmutableList.of(service(cp(1, 2)).build(), service(cp(1, 1)).build());
        assertRefused(Kind.CONFLICT, () -> manager.createTapServices(takenPort),
                "already the port of tap service " + existing.id());
        TapService first = service(cp(1, 2)).build();
        List<TapService> sameIdTwice = ImmutableList.of(first, service(cp(1, 3)).id(first.id()).build());
        assertRefused(Kind.CONFLICT, () -> manager.createTapServices(sameIdTwice), "id: tap service " + first.id());
        List<TapService> withNull = Arrays.asList(service(cp(1, 2)).build(), null);
        assertRefused(Kind.INVALID, () -> manager.createTapServices(withNull), "tap service is missing");
        List<TapService> badName = ImmutableList.of(service(cp(1, 2)).build(), service(cp(1, 3)).name("\u0000")
                .build());
        assertRefused(Kind.INVALID, () -> manager.createTapServices(badName), "name contains a control character");

        assertNull(store.getTapServiceByPort(cp(1, 2)));
        assertNull(store.getTapServiceByPort(cp(1, 3)));

        List<TapService> good = ImmutableList.of(service(cp(1, 2)).build(), service(cp(1, 3)).build());
        List<TapService> created = manager.createTapServices(good);
        assertEquals(2, created.size());
        assertEquals(good.get(0).id(), created.get(0).id());
        assertEquals(good.get(1).id(), created.get(1).id());
        assertEquals(3, store.tapServiceCount());
        assertTrue(manager.createTapServices(ImmutableList.of()).isEmpty());
    }

    @Test
    public void bulkFlowsAllOrNothing() {
        TapService s = addService(cp(1, 1));
        TapFlow existing = addFlow(s.id(), cp(1, 2), Direction.OUT, null);
        List<TapFlow> oneUnknownService = ImmutableList.of(flow(s.id(), cp(1, 3), Direction.IN).build(),
                flow(TapServiceId.random(), cp(1, 4), Direction.IN).build());
        assertRefused(Kind.NOT_FOUND, () -> manager.createTapFlows(oneUnknownService), "does not exist");
        List<TapFlow> duplicateInBatch = ImmutableList.of(flow(s.id(), cp(1, 3), Direction.IN, "7").build(),
                flow(s.id(), cp(1, 3), Direction.IN, "7").build());
        assertRefused(Kind.CONFLICT, () -> manager.createTapFlows(duplicateInBatch), "duplicate");
        List<TapFlow> duplicateOfStored = ImmutableList.of(flow(s.id(), cp(1, 3), Direction.IN).build(),
                flow(s.id(), cp(1, 2), Direction.OUT).build());
        assertRefused(Kind.CONFLICT, () -> manager.createTapFlows(duplicateOfStored), "duplicate",
                existing.id().toString());
        TapFlow first = flow(s.id(), cp(1, 3), Direction.IN).build();
        List<TapFlow> sameIdTwice = ImmutableList.of(first, flow(s.id(), cp(1, 4), Direction.IN).id(first.id())
                .build());
        assertRefused(Kind.CONFLICT, () -> manager.createTapFlows(sameIdTwice), "id: tap flow " + first.id());
        List<TapFlow> loop = ImmutableList.of(flow(s.id(), cp(1, 3), Direction.IN).build(),
                flow(s.id(), cp(1, 1), Direction.IN).build());
        assertRefused(Kind.CONFLICT, () -> manager.createTapFlows(loop), "mirror loop");
        List<TapFlow> withNull = Arrays.asList(flow(s.id(), cp(1, 3), Direction.IN).build(), null);
        assertRefused(Kind.INVALID, () -> manager.createTapFlows(withNull), "tap flow is missing");

        assertTrue(store.getTapFlowsBySource(cp(1, 3)).isEmpty());
        assertEquals(1, manager.getTapFlows(s.id()).size());

        List<TapFlow> good = ImmutableList.of(flow(s.id(), cp(1, 3), Direction.IN).build(),
                flow(s.id(), cp(1, 3), Direction.OUT).build(), flow(s.id(), cp(1, 4), Direction.BOTH).build());
        List<TapFlow> created = manager.createTapFlows(good);
        assertEquals(3, created.size());
        for (int i = 0; i < good.size(); i++) {
            assertEquals(good.get(i).id(), created.get(i).id());
            assertEquals(created.get(i), manager.getTapFlow(good.get(i).id()));
        }
        assertEquals(4, store.tapFlowCount());
    }
}

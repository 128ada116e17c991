package org.onosproject.taas.sandbox;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.GroupId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleEvent;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;
import org.onosproject.net.group.DefaultGroupBucket;
import org.onosproject.net.group.DefaultGroupDescription;
import org.onosproject.net.group.DefaultGroupKey;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupBuckets;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupEvent;
import org.onosproject.net.group.GroupKey;
import org.onosproject.taas.sandbox.net.Command;
import org.onosproject.taas.sandbox.net.NiciraExtensionResolver;
import org.onosproject.taas.sandbox.net.OpenFlowText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The sandbox's services against a real private Open vSwitch, with a mirror built by hand in
 * the engine's shape (metadata-guarded classifier, ALL group with a copy bucket and a
 * load+resubmit bucket). Skipped unless run as root with OVS installed, or when
 * -Dsandbox.skipOvsTests=true.
 */
public class RealSwitchTest {

    private static Path dir;
    private static Sandbox sandbox;
    private static Topology topology;

    @BeforeClass
    public static void startOvs() throws Exception {
        Assume.assumeFalse(Boolean.getBoolean("sandbox.skipOvsTests"));
        Assume.assumeTrue("needs root", "root".equals(System.getProperty("user.name")));
        Assume.assumeTrue("needs OVS", Command.run("ovs-vswitchd", "--version").ok()
                && Command.run("tcpdump", "--version").ok());
        dir = Files.createTempDirectory("taas-ovs-test-");
        for (String v : List.of("OVS_RUNDIR", "OVS_LOGDIR", "OVS_DBDIR", "OVS_SYSCONFDIR")) {
            Command.setEnvironment(v, dir.toString());
        }
        Command.check("ovsdb-tool", "create", dir + "/conf.db", "/usr/share/openvswitch/vswitch.ovsschema");
        Command.check("ovsdb-server", dir + "/conf.db", "--remote=punix:" + dir + "/db.sock", "--pidfile",
                "--detach", "--log-file=" + dir + "/ovsdb-server.log");
        Command.check("ovs-vsctl", "--no-wait", "init");
        Command.check("ovs-vswitchd", "--pidfile", "--detach", "--log-file=" + dir + "/ovs-vswitchd.log");
        topology = ScenarioParser.parse("it.scn", List.of("switch s1",
                "host h1 s1 1 00:00:00:00:00:01 10.0.0.1",
                "host h2 s1 2 00:00:00:00:00:02 10.0.0.2",
                "host h3 s1 3 00:00:00:00:00:03 10.0.0.3")).topology();
        sandbox = new Sandbox("it" + (ProcessHandle.current().pid() % 100), topology);
        // the test runs ONOS's group poll itself (groups().reconcile()) where it checks the states
        // between polls: no periodic poll may come in between
        System.setProperty(Sandbox.GROUP_POLL_PROPERTY, Long.toString(3_600_000));
        try {
            sandbox.startNetwork();
        } finally {
            System.clearProperty(Sandbox.GROUP_POLL_PROPERTY);
        }
    }

    @AfterClass
    public static void stopOvs() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
        if (dir != null) {
            for (String d : List.of("ovs-vswitchd", "ovsdb-server")) {
                Path pid = dir.resolve(d + ".pid");
                if (Files.exists(pid)) {
                    Command.run("kill", Files.readString(pid).trim());
                }
            }
            Thread.sleep(300);
            Command.run("rm", "-rf", dir.toString());
        }
    }

    // a rule of the switch's table whose line has every one of these texts
    private static boolean hasFlow(Topology.Switch s, String... texts) {
        return sandbox.plumbing().dump(s, "dump-flows").stream()
                .anyMatch(l -> java.util.Arrays.stream(texts).allMatch(l::contains));
    }

    private static ExtensionTreatment ext(ExtensionTreatmentTypes type) {
        return new NiciraExtensionResolver().getExtensionInstruction(type.type());
    }

    @Test
    public void handBuiltMirrorCopiesOnceAndForwardsOnce() throws Exception {
        DeviceId dev = sandbox.deviceId("s1");
        ApplicationId app = sandbox.core().registerApplication("org.onosproject.taas.it");
        List<FlowRuleEvent> flowEvents = new CopyOnWriteArrayList<>();
        List<GroupEvent> groupEvents = new CopyOnWriteArrayList<>();
        sandbox.flows().addListener(flowEvents::add);
        sandbox.groups().addListener(groupEvents::add);

        ExtensionTreatment load = ext(ExtensionTreatmentTypes.NICIRA_LOAD);
        load.setPropertyValue("ofsNbits", 63);
        load.setPropertyValue("dst", OpenFlowText.OXM_METADATA);
        load.setPropertyValue("value", 1L);
        ExtensionTreatment resubmit = ext(ExtensionTreatmentTypes.NICIRA_RESUBMIT_TABLE);
        resubmit.setPropertyValue("table", (short) 0);
        GroupKey key = new DefaultGroupKey("mirror-h1-out".getBytes());
        GroupBuckets buckets = new GroupBuckets(List.of(
                DefaultGroupBucket.createAllGroupBucket(DefaultTrafficTreatment.builder()
                        .setOutput(PortNumber.portNumber(3)).build()),
                DefaultGroupBucket.createAllGroupBucket(DefaultTrafficTreatment.builder()
                        .extension(load, dev).extension(resubmit, dev).build())));
        sandbox.groups().addGroup(new DefaultGroupDescription(dev, GroupDescription.Type.ALL, buckets, key,
                0x7000, app));
        FlowRule classifier = DefaultFlowRule.builder().forDevice(dev).fromApp(app).withPriority(65001)
                .withSelector(DefaultTrafficSelector.builder().matchInPort(PortNumber.portNumber(1))
                        .matchMetadata(0).build())
                .withTreatment(DefaultTrafficTreatment.builder().group(new GroupId(0x7000)).build())
                .makePermanent().build();
        CompletableFuture<Boolean> applied = new CompletableFuture<>();
        sandbox.flows().apply(FlowRuleOperations.builder().add(classifier).build(new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations ops) {
                applied.complete(true);
            }

            @Override
            public void onError(FlowRuleOperations ops) {
                applied.complete(false);
            }
        }));
        assertTrue("OVS accepted the classifier", applied.get(10, TimeUnit.SECONDS));
        sandbox.quiesce();
        // as in ONOS 2.7, the group store confirms a group only on its group poll
        assertEquals(Group.GroupState.PENDING_ADD, sandbox.groups().getGroup(dev, key).state());
        assertTrue(groupEvents.stream().noneMatch(e -> e.type() == GroupEvent.Type.GROUP_ADDED));
        sandbox.groups().reconcile();
        sandbox.quiesce();
        assertEquals(Group.GroupState.ADDED, sandbox.groups().getGroup(dev, key).state());
        assertTrue(groupEvents.stream().anyMatch(e -> e.type() == GroupEvent.Type.GROUP_ADDED));
        assertTrue(flowEvents.stream().anyMatch(e -> e.type() == FlowRuleEvent.Type.RULE_ADDED
                && e.subject().id().equals(classifier.id())));

        Topology.Host h1 = topology.hosts().get("h1");
        Topology.Host h2 = topology.hosts().get("h2");
        Topology.Host h3 = topology.hosts().get("h3");
        Capture c2 = Capture.start(sandbox.plumbing().inHostPrefix(h2), dir.resolve("h2.pcap"));
        Capture c3 = Capture.start(sandbox.plumbing().inHostPrefix(h3), dir.resolve("h3.pcap"));
        sandbox.plumbing().inHost(h1, "ping", "-c", "3", "-i", "0.05", "-W", "1", "10.0.0.2").orThrow();
        Thread.sleep(300);
        c2.stop();
        c3.stop();
        assertEquals(3, c3.frames("icmp[icmptype] == icmp-echo and src 10.0.0.1").size());
        assertEquals(0, c3.frames("icmp[icmptype] == icmp-echoreply").size());
        assertEquals(3, c2.frames("icmp[icmptype] == icmp-echo").size());

        sandbox.flows().reconcile();
        sandbox.groups().reconcile();
        FlowEntry entry = sandbox.flows().getFlowEntry(classifier);
        assertEquals(FlowEntry.FlowEntryState.ADDED, entry.state());
        assertEquals(3, entry.packets());
        assertEquals(3, sandbox.groups().getGroup(dev, key).packets());

        // a rule deleted behind ONOS's back is installed again by the flow poll and stays ADDED,
        // without RULE_REMOVED, as ONOS's FlowRuleManager re-pushes a rule of its store the
        // switch lacks
        Topology.Switch s1 = topology.switches().get("s1");
        Command.check("ovs-ofctl", "-O", "OpenFlow13", "--strict", "del-flows", sandbox.plumbing().bridge(s1),
                "priority=65001,in_port=1,metadata=0");
        assertFalse(hasFlow(s1, "priority=65001,"));
        sandbox.flows().reconcile();
        sandbox.quiesce();
        assertTrue(flowEvents.stream().noneMatch(e -> e.type() == FlowRuleEvent.Type.RULE_REMOVED));
        assertEquals(FlowEntry.FlowEntryState.ADDED, sandbox.flows().getFlowEntry(classifier).state());
        assertTrue(hasFlow(s1, "priority=65001,", "actions=group:28672"));

        // a rule the switch refuses (unknown group) fails its batch and is not stored
        FlowRule bad = DefaultFlowRule.builder().forDevice(dev).fromApp(app).withPriority(65002)
                .withSelector(DefaultTrafficSelector.builder().matchInPort(PortNumber.portNumber(2)).build())
                .withTreatment(DefaultTrafficTreatment.builder().group(new GroupId(0x7999)).build())
                .makePermanent().build();
        CompletableFuture<Boolean> refused = new CompletableFuture<>();
        sandbox.flows().apply(FlowRuleOperations.builder().add(bad).build(new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations ops) {
                refused.complete(false);
            }

            @Override
            public void onError(FlowRuleOperations ops) {
                refused.complete(true);
            }
        }));
        assertTrue("OVS refused a rule to a missing group", refused.get(10, TimeUnit.SECONDS));
        assertEquals(null, sandbox.flows().getFlowEntry(bad));

        // ovs-vswitchd restarts: the device goes unavailable and comes back; the stores re-push
        // the group and the rules it lost at their first poll, 1 s after the connection (the
        // group PENDING_ADD_RETRY until the next group poll), without any REMOVED event, and
        // the mirror copies again
        List<DeviceEvent> deviceEvents = new CopyOnWriteArrayList<>();
        sandbox.devices().addListener(deviceEvents::add);
        long ms = sandbox.restartSwitches();
        assertTrue("seen again after " + ms + " ms", ms < 10_000);
        assertTrue("re-pushed at the first poll", Waits.until(() -> hasFlow(s1, "priority=65001,",
                "actions=group:28672"), 5_000));
        sandbox.quiesce();
        assertTrue(sandbox.devices().isAvailable(dev));
        assertEquals(2, deviceEvents.stream().filter(e -> e.type() == DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED)
                .count());
        assertEquals(3, deviceEvents.stream().filter(e -> e.type() == DeviceEvent.Type.PORT_UPDATED
                && e.port().isEnabled()).count());
        assertTrue(String.join("\n", sandbox.plumbing().dump(s1, "dump-groups")).contains("group_id=28672"));
        assertTrue(hasFlow(s1, "priority=65001,", "actions=group:28672"));
        assertEquals(Group.GroupState.PENDING_ADD_RETRY, sandbox.groups().getGroup(dev, key).state());
        assertEquals(FlowEntry.FlowEntryState.ADDED, sandbox.flows().getFlowEntry(classifier).state());
        assertTrue(flowEvents.stream().noneMatch(e -> e.type() == FlowRuleEvent.Type.RULE_REMOVED));
        assertTrue(groupEvents.stream().noneMatch(e -> e.type() == GroupEvent.Type.GROUP_REMOVED));
        c3 = Capture.start(sandbox.plumbing().inHostPrefix(h3), dir.resolve("h3-restart.pcap"));
        sandbox.plumbing().inHost(h1, "ping", "-c", "3", "-i", "0.05", "-W", "1", "10.0.0.2").orThrow();
        Thread.sleep(300);
        c3.stop();
        assertEquals(3, c3.frames("icmp[icmptype] == icmp-echo and src 10.0.0.1").size());
        long added = groupEvents.stream().filter(e -> e.type() == GroupEvent.Type.GROUP_ADDED).count();
        sandbox.groups().reconcile();
        sandbox.quiesce();
        assertEquals(Group.GroupState.ADDED, sandbox.groups().getGroup(dev, key).state());
        assertEquals(added + 1, groupEvents.stream().filter(e -> e.type() == GroupEvent.Type.GROUP_ADDED).count());

        sandbox.groups().removeGroup(dev, key, app);
        sandbox.quiesce();
        // gone from the switch at once, from the group store only at the poll
        assertEquals(Group.GroupState.PENDING_DELETE, sandbox.groups().getGroup(dev, key).state());
        assertFalse(String.join("\n", sandbox.plumbing().dump(s1, "dump-groups")).contains("group_id=28672"));
        // an add under that key waits for the poll, as in ONOS
        sandbox.groups().addGroup(new DefaultGroupDescription(dev, GroupDescription.Type.ALL, buckets, key,
                0x7000, app));
        assertEquals(1, sandbox.groups().waitedAdds());
        sandbox.groups().reconcile();
        sandbox.quiesce();
        assertTrue(groupEvents.stream().anyMatch(e -> e.type() == GroupEvent.Type.GROUP_REMOVED));
        assertEquals(Group.GroupState.PENDING_ADD, sandbox.groups().getGroup(dev, key).state());
        assertTrue(String.join("\n", sandbox.plumbing().dump(s1, "dump-groups")).contains("group_id=28672"));
    }
}

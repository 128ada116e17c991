package org.onosproject.taas.sandbox.net;

import org.onosproject.core.ApplicationId;
import org.onosproject.event.ListenerRegistry;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowId;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleEvent;
import org.onosproject.net.flow.FlowRuleListener;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleServiceAdapter;
import org.onosproject.net.flow.StoredFlowEntry;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.slf4j.LoggerFactory.getLogger;

/**
 * FlowRuleService that installs rules in the sandbox's OVS bridges. Each stage of a batch
 * becomes one atomic {@code ovs-ofctl --bundle add-flows} per device (adds and strict
 * deletes). Like ONOS, a submitted rule is stored at once as PENDING_ADD (removal:
 * PENDING_REMOVE) and becomes ADDED when the switch accepted it, with RULE_ADDED posted then;
 * a batch the switch refuses is rolled back and reported through the context's onError.
 * {@link #reconcile()} (ONOS's flow poll) reads {@code dump-flows} back: counters are copied
 * into the entries, and an ADDED rule the switch no longer has (it restarted, or someone
 * deleted it) is installed again and stays ADDED, without an event, as ONOS 2.7's
 * FlowRuleManager does with a rule in its store that the switch lacks ({@code flowMissing}).
 * The OpenFlow cookie of each rule is its flow id.
 */
public class OvsFlowRuleService extends FlowRuleServiceAdapter {

    private final Logger log = getLogger(getClass());
    private final OvsSwitches switches;
    private final ListenerRegistry<FlowRuleEvent, FlowRuleListener> listeners = new ListenerRegistry<>();
    private final Map<DeviceId, Map<FlowId, StoredFlowEntry>> entries = new ConcurrentHashMap<>();

    /**
     * Creates the service.
     *
     * @param switches bridges to program
     */
    public OvsFlowRuleService(OvsSwitches switches) {
        this.switches = switches;
    }

    private Map<FlowId, StoredFlowEntry> table(DeviceId id) {
        return entries.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
    }

    @Override
    public void apply(FlowRuleOperations ops) {
        List<List<FlowRuleOperation>> stages = new ArrayList<>();
        for (Set<FlowRuleOperation> stage : ops.stages()) {
            List<FlowRuleOperation> list = new ArrayList<>(stage);
            stages.add(list);
            synchronized (this) {
                for (FlowRuleOperation op : list) {
                    FlowRule rule = op.rule();
                    if (op.type() == FlowRuleOperation.Type.REMOVE) {
                        StoredFlowEntry e = table(rule.deviceId()).get(rule.id());
                        if (e != null) {
                            e.setState(FlowEntry.FlowEntryState.PENDING_REMOVE);
                        }
                    } else {
                        StoredFlowEntry old = table(rule.deviceId()).get(rule.id());
                        if (old == null || old.state() != FlowEntry.FlowEntryState.ADDED
                                || !old.exactMatch(rule) || !old.treatment().equals(rule.treatment())) {
                            table(rule.deviceId()).put(rule.id(),
                                    new DefaultFlowEntry(rule, FlowEntry.FlowEntryState.PENDING_ADD));
                        }
                    }
                }
            }
        }
        FlowRuleOperationsContext context = ops.callback();
        switches.io(() -> {
            for (List<FlowRuleOperation> stage : stages) {
                String error = applyStage(stage);
                if (error != null) {
                    log.warn("Flow batch refused: {}", error);
                    if (context != null) {
                        switches.post(() -> context.onError(ops));
                    }
                    return null;
                }
            }
            if (context != null) {
                switches.post(() -> context.onSuccess(ops));
            }
            return null;
        });
    }

    /**
     * Applies one stage, one bundle per device; returns null or the reason it failed.
     */
    private String applyStage(List<FlowRuleOperation> stage) {
        Map<DeviceId, List<FlowRuleOperation>> byDevice = new LinkedHashMap<>();
        stage.forEach(op -> byDevice.computeIfAbsent(op.rule().deviceId(), k -> new ArrayList<>()).add(op));
        String failure = null;
        for (Map.Entry<DeviceId, List<FlowRuleOperation>> e : byDevice.entrySet()) {
            String error = applyOnDevice(e.getKey(), e.getValue());
            if (error != null && failure == null) {
                failure = error;
            }
        }
        return failure;
    }

    private String applyOnDevice(DeviceId id, List<FlowRuleOperation> ops) {
        String error = null;
        StringBuilder lines = new StringBuilder();
        try {
            for (FlowRuleOperation op : ops) {
                lines.append(op.type() == FlowRuleOperation.Type.REMOVE ? OpenFlowText.deleteFlow(op.rule())
                        : op.type() == FlowRuleOperation.Type.MODIFY ? OpenFlowText.modifyFlow(op.rule())
                        : OpenFlowText.addFlow(op.rule())).append('\n');
            }
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        if (error == null && switches.bridge(id) == null) {
            error = "unknown device " + id;
        }
        if (error == null) {
            Command c = switches.ofctl(id, lines.toString(), "--bundle", "add-flows", "%BR", "-");
            error = c.ok() ? null : c.describeFailure();
        }
        List<FlowRuleEvent> events = new ArrayList<>();
        synchronized (this) {
            Map<FlowId, StoredFlowEntry> table = table(id);
            for (FlowRuleOperation op : ops) {
                FlowRule rule = op.rule();
                StoredFlowEntry current = table.get(rule.id());
                if (op.type() == FlowRuleOperation.Type.REMOVE) {
                    if (error == null) {
                        StoredFlowEntry removed = table.remove(rule.id());
                        events.add(new FlowRuleEvent(FlowRuleEvent.Type.RULE_REMOVED,
                                removed != null ? removed : new DefaultFlowEntry(rule)));
                    } else if (current != null && current.state() == FlowEntry.FlowEntryState.PENDING_REMOVE) {
                        current.setState(FlowEntry.FlowEntryState.ADDED);
                    }
                } else if (current != null && current.state() == FlowEntry.FlowEntryState.PENDING_ADD) {
                    if (error == null) {
                        current.setState(FlowEntry.FlowEntryState.ADDED);
                        current.setLastSeen();
                        events.add(new FlowRuleEvent(op.type() == FlowRuleOperation.Type.MODIFY
                                ? FlowRuleEvent.Type.RULE_UPDATED : FlowRuleEvent.Type.RULE_ADDED, current));
                    } else {
                        table.remove(rule.id());
                    }
                }
            }
        }
        events.forEach(e -> switches.post(() -> listeners.process(e)));
        return error;
    }

    /**
     * ONOS's flow poll of every connected device, on the OVS thread: counters go into the
     * entries; ADDED entries the switch no longer has are installed again (they stay ADDED,
     * no event). Waits until done.
     */
    public void reconcile() {
        switches.io(() -> {
            for (DeviceId id : switches.devices()) {
                if (switches.connected(id)) {
                    reconcileOn(id);
                }
            }
            return null;
        }).join();
    }

    /**
     * Queues one flow poll of a device on the OVS thread, as ONOS's OpenFlow provider polls a
     * switch when it connects; does not wait (callable from the OVS thread).
     *
     * @param id device id
     * @return completed when the poll has run
     */
    public CompletableFuture<Void> reconcile(DeviceId id) {
        return switches.io(() -> {
            if (switches.bridge(id) != null) {
                reconcileOn(id);
            }
            return null;
        });
    }

    private void reconcileOn(DeviceId id) {
        Command dump = switches.ofctl(id, null, "dump-flows", "%BR");
        if (!dump.ok()) {
            return;
        }
        Map<Long, long[]> counters = OvsOutput.parseFlowCounters(dump.out());
        List<StoredFlowEntry> missing = new ArrayList<>();
        synchronized (this) {
            for (StoredFlowEntry e : table(id).values()) {
                if (e.state() != FlowEntry.FlowEntryState.ADDED) {
                    continue;
                }
                long[] c = counters.get(e.id().value());
                if (c == null) {
                    missing.add(e);
                } else {
                    e.setPackets(c[0]);
                    e.setBytes(c[1]);
                    e.setLastSeen();
                }
            }
        }
        if (!missing.isEmpty()) {
            reinstall(id, missing);
        }
    }

    // One add-flows for all (not a bundle: as ONOS sends one FLOW_MOD per missing rule, a rule
    // the switch refuses, e.g. to a group not there yet, must not keep the others out); if
    // the switch refused any, each alone, so that only those refused stay missing until the
    // next poll.
    private void reinstall(DeviceId id, List<StoredFlowEntry> missing) {
        log.info("{} rule(s) in the store are missing on {}; installing them again", missing.size(), id);
        List<String> lines = new ArrayList<>();
        for (StoredFlowEntry e : missing) {
            lines.add(OpenFlowText.addFlow(e));
        }
        Command all = switches.ofctl(id, String.join("\n", lines) + "\n", "add-flows", "%BR", "-");
        if (all.ok()) {
            return;
        }
        for (String line : lines) {
            Command one = switches.ofctl(id, line + "\n", "add-flows", "%BR", "-");
            if (!one.ok()) {
                log.warn("Re-installing a rule on {} failed (next poll retries): {}", id, one.describeFailure());
            }
        }
    }

    /**
     * Forgets the entries of a device (its bridge is gone), without events.
     *
     * @param id device id
     */
    public void forget(DeviceId id) {
        entries.remove(id);
    }

    private FlowRuleOperations.Builder opsOf(FlowRule[] rules, boolean add) {
        FlowRuleOperations.Builder b = FlowRuleOperations.builder();
        for (FlowRule r : rules) {
            if (add) {
                b.add(r);
            } else {
                b.remove(r);
            }
        }
        return b;
    }

    @Override
    public void applyFlowRules(FlowRule... flowRules) {
        apply(opsOf(flowRules, true).build());
    }

    @Override
    public void removeFlowRules(FlowRule... flowRules) {
        apply(opsOf(flowRules, false).build());
    }

    @Override
    public void removeFlowRulesById(ApplicationId appId) {
        removeFlowRules(entriesOf(e -> e.appId() == appId.id()).toArray(new FlowRule[0]));
    }

    @Override
    public void purgeFlowRules(DeviceId deviceId) {
        removeFlowRules(entriesOf(e -> e.deviceId().equals(deviceId)).toArray(new FlowRule[0]));
    }

    @Override
    public void purgeFlowRules(DeviceId deviceId, ApplicationId appId) {
        removeFlowRules(entriesOf(e -> e.deviceId().equals(deviceId) && e.appId() == appId.id())
                .toArray(new FlowRule[0]));
    }

    private List<FlowEntry> entriesOf(java.util.function.Predicate<FlowEntry> filter) {
        return entries.values().stream().flatMap(t -> t.values().stream())
                .filter(filter).collect(Collectors.toList());
    }

    @Override
    public int getFlowRuleCount() {
        return entries.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public FlowEntry getFlowEntry(FlowRule rule) {
        Map<FlowId, StoredFlowEntry> t = entries.get(rule.deviceId());
        return t == null ? null : t.get(rule.id());
    }

    @Override
    public Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
        Map<FlowId, StoredFlowEntry> t = entries.get(deviceId);
        return t == null ? List.of() : List.copyOf(t.values());
    }

    @Override
    public Iterable<FlowEntry> getFlowEntriesById(ApplicationId id) {
        return entriesOf(e -> e.appId() == id.id());
    }

    @Override
    public Iterable<FlowRule> getFlowRulesByGroupId(ApplicationId appId, short groupId) {
        return entriesOf(e -> e.appId() == appId.id() && e.groupId().id() == groupId).stream()
                .map(e -> (FlowRule) e).collect(Collectors.toList());
    }

    @Override
    public void addListener(FlowRuleListener listener) {
        listeners.addListener(listener);
    }

    @Override
    public void removeListener(FlowRuleListener listener) {
        listeners.removeListener(listener);
    }
}

package org.onosproject.taas.impl;

import com.google.common.base.MoreObjects;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The difference between the rules and groups installed for some ports and the ones wanted:
 * what to add, modify and remove. Flow rules are matched on (table, priority, selector) and
 * compared on their treatment; groups are matched on their key and compared on their buckets.
 */
final class RuleDiff {

    final List<FlowRule> addRules = new ArrayList<>();
    final List<FlowRule> modifyRules = new ArrayList<>();
    final List<FlowRule> removeRules = new ArrayList<>();
    final List<GroupDescription> addGroups = new ArrayList<>();
    final List<GroupDescription> modifyGroups = new ArrayList<>();
    final List<GroupDescription> removeGroups = new ArrayList<>();

    /**
     * Computes a difference.
     *
     * @param installedRules rules installed (or pending) now
     * @param installedGroups groups installed (or pending) now
     * @param wantedRules rules wanted
     * @param wantedGroups groups wanted
     * @return the difference
     */
    static RuleDiff of(Collection<? extends FlowRule> installedRules,
                       Collection<? extends GroupDescription> installedGroups,
                       Collection<FlowRule> wantedRules, Collection<GroupDescription> wantedGroups) {
        RuleDiff d = new RuleDiff();
        Map<RuleKey, FlowRule> have = new HashMap<>();
        installedRules.forEach(r -> have.put(new RuleKey(r), r));
        for (FlowRule want : wantedRules) {
            FlowRule got = have.remove(new RuleKey(want));
            if (got == null) {
                d.addRules.add(want);
            } else if (!got.treatment().equals(want.treatment())) {
                d.modifyRules.add(want);
            }
        }
        d.removeRules.addAll(have.values());

        Map<GroupKey, GroupDescription> haveGroups = new HashMap<>();
        installedGroups.forEach(g -> haveGroups.put(g.appCookie(), g));
        for (GroupDescription want : wantedGroups) {
            GroupDescription got = haveGroups.remove(want.appCookie());
            if (got == null) {
                d.addGroups.add(want);
            } else if (!got.buckets().equals(want.buckets())) {
                d.modifyGroups.add(want);
            }
        }
        d.removeGroups.addAll(haveGroups.values());
        return d;
    }

    /**
     * Returns true if nothing needs to change.
     *
     * @return true if empty
     */
    boolean isEmpty() {
        return addRules.isEmpty() && modifyRules.isEmpty() && removeRules.isEmpty()
                && addGroups.isEmpty() && modifyGroups.isEmpty() && removeGroups.isEmpty();
    }

    /**
     * Returns true if flow rules need to change.
     *
     * @return true if rules change
     */
    boolean changesRules() {
        return !(addRules.isEmpty() && modifyRules.isEmpty() && removeRules.isEmpty());
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
                .add("addRules", addRules.size()).add("modifyRules", modifyRules.size())
                .add("removeRules", removeRules.size()).add("addGroups", addGroups.size())
                .add("modifyGroups", modifyGroups.size()).add("removeGroups", removeGroups.size())
                .toString();
    }

    /**
     * Identity of a flow rule on a device: table, priority and selector.
     */
    static final class RuleKey {
        private final Object device;
        private final int table;
        private final int priority;
        private final TrafficSelector selector;

        RuleKey(FlowRule r) {
            this.device = r.deviceId();
            this.table = r.tableId();
            this.priority = r.priority();
            this.selector = r.selector();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof RuleKey)) {
                return false;
            }
            RuleKey k = (RuleKey) o;
            return table == k.table && priority == k.priority && device.equals(k.device)
                    && selector.equals(k.selector);
        }

        @Override
        public int hashCode() {
            return Objects.hash(device, table, priority, selector);
        }
    }
}

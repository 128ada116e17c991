package org.onosproject.taas.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.osgi.DefaultServiceDirectory;
import org.onlab.osgi.ServiceDirectory;
import org.onlab.osgi.ServiceNotFoundException;
import org.onosproject.cli.AbstractShellCommand;
import org.onosproject.codec.CodecService;
import org.onosproject.codec.JsonCodec;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.PortText;
import org.onosproject.taas.api.TaasIds;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;
import org.onosproject.taas.api.VlanFilter;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Base of the tap service and tap flow commands: service lookup, parsing of the options
 * shared by several commands, resolution of ID|NAME arguments and JSON output.
 * <p>
 * A command either succeeds, or fails by throwing an exception whose message is one line
 * naming the option or field and the problem, before changing anything. Karaf prints
 * {@code Error executing command: <message>} and, for a command run over ssh, ends with exit
 * status 1; nothing is written to the error output, which Karaf's ssh server may lose.
 */
abstract class TaasCommand extends AbstractShellCommand {

    /** A connect point as the commands expect it. */
    static final String CONNECT_POINT_EXAMPLE = PortText.EXAMPLE;

    /** JSON array key of tap service listings, as in the REST API. */
    static final String TAP_SERVICES = "tapServices";
    /** JSON array key of tap flow listings, as in the REST API. */
    static final String TAP_FLOWS = "tapFlows";

    /** Marks a counter the switch shares with other tap flows. */
    static final String SHARED_MARK = "*";
    /** Footnote of tables with a shared counter. */
    static final String SHARED_NOTE = SHARED_MARK + " counted together with other tap flows of the same source, "
            + "direction and tap service (one switch counter); tap-flows ID|NAME names them";


    /** Listing order: by name, then by id. */
    static final Comparator<TapService> SERVICE_ORDER =
            Comparator.comparing(TapService::name).thenComparing(s -> s.id().toString());
    /** Listing order: by name, then by id. */
    static final Comparator<TapFlow> FLOW_ORDER =
            Comparator.comparing(TapFlow::name).thenComparing(f -> f.id().toString());

    // Where services come from: OSGi inside ONOS; unit tests put a test directory here.
    ServiceDirectory directory = new DefaultServiceDirectory();

    @Override
    public <T> T getService(Class<T> serviceClass) {
        return directory.get(serviceClass);
    }

    @Override
    public <T> JsonCodec<T> codec(Class<T> entityClass) {
        return getService(CodecService.class).getCodec(entityClass);
    }

    /**
     * Runs the command. A failure is thrown, not printed: Karaf prints the message as
     * {@code Error executing command: <message>} and gives exit status 1 over ssh.
     *
     * @throws CliException  bad input, or a service ONOS does not have (the application is
     *                       not active)
     * @throws TaasException a request the application refused
     */
    @Override
    protected final void doExecute() {
        try {
            perform();
        } catch (ServiceNotFoundException e) {
            // AbstractShellCommand.execute() would print this one on the error output and
            // end normally (exit status 0): throw it as a failure of the command instead
            throw new CliException(e.getMessage() + "; is the org.onosproject.taas application active?");
        }
    }

    /**
     * Runs the command. Bad input is reported by throwing {@link CliException} or
     * {@link TaasException} before anything is changed.
     */
    protected abstract void perform();

    /**
     * Returns the tap service query API.
     *
     * @return TaasService
     */
    TaasService taas() {
        return getService(TaasService.class);
    }

    /**
     * Returns the statistics of the tap objects, or null when the application's statistics
     * component does not run (listings then show no counters rather than fail).
     *
     * @return TaasStatsService or null
     */
    TaasStatsService stats() {
        try {
            return getService(TaasStatsService.class);
        } catch (ServiceNotFoundException e) {
            return null;
        }
    }

    /**
     * Returns a counter for a table cell: the number, with {@value #SHARED_MARK} when the
     * switch counts other tap flows' copies with it; empty ("-") when not sampled yet.
     *
     * @param stats statistics, or null
     * @param value the counter
     * @return cell text
     */
    static String counterCell(TapStats stats, long value) {
        if (stats == null || stats.sampled().isEmpty()) {
            return "";
        }
        return value + (stats.sharedWith().isEmpty() ? "" : SHARED_MARK);
    }

    /**
     * Returns one line on the counters of a tap object: packets, bytes, rates and sample
     * time, as shown under a single object's row.
     *
     * @param stats statistics
     * @return text
     */
    static String describeCounters(TapStats stats) {
        if (stats.sampled().isEmpty()) {
            return "not sampled yet (the controller polls groups every 10 s, rules every 5 s)";
        }
        String rate = stats.packetsPerSecond().isPresent() && stats.bitsPerSecond().isPresent()
                ? String.format("%.1f packets/s, %s", stats.packetsPerSecond().get(),
                                TapStats.formatBitRate(stats.bitsPerSecond().get()))
                : "rate after the next sample";
        return String.format("%d packets, %d bytes; %s; sampled %s", stats.packets(), stats.bytes(), rate,
                             stats.sampled().get());
    }


    /**
     * Returns the tap service administration API.
     *
     * @return TaasAdminService
     */
    TaasAdminService admin() {
        return getService(TaasAdminService.class);
    }

    /**
     * Resolves an ID|NAME argument to a tap service.
     *
     * @param text   UUID or exact name
     * @param option option or argument name, for messages
     * @return tap service
     * @throws CliException if there is none or the name is ambiguous
     */
    TapService tapService(String text, String option) {
        TaasService taas = taas();
        return resolve(text, option, "tap service", "tap services",
                       t -> taas.getTapService(TapServiceId.of(t)),
                       taas.getTapServices(), TapService::name, s -> s.id().toString());
    }

    /**
     * Resolves an ID|NAME argument to a tap flow.
     *
     * @param text   UUID or exact name
     * @param option option or argument name, for messages
     * @return tap flow
     * @throws CliException if there is none or the name is ambiguous
     */
    TapFlow tapFlow(String text, String option) {
        TaasService taas = taas();
        return resolve(text, option, "tap flow", "tap flows",
                       t -> taas.getTapFlow(TapFlowId.of(t)),
                       taas.getTapFlows(), TapFlow::name, f -> f.id().toString());
    }

    private static <T> T resolve(String text, String option, String what, String whats,
                                 Function<String, T> byId, Collection<T> all,
                                 Function<T, String> name, Function<T, String> id) {
        if (text == null || text.trim().isEmpty()) {
            throw new CliException(option + ": missing; give the id or the name of a " + what);
        }
        if (TaasIds.isUuid(text.trim())) {
            T found = byId.apply(text.trim());
            if (found == null) {
                throw new CliException(option + ": " + what + " " + text.trim() + " does not exist");
            }
            return found;
        }
        List<T> named = all.stream().filter(o -> name.apply(o).equals(text)).collect(Collectors.toList());
        if (named.isEmpty()) {
            throw new CliException(option + ": no " + what + " has the id or name " + quote(text));
        }
        if (named.size() > 1) {
            throw new CliException(option + ": name " + quote(text) + " matches " + named.size() + " "
                    + whats + " (" + named.stream().map(id).sorted().collect(Collectors.joining(", "))
                    + "); give an id instead");
        }
        return named.get(0);
    }

    /**
     * Checks that a required option was given.
     *
     * @param value  option value, or null
     * @param option option name
     * @param hint   what to give
     * @return the value
     * @throws CliException if the value is missing
     */
    static String required(String value, String option, String hint) {
        if (value == null) {
            throw new CliException(option + " is required: give " + hint);
        }
        return value;
    }

    /**
     * Parses a device port such as {@code of:0000000000000001/3}.
     *
     * @param text   connect point text
     * @param option option name, for messages
     * @return connect point
     * @throws CliException naming the problem
     */
    static ConnectPoint connectPoint(String text, String option) {
        String t = required(text, option, "a connect point such as " + CONNECT_POINT_EXAMPLE).trim();
        try {
            return PortText.parse(t);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + ": " + e.getMessage());
        }
    }

    /**
     * Parses a direction: IN, OUT or BOTH, in any case.
     *
     * @param text   direction text
     * @param option option name, for messages
     * @return direction
     * @throws CliException naming the allowed values
     */
    static Direction direction(String text, String option) {
        try {
            return Direction.parse(required(text, option, "IN, OUT or BOTH"));
        } catch (IllegalArgumentException e) {
            throw new CliException(option + ": " + e.getMessage());
        }
    }

    /**
     * Parses a VLAN filter in TaaS syntax, such as {@code 9,18,27-36}.
     *
     * @param text   filter text
     * @param option option name, for messages
     * @return VLAN filter
     * @throws CliException naming the offending entry
     */
    static VlanFilter vlanFilter(String text, String option) {
        try {
            return VlanFilter.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + ": " + e.getMessage());
        }
    }

    /**
     * Quotes user text for a message, shortening it if long.
     *
     * @param text user text
     * @return quoted text
     */
    static String quote(String text) {
        return PortText.quote(text);
    }

    /**
     * Returns how a tap service is named in messages: its id, and its name if it has one.
     *
     * @param s tap service
     * @return description
     */
    static String describe(TapService s) {
        return s.name().isEmpty() ? s.id().toString() : s.id() + " (" + s.name() + ")";
    }

    /**
     * Returns how a tap flow is named in messages: its id, and its name if it has one.
     *
     * @param f tap flow
     * @return description
     */
    static String describe(TapFlow f) {
        return f.name().isEmpty() ? f.id().toString() : f.id() + " (" + f.name() + ")";
    }

    /**
     * Encodes an entity with the codec ONOS's CodecService has for its class, as the REST
     * API does.
     *
     * @param entity entity
     * @param type   entity class
     * @param <T>    entity type
     * @return JSON object
     * @throws CliException if no codec is registered
     */
    <T> ObjectNode json(T entity, Class<T> type) {
        return jsonCodec(type).encode(entity, this);
    }

    /**
     * Encodes entities as the REST API lists them: an object with one array.
     *
     * @param key      array key
     * @param entities entities, in order
     * @param type     entity class
     * @param <T>      entity type
     * @return JSON object
     * @throws CliException if no codec is registered
     */
    <T> ObjectNode json(String key, Collection<T> entities, Class<T> type) {
        JsonCodec<T> codec = jsonCodec(type);
        ObjectNode root = mapper().createObjectNode();
        ArrayNode array = root.putArray(key);
        entities.forEach(e -> array.add(codec.encode(e, this)));
        return root;
    }

    private <T> JsonCodec<T> jsonCodec(Class<T> type) {
        JsonCodec<T> codec = codec(type);
        if (codec == null) {
            throw new CliException("no JSON codec is registered for " + type.getSimpleName()
                    + "; is the org.onosproject.taas application active?");
        }
        return codec;
    }

    /**
     * Prints JSON, indented.
     *
     * @param node JSON
     */
    void printJson(JsonNode node) {
        try {
            print("%s", mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new CliException("cannot write JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Prints table lines.
     *
     * @param table table
     */
    void printTable(TextTable table) {
        table.lines().forEach(line -> print("%s", line));
    }
}

package org.onosproject.taas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Before;
import org.junit.Test;
import org.onlab.osgi.TestServiceDirectory;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

/**
 * The counters in the CLI: PACKETS and BYTES columns of tap-services and tap-flows (shared
 * figures marked, not-sampled ones empty), the counters under a single object's row, and the
 * "stats" object of -j.
 */
public class TapStatsCommandsTest extends CliTestBase {

    private static final Instant WHEN = Instant.parse("2026-11-29T17:15:00Z");

    private final Map<TapServiceId, TapStats> serviceStats = new HashMap<>();
    private final Map<TapFlowId, TapStats> flowStats = new HashMap<>();

    @Before
    public void addStatsService() {
        ((TestServiceDirectory) directory).add(TaasStatsService.class, new TaasStatsService() {
            @Override
            public TapStats tapServiceStats(TapServiceId id) {
                return serviceStats.getOrDefault(id, TapStats.notSampled());
            }

            @Override
            public TapStats tapFlowStats(TapFlowId id) {
                return flowStats.getOrDefault(id, TapStats.notSampled());
            }

            @Override
            public TapStats sourceStats(ConnectPoint source, TapServiceId service) {
                return TapStats.idle(WHEN);
            }
        });
    }

    @Test
    public void tapServicesShowPacketsAndBytes() {
        TapService a = service("analyzer", DST);
        TapService b = service("backup", DST2);
        serviceStats.put(a.id(), TapStats.of(1234, 98765, 2.0, 1600.0, WHEN, null));
        run(new TapServicesCommand());
        assertNoError();
        List<String> lines = outLines();
        assertThat(lines.get(0).split("\\s+"), is(new String[]{"ID", "NAME", "DESTINATION", "STATUS", "FLOWS",
                "PACKETS",
                "BYTES", "REASON"}));
        String[] row = lines.get(1).split("\\s{2,}");
        assertThat(row[5], is("1234"));
        assertThat(row[6], is("98765"));
        assertThat("not sampled yet: no figure", lines.get(2).split("\\s{2,}")[5], is("-"));
        assertThat(lines.get(1).indexOf("1234"), is(lines.get(0).indexOf("PACKETS")));

        TapServicesCommand one = new TapServicesCommand();
        one.service = "analyzer";
        run(one);
        assertNoError();
        assertThat(outLines().get(outLines().size() - 1),
                   is("received: 1234 packets, 98765 bytes; 2.0 packets/s, 1.6 kbit/s; sampled " + WHEN));
        one = new TapServicesCommand();
        one.service = b.id().toString();
        run(one);
        assertThat(outLines().get(outLines().size() - 1), is("received: not sampled yet (the controller polls "
                + "groups every 10 s, rules every 5 s)"));
    }

    @Test
    public void tapFlowsMarkSharedFiguresAndNameWhoShares() {
        TapService s = service("analyzer", DST);
        TapFlow all = flow("all", SRC, s, Direction.OUT, null);
        TapFlow v100 = flow("v100", SRC, s, Direction.OUT, "100");
        TapFlow other = flow("other", SRC2, s, Direction.IN, null);
        flowStats.put(all.id(), TapStats.of(50, 5000, null, null, WHEN, List.of(v100.id())));
        flowStats.put(v100.id(), TapStats.of(50, 5000, null, null, WHEN, List.of(all.id())));
        flowStats.put(other.id(), TapStats.of(7, 700, 0.5, 400.0, WHEN, null));
        run(new TapFlowsCommand());
        assertNoError();
        List<String> lines = outLines();
        assertThat(lines, hasSize(5));
        assertThat(lines.get(0).split("\\s+"), is(new String[]{"ID", "NAME", "SOURCE", "DIRECTION", "FILTER",
                "SERVICE", "STATUS", "PACKETS", "BYTES", "REASON"}));
        assertThat(lines.get(1).split("\\s{2,}")[7], is("50*"));
        assertThat(lines.get(1).split("\\s{2,}")[8], is("5000*"));
        assertThat(lines.get(2).split("\\s{2,}")[7], is("7"));
        assertThat(lines.get(4), is(TaasCommand.SHARED_NOTE));

        TapFlowsCommand one = new TapFlowsCommand();
        one.flow = "v100";
        run(one);
        assertNoError();
        lines = outLines();
        assertThat(lines.get(lines.size() - 2),
                   is("copied: 50 packets, 5000 bytes; rate after the next sample; sampled " + WHEN));
        assertThat(lines.get(lines.size() - 1), is("shared with: " + all.id() + " (all) (the switch counts "
                + "their copies together with this flow's)"));
    }

    @Test
    public void jsonCarriesTheStatsObject() throws Exception {
        TapService s = service("analyzer", DST);
        TapFlow f = flow("web", SRC, s, Direction.BOTH, null);
        flowStats.put(f.id(), TapStats.of(3, 300, 0.25, 200.0, WHEN, null));
        TapFlowsCommand c = new TapFlowsCommand();
        c.flow = "web";
        runJson(c);
        assertNoError();
        JsonNode stats = outJson().get("stats");
        assertThat(stats.get("packets").asLong(), is(3L));
        assertThat(stats.get("packetsPerSecond").asDouble(), is(0.25));
        assertThat(stats.get("sampled").asText(), is(WHEN.toString()));
        assertTrue(stats.get("sharedWith").isArray());

        runJson(new TapServicesCommand());
        JsonNode svc = outJson().get("tapServices").get(0).get("stats");
        assertTrue("not sampled", svc.get("sampled").isNull());
        assertThat(svc.get("packets").asLong(), is(0L));
    }

    @Test
    public void bitRatesGetAUnit() {
        assertThat(TapStats.formatBitRate(999), is("999 bit/s"));
        assertThat(TapStats.formatBitRate(1500), is("1.5 kbit/s"));
        assertThat(TapStats.formatBitRate(2_340_000), is("2.3 Mbit/s"));
        assertThat(TapStats.formatBitRate(9.9e12), is("9900.0 Gbit/s"));
    }
}

package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.Direction;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapFlowId;
import org.onosproject.taas.api.TapService;
import org.onosproject.taas.api.TapServiceId;
import org.onosproject.taas.api.TapStats;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The "stats" object of tap services and tap flows: written from the TaasStatsService of the
 * codec context, left out without one, accepted and ignored on input, read back by clients.
 */
public class TapStatsCodecTest {

    private static final TapFlowId OTHER = TapFlowId.of("11111111-2222-4333-8444-555555555555");
    private static final Instant WHEN = Instant.parse("2026-11-29T17:15:00.123Z");

    private final TapService service = TapService.builder().id(TapServiceId.random())
            .port(ConnectPoint.deviceConnectPoint("of:0000000000000001/3")).build();
    private final TapFlow flow = TapFlow.builder().id(TapFlowId.random()).tapServiceId(service.id())
            .sourcePort(ConnectPoint.deviceConnectPoint("of:0000000000000001/1")).direction(Direction.OUT).build();

    private final TaasStatsService stats = new TaasStatsService() {
        @Override
        public TapStats tapServiceStats(TapServiceId id) {
            return TapStats.of(42, 4200, 1.5, 1200.0, WHEN, null);
        }

        @Override
        public TapStats tapFlowStats(TapFlowId id) {
            return TapStats.of(40, 4000, null, null, WHEN, List.of(OTHER));
        }

        @Override
        public TapStats sourceStats(ConnectPoint source, TapServiceId s) {
            return TapStats.idle(WHEN);
        }
    };

    // a context with the codecs and a statistics service
    private final CodecContext withStats = new CodecContext() {
        private final ObjectMapper mapper = new ObjectMapper();

        @Override
        public ObjectMapper mapper() {
            return mapper;
        }

        @Override
        public <T> JsonCodec<T> codec(Class<T> entityClass) {
            return new TestCodecContext().codec(entityClass);
        }

        @Override
        public <T> T getService(Class<T> serviceClass) {
            return serviceClass.cast(stats);
        }
    };

    @Test
    public void tapServicesAndFlowsCarryTheirStats() {
        ObjectNode s = new TapServiceCodec().encode(service, withStats);
        ObjectNode st = (ObjectNode) s.get("stats");
        assertThat(st.get("packets").asLong(), is(42L));
        assertThat(st.get("bytes").asLong(), is(4200L));
        assertThat(st.get("packetsPerSecond").asDouble(), is(1.5));
        assertThat(st.get("bitsPerSecond").asDouble(), is(1200.0));
        assertThat(st.get("sampled").asText(), is("2026-11-29T17:15:00.123Z"));
        assertFalse("sharedWith is for tap flows", st.has("sharedWith"));

        ObjectNode f = new TapFlowCodec().encode(flow, withStats);
        ObjectNode ft = (ObjectNode) f.get("stats");
        assertThat(ft.get("packets").asLong(), is(40L));
        assertTrue("no rate yet", ft.get("packetsPerSecond").isNull());
        assertTrue(ft.get("bitsPerSecond").isNull());
        assertThat(ft.get("sharedWith").size(), is(1));
        assertThat(ft.get("sharedWith").get(0).asText(), is(OTHER.toString()));
    }

    @Test
    public void withoutAStatsServiceThereIsNoStatsField() {
        assertFalse(new TapServiceCodec().encode(service, new TestCodecContext()).has("stats"));
        assertFalse(new TapFlowCodec().encode(flow, new TestCodecContext()).has("stats"));
    }

    @Test
    public void statsAreAcceptedAndIgnoredOnInput() {
        ObjectNode s = new TapServiceCodec().encode(service, withStats);
        TapService back = new TapServiceCodec().decode(s, withStats);
        assertThat(back.id(), is(service.id()));
        ObjectNode f = new TapFlowCodec().encode(flow, withStats);
        assertThat(new TapFlowCodec().decode(f, withStats).id(), is(flow.id()));
        f.putNull("stats");
        assertThat(new TapFlowCodec().decode(f, withStats).id(), is(flow.id()));
        f.put("stats", 3);
        try {
            new TapFlowCodec().decode(f, withStats);
            fail("accepted a number as stats");
        } catch (TaasException e) {
            assertThat(e.kind(), is(TaasException.Kind.INVALID));
            assertThat(e.getMessage(), startsWith("stats: expected an object"));
        }
        s.put("stats", "lots");
        try {
            new TapServiceCodec().decode(s, withStats);
            fail("accepted a string as stats");
        } catch (TaasException e) {
            assertThat(e.getMessage(), startsWith("stats: expected an object"));
        }
    }

    @Test
    public void clientsReadTheStatsBack() throws IOException {
        ObjectNode f = new TapFlowCodec().encode(flow, withStats);
        TapStats back = new TapStatsCodec().decode((ObjectNode) f.get("stats"), withStats);
        assertThat(back, is(stats.tapFlowStats(flow.id())));
        ObjectNode notYet = (ObjectNode) new ObjectMapper().readTree(
                "{\"packets\":0,\"bytes\":0,\"packetsPerSecond\":null,\"bitsPerSecond\":null,\"sampled\":null}");
        assertThat(new TapStatsCodec().decode(notYet, withStats), is(TapStats.notSampled()));
    }
}

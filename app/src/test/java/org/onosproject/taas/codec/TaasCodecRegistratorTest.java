package org.onosproject.taas.codec;

import org.junit.Test;
import org.onosproject.codec.CodecService;
import org.onosproject.codec.JsonCodec;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThat;

/**
 * Tests of {@link TaasCodecRegistrator}.
 */
public class TaasCodecRegistratorTest {

    /** Codec service keeping codecs in a map. */
    private static final class MapCodecService implements CodecService {
        private final Map<Class<?>, JsonCodec<?>> codecs = new HashMap<>();

        @Override
        public Set<Class<?>> getCodecs() {
            return codecs.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> JsonCodec<T> getCodec(Class<T> entityClass) {
            return (JsonCodec<T>) codecs.get(entityClass);
        }

        @Override
        public <T> void registerCodec(Class<T> entityClass, JsonCodec<T> codec) {
            codecs.put(entityClass, codec);
        }

        @Override
        public void unregisterCodec(Class<?> entityClass) {
            codecs.remove(entityClass);
        }
    }

    /**
     * The codecs are there between activate and deactivate.
     */
    @Test
    public void registersAndUnregisters() {
        MapCodecService service = new MapCodecService();
        TaasCodecRegistrator registrator = new TaasCodecRegistrator();
        registrator.codecService = service;
        registrator.activate();
        assertThat(service.getCodec(TapService.class), instanceOf(TapServiceCodec.class));
        assertThat(service.getCodec(TapFlow.class), instanceOf(TapFlowCodec.class));
        registrator.deactivate();
        assertThat(service.getCodec(TapService.class), nullValue());
        assertThat(service.getCodec(TapFlow.class), nullValue());
        assertThat(service.getCodecs().isEmpty(), is(true));
    }
}

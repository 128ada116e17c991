package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.onosproject.taas.api.TapFlow;
import org.onosproject.taas.api.TapService;

/**
 * Codec context that knows only the two codecs of this package.
 */
final class TestCodecContext implements CodecContext {

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> JsonCodec<T> codec(Class<T> entityClass) {
        if (entityClass == TapService.class) {
            return (JsonCodec<T>) new TapServiceCodec();
        }
        if (entityClass == TapFlow.class) {
            return (JsonCodec<T>) new TapFlowCodec();
        }
        return null;
    }

    @Override
    public <T> T getService(Class<T> serviceClass) {
        throw new UnsupportedOperationException("no services in codec tests");
    }
}

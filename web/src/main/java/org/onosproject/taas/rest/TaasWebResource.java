package org.onosproject.taas.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.rest.AbstractWebResource;
import org.onosproject.taas.api.PortText;
import org.onosproject.taas.api.TaasException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Common request handling of the Tap as a Service resources: strict JSON reading (no
 * duplicate keys, no trailing content, bounded size and depth) and bulk bodies.
 */
public abstract class TaasWebResource extends AbstractWebResource {

    /** Largest request body accepted, in bytes. */
    static final int MAX_BODY = 1024 * 1024;
    /** Deepest JSON nesting accepted; valid bodies need three levels. */
    static final int MAX_DEPTH = 8;

    private static final String ID = "id";
    private static final JsonFactory STRICT_JSON = new JsonFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper STRICT_MAPPER = new ObjectMapper(STRICT_JSON);

    /**
     * Reads a request body that must be one JSON object.
     *
     * @param stream request body
     * @return JSON object
     * @throws TaasException INVALID if the body is empty, too large, malformed or not an object
     */
    protected ObjectNode readObject(InputStream stream) {
        byte[] body;
        try {
            body = stream == null ? new byte[0] : stream.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw TaasException.invalid("cannot read the request body: " + e.getMessage());
        }
        if (body.length > MAX_BODY) {
            throw TaasException.invalid("request body is too large (more than " + MAX_BODY + " bytes)");
        }
        JsonNode node;
        try {
            checkStructure(body);
            node = STRICT_MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw TaasException.invalid("malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw TaasException.invalid("malformed JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw TaasException.invalid("request body is empty: expected a JSON object");
        }
        if (!node.isObject()) {
            throw TaasException.invalid("request body must be a JSON object, not " + typeOf(node));
        }
        return (ObjectNode) node;
    }

    // Streams through the body once: finds syntax errors, duplicate keys, trailing content
    // and excessive nesting before any tree is built.
    private static void checkStructure(byte[] body) throws IOException {
        try (JsonParser parser = STRICT_JSON.createParser(body)) {
            int depth = 0;
            boolean seenRoot = false;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (depth == 0 && seenRoot) {
                    throw TaasException.invalid("malformed JSON: unexpected content after the JSON object");
                }
                if (token.isStructStart()) {
                    depth++;
                    if (depth > MAX_DEPTH) {
                        throw TaasException.invalid("malformed JSON: nested deeper than " + MAX_DEPTH + " levels");
                    }
                } else if (token.isStructEnd()) {
                    depth--;
                }
                if (depth == 0) {
                    seenRoot = true;
                }
            }
        }
    }

    /**
     * Decodes a bulk body {@code {"<wrapper>": [ {...}, ... ]}}; the wrapper must be the only
     * field and hold a non-empty array of objects.
     *
     * @param body    request body
     * @param wrapper name of the plural wrapper
     * @param decoder decoder of one element
     * @param <T>     element type
     * @return decoded elements, in order
     */
    protected <T> List<T> decodeBulk(ObjectNode body, String wrapper, Function<ObjectNode, T> decoder) {
        if (body.size() != 1) {
            body.fieldNames().forEachRemaining(name -> {
                if (!name.equals(wrapper)) {
                    throw TaasException.invalid("'" + name + "': unknown field next to " + wrapper
                            + "; a bulk request holds only " + wrapper);
                }
            });
        }
        JsonNode list = body.get(wrapper);
        if (list == null || !list.isArray()) {
            throw TaasException.invalid(wrapper + ": expected an array, got "
                    + (list == null ? "nothing" : typeOf(list)));
        }
        if (list.size() == 0) {
            throw TaasException.invalid(wrapper + ": empty list; give at least one element");
        }
        List<T> decoded = new ArrayList<>();
        ArrayNode array = (ArrayNode) list;
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (!element.isObject()) {
                throw TaasException.invalid(wrapper + "[" + i + "]: expected an object, got " + typeOf(element));
            }
            try {
                decoded.add(decoder.apply((ObjectNode) element));
            } catch (TaasException e) {
                throw new TaasException(e.kind(), wrapper + "[" + i + "]: " + e.getMessage());
            }
        }
        return decoded;
    }

    /**
     * Checks that the id in a PUT body, if any, is the id in the path; a null id is dropped.
     *
     * @param body   request body
     * @param pathId id in the path
     * @throws TaasException INVALID if the ids differ
     */
    protected static void checkSameId(ObjectNode body, String pathId) {
        JsonNode id = body.get(ID);
        if (id == null) {
            return;
        }
        if (id.isNull()) {
            body.remove(ID);
            return;
        }
        if (!id.isTextual() || !id.textValue().trim().equalsIgnoreCase(pathId)) {
            throw TaasException.invalid(ID + ": " + (id.isTextual() ? quote(id.textValue()) : typeOf(id))
                    + " does not match the id in the path " + pathId + "; the id cannot be changed");
        }
    }

    /**
     * Quotes user text for an error message, shortening it if long.
     *
     * @param text user text
     * @return quoted text
     */
    static String quote(String text) {
        return PortText.quote(text);
    }

    /**
     * Returns a short description of a JSON node's type.
     *
     * @param node JSON node
     * @return type name
     */
    static String typeOf(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isTextual()) {
            return "a string";
        }
        return node.isNull() ? "null" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}

package org.onosproject.taas.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.taas.api.PortText;
import org.onosproject.taas.api.TaasException;
import org.onosproject.taas.api.TaasIds;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Strict reading of the JSON fields shared by the tap service and tap flow codecs. Every
 * failure is a {@link TaasException} of kind INVALID whose message starts with the field name.
 */
final class TaasJson {

    /** Largest OpenFlow port number. */


    private TaasJson() {
    }

    /**
     * Rejects fields other than the allowed ones.
     *
     * @param json    object
     * @param allowed allowed field names
     * @param what    what the object is, for the message
     */
    static void checkFields(ObjectNode json, Set<String> allowed, String what) {
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw TaasException.invalid(quote(name) + ": unknown field in " + what
                        + "; allowed fields are " + String.join(", ", allowed));
            }
        }
    }

    /**
     * Returns an optional text field; absent or null gives null.
     *
     * @param json  object
     * @param field field name
     * @return text or null
     */
    static String optionalText(ObjectNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw TaasException.invalid(field + ": expected a string, got " + typeOf(node));
        }
        return node.textValue();
    }

    /**
     * Returns a required text field.
     *
     * @param json  object
     * @param field field name
     * @param what  what the object is, for the message
     * @return text
     */
    static String requiredText(ObjectNode json, String field, String what) {
        String text = optionalText(json, field);
        if (text == null) {
            throw TaasException.invalid(field + ": missing; a " + what + " needs it");
        }
        return text;
    }

    /**
     * Parses a UUID.
     *
     * @param text  UUID text
     * @param field field name, for the message
     * @return UUID
     */
    static UUID uuid(String text, String field) {
        if (!TaasIds.isUuid(text)) {
            throw TaasException.invalid(field + ": malformed id " + quote(text)
                    + "; expected a UUID such as 4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f");
        }
        return UUID.fromString(text);
    }

    /**
     * Parses a connect point of a device port, such as {@code of:0000000000000001/3}.
     *
     * @param text  connect point text
     * @param field field name, for the message
     * @return connect point
     */
    static ConnectPoint connectPoint(String text, String field) {
        try {
            return PortText.parse(text);
        } catch (IllegalArgumentException e) {
            throw TaasException.invalid(field + ": " + e.getMessage());
        }
    }

    /**
     * Returns a short description of a JSON node's type.
     *
     * @param node JSON node
     * @return type name
     */
    static String typeOf(JsonNode node) {
        switch (node.getNodeType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
            case POJO:
                return "an object";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case STRING:
                return "a string";
            case NULL:
                return "null";
            default:
                return node.getNodeType().toString().toLowerCase(Locale.ROOT);
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
     * Returns an immutable, ordered set of field names.
     *
     * @param names field names
     * @return set
     */
    static Set<String> fields(String... names) {
        return ImmutableSet.copyOf(names);
    }
}

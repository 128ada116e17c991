package org.onosproject.taas.api;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The text form of the UUIDs behind tap service and tap flow ids, shared by every interface.
 */
public final class TaasIds {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private TaasIds() {
    }

    /**
     * Returns true if the text, exactly as given, is a UUID in its 8-4-4-4-12 hex form.
     *
     * @param text text, may be null
     * @return true for a UUID
     */
    public static boolean isUuid(String text) {
        return text != null && UUID_TEXT.matcher(text).matches();
    }

    static UUID parseUuid(String text, String what) {
        if (text == null || !isUuid(text.trim())) {
            throw new IllegalArgumentException("malformed " + what + " '" + text
                    + "': expected a UUID such as 4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f");
        }
        return UUID.fromString(text.trim());
    }
}

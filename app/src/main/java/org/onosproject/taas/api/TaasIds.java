package org.onosproject.taas.api;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Parsing of the UUIDs behind tap service and tap flow ids.
 */
final class TaasIds {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private TaasIds() {
    }

    static UUID parseUuid(String text, String what) {
        if (text == null || !UUID_TEXT.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException("malformed " + what + " '" + text
                    + "': expected a UUID such as 4f0e2b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f");
        }
        return UUID.fromString(text.trim());
    }
}

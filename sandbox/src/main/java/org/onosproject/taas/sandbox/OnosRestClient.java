package org.onosproject.taas.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A small JSON client of an ONOS instance's REST API with HTTP basic authentication.
 * Paths are relative to the instance's base URL ({@code http://127.0.0.1:8181}), such as
 * {@code /onos/v1/devices} or {@code /onos/taas/tap-services}.
 */
public final class OnosRestClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * A reply that is not a success.
     */
    public static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }

        /**
         * Returns the HTTP status.
         *
         * @return status code
         */
        public int status() {
            return status;
        }
    }

    /**
     * Creates a client.
     *
     * @param baseUrl  base URL of the instance, without a path
     * @param user     user name
     * @param password password
     */
    public OnosRestClient(String baseUrl, String user, String password) {
        this.base = baseUrl.replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the base URL.
     *
     * @return URL
     */
    public String base() {
        return base;
    }

    /**
     * Returns the JSON mapper used for bodies.
     *
     * @return mapper
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Encodes a path segment (a device id has a colon, a host id a slash).
     *
     * @param segment text
     * @return encoded text
     */
    public static String segment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * GETs a JSON document.
     *
     * @param path path
     * @return body
     * @throws HttpError if the status is not 2xx (404 included)
     */
    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    /**
     * GETs a JSON document, or a missing node on 404.
     *
     * @param path path
     * @return body, or {@link MissingNode} if there is none
     */
    public JsonNode getIfPresent(String path) {
        try {
            return get(path);
        } catch (HttpError e) {
            if (e.status() == 404) {
                return MissingNode.getInstance();
            }
            throw e;
        }
    }

    /**
     * POSTs a JSON body, or nothing.
     *
     * @param path path
     * @param body JSON, or null for an empty request
     * @return reply body (empty object if none)
     */
    public JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    /**
     * PUTs a JSON body.
     *
     * @param path path
     * @param body JSON
     * @return reply body
     */
    public JsonNode put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    /**
     * DELETEs a resource.
     *
     * @param path path
     * @return whether it existed (false on 404)
     */
    public boolean delete(String path) {
        try {
            send("DELETE", path, null);
            return true;
        } catch (HttpError e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", authorization).header("Accept", "application/json");
        try {
            if (body != null) {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String text = r.body() == null ? "" : r.body();
            if (r.statusCode() / 100 != 2) {
                throw new HttpError(r.statusCode(), method + " " + path + ": HTTP " + r.statusCode() + " "
                        + messageOf(text));
            }
            return text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + base + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    // ONOS's JSON errors are {"code": N, "message": "..."}; anything else is quoted shortened
    private String messageOf(String text) {
        try {
            JsonNode j = mapper.readTree(text);
            if (j != null && j.hasNonNull("message")) {
                return j.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON
        }
        String t = text.strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}

package io.aspd.api;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Checks of request fields that JSON allows in several shapes; every failure names the parameter. */
final class JsonParams {
    private JsonParams() {
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** {@code stop}: absent, one string, or an array of strings; none of them empty. */
    static List<String> stopStrings(JsonNode stop) {
        if (absent(stop)) {
            return List.of();
        }
        List<String> stops = new ArrayList<>();
        if (stop.isString()) {
            stops.add(stop.asString());
        } else if (stop.isArray()) {
            for (int i = 0; i < stop.size(); i++) {
                JsonNode item = stop.get(i);
                if (!item.isString()) {
                    throw ApiException.invalidType("stop[" + i + "]", "Invalid type for 'stop[" + i
                            + "]': expected a string, but got " + describe(item) + ".");
                }
                stops.add(item.asString());
            }
        } else {
            throw ApiException.invalidType("stop",
                    "Invalid type for 'stop': expected a string or an array of strings, but got " + describe(stop) + ".");
        }
        if (stops.stream().anyMatch(String::isEmpty)) {
            throw ApiException.invalid("stop", "Stop sequences must not be empty strings.");
        }
        return List.copyOf(stops);
    }

    /** A field the server does not implement: accepted only when absent or set to {@code null}. */
    static void rejectIfPresent(JsonNode value, String param, String why) {
        if (!absent(value)) {
            throw ApiException.unsupported(param, "'" + param + "' is not supported: " + why + ".");
        }
    }

    /** A field whose empty value ({@code null}, {@code {}} or {@code []}) means "not used". */
    static void rejectIfNotEmpty(JsonNode value, String param, String why) {
        if (!absent(value) && !((value.isObject() || value.isArray()) && value.isEmpty())) {
            throw ApiException.unsupported(param, "'" + param + "' is not supported: " + why + ".");
        }
    }

    /** The JSON type of a value, as error messages name it. */
    static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "an object";
    }
}

package io.aspd.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Lists every field of a parsed Kubernetes object that its schema does not know.
 *
 * <p>fabric8's deserializer does not reject a misspelt key such as {@code imagePullPolicyy}: it keeps it in the
 * object's {@code additionalProperties} map, and the API server would later drop it silently. Walking the typed model
 * and reporting each non-empty {@code additionalProperties} turns such a typo into a test failure, which is the
 * offline substitute for server-side schema validation (no cluster is available in CI).
 */
final class UnknownFieldFinder {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFieldFinder() {
    }

    /** JSON paths of unknown fields below {@code root}, e.g. {@code .spec.template.spec.containers[0].imagePullPolicyy}. */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found);
        return found;
    }

    private static void walk(Object node, String path, List<String> found) {
        if (node instanceof Collection<?> elements) {
            int index = 0;
            for (Object element : elements) {
                walk(element, path + "[" + index++ + "]", found);
            }
        } else if (node instanceof Map<?, ?> entries) {
            entries.forEach((key, value) -> walk(value, path + "." + key, found));
        } else if (node != null && node.getClass().getName().startsWith(MODEL_PACKAGE)) {
            walkModel(node, path, found);
        }
    }

    private static void walkModel(Object model, String path, List<String> found) {
        for (Class<?> type = model.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object value = read(field, model);
                if (field.getName().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> unknown) {
                        unknown.keySet().forEach(key -> found.add(path + "." + key));
                    }
                } else {
                    walk(value, path + "." + jsonName(field), found);
                }
            }
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + field + " of " + owner.getClass().getName(), e);
        }
    }

    private static String jsonName(Field field) {
        JsonProperty property = field.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : field.getName();
    }
}

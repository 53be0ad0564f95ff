package dev.agentry.spring.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.Environment;

/**
 * Reads the properties under a prefix as the tree they were written as: maps, lists (from
 * {@code [0]} indexes) and scalars. Values are raw: {@code ${NAME}} references stay as written,
 * because Agentry resolves them itself and refuses secrets that are not references. Kebab-case
 * keys become camelCase ({@code base-url} is {@code baseUrl}); bracketed keys ({@code [my-key]})
 * are kept as written. Decimal numbers become decimal strings (Agentry's amounts are strings).
 * When several property sources set the same name, the one Spring ranks first wins.
 */
public final class PropertyTree {

    private PropertyTree() {
    }

    /**
     * Reads the tree under a prefix.
     *
     * @param environment the environment
     * @param prefix a property name such as {@code agentry.agents}
     * @return the tree, empty when nothing is set
     */
    public static Map<String, Object> read(Environment environment, String prefix) {
        return read(ConfigurationPropertySources.get(environment), prefix);
    }

    static Map<String, Object> read(Iterable<ConfigurationPropertySource> sources, String prefix) {
        ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
        Map<Object, Object> tree = new LinkedHashMap<>();
        Set<ConfigurationPropertyName> seen = new HashSet<>();
        for (ConfigurationPropertySource source : sources) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(root::isAncestorOf).filter(seen::add).forEach(name -> {
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    if (property != null) {
                        put(tree, name, root.getNumberOfElements(), scalar(property.getValue()));
                    }
                });
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> shaped = (Map<String, Object>) shape(tree);
        return shaped;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<Object, Object> tree, ConfigurationPropertyName name, int from, Object value) {
        Map<Object, Object> node = tree;
        int last = name.getNumberOfElements() - 1;
        for (int i = from; i < last; i++) {
            Object child = node.computeIfAbsent(key(name, i), k -> new LinkedHashMap<>());
            if (!(child instanceof Map)) {
                return;
            }
            node = (Map<Object, Object>) child;
        }
        node.putIfAbsent(key(name, last), value);
    }

    private static Object key(ConfigurationPropertyName name, int i) {
        String element = name.getElement(i, Form.ORIGINAL);
        if (name.isNumericIndex(i)) {
            return Integer.valueOf(element);
        }
        return name.chop(i + 1).isLastElementIndexed() ? element : camel(element);
    }

    static String camel(String kebab) {
        StringBuilder out = new StringBuilder(kebab.length());
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Object scalar(Object value) {
        Object raw = value instanceof OriginTrackedValue tracked ? tracked.getValue() : value;
        if (raw instanceof Double || raw instanceof Float) {
            return new BigDecimal(raw.toString()).toPlainString();
        }
        if (raw instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return raw instanceof CharSequence text ? text.toString() : raw;
    }

    private static Object shape(Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        if (!map.isEmpty() && map.keySet().stream().allMatch(Integer.class::isInstance)) {
            List<Object> list = new ArrayList<>();
            new TreeMap<>(map).values().forEach(v -> list.add(shape(v)));
            return list;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k.toString(), shape(v)));
        return out;
    }
}

package dev.agentry.runner;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Finds every {@code ${NAME}} reference without a default whose variable is not set, anywhere in
 * a configuration file, and reports each one with its JSON path. The values it returns stand in
 * for the missing variables, so the rest of the check can go on and find the other problems: a
 * non-blank stand-in ({@code unset-NAME}), whose own errors {@link Problems} drops, except for the
 * values the runner supplies itself, which stay empty as the runner expects.
 */
final class EnvScan {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");

    private EnvScan() {}

    /**
     * Scans a configuration.
     *
     * @param root the parsed file
     * @param file the file as shown in messages
     * @param env the environment
     * @param exempt paths whose unset references are not problems (values the runner supplies itself)
     * @param problems where to report
     * @return the environment with a stand-in for every missing variable
     */
    static Map<String, String> scan(JsonNode root, String file, Map<String, String> env, Set<String> exempt, Problems problems) {
        Map<String, String> completed = new HashMap<>(env);
        walk(root, "$", file, env, exempt, problems, completed);
        return completed;
    }

    private static void walk(JsonNode node, String path, String file, Map<String, String> env, Set<String> exempt, Problems problems,
            Map<String, String> completed) {
        if (node.isObject()) {
            node.properties().forEach(field -> walk(field.getValue(), Problems.child(path, field.getKey()), file, env, exempt, problems, completed));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", file, env, exempt, problems, completed);
            }
        } else if (node.isString()) {
            Matcher m = REFERENCE.matcher(node.asString());
            while (m.find()) {
                if (m.group(2) == null && !env.containsKey(m.group(1))) {
                    if (exempt.contains(path)) {
                        completed.put(m.group(1), "");
                    } else {
                        completed.putIfAbsent(m.group(1), "unset-" + m.group(1));
                        problems.unset(file, path, m.group(1));
                    }
                }
            }
        }
    }
}

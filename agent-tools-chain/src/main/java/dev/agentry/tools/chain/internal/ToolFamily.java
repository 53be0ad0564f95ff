package dev.agentry.tools.chain.internal;

import dev.agentry.core.Tool;
import java.util.List;

/** A family of chain tools over the shared {@link ToolEnv}. */
abstract class ToolFamily {
    /** What the tools share. */
    final ToolEnv env;

    ToolFamily(ToolEnv env) {
        this.env = env;
    }

    /** @return the family's tools */
    abstract List<Tool> tools();
}

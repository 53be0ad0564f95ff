package dev.agentry.runner;

import dev.agentry.core.AgentConfig;
import dev.agentry.core.Persona;
import dev.agentry.memory.AgentryStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every way of running a checked bot reads the same: its configuration (the persona's path
 * made absolute), its agent id (the folder's name without {@code agent.id}), its persona and its
 * model; and its knowledge, ingested into a store.
 *
 * @param config the configuration
 * @param agentId the agent's id
 * @param persona the persona
 * @param model the model chosen
 */
record BotParts(AgentConfig config, String agentId, Persona persona, ModelChoice model) {

    /**
     * Reads the parts of a checked bot and says which model it runs on.
     *
     * @param folder the bot folder
     * @param root the configuration, with the values a local chain filled in (changed: the persona's path)
     * @param env the environment
     * @param out where to say the model
     * @return the parts
     */
    static BotParts read(BotFolder folder, ObjectNode root, Map<String, String> env, PrintStream out) {
        ObjectNode agentSection = (ObjectNode) root.get("agent");
        agentSection.put("persona", folder.dir().resolve(agentSection.get("persona").asString()).normalize().toString());
        AgentConfig config = AgentConfig.parse(root.toString(), BotFolder.shown(folder.config()), env);
        ModelChoice model = ModelChoice.of(config, folder);
        out.println("model: " + model.description());
        return new BotParts(config, config.agentId().orElse(folder.dir().getFileName().toString()), config.persona().orElseThrow(), model);
    }

    /**
     * Ingests the folder's {@code knowledge/} documents, if any, into the agent's memory (unchanged ones are skipped).
     *
     * @param store the store
     * @param folder the bot folder
     * @param out where to say what was ingested
     */
    void ingestKnowledge(AgentryStore store, BotFolder folder, PrintStream out) {
        if (Files.isDirectory(folder.knowledge())) {
            var report = store.ingest(agentId, folder.knowledge(), (f, done, total, chunks, skipped) ->
                    out.println("knowledge: " + f.getFileName() + (skipped ? " (unchanged)" : " → " + chunks + " chunks")));
            out.println("knowledge: " + report.chunks() + " chunks from " + BotFolder.shown(folder.knowledge()));
        }
    }
}

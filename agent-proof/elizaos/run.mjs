// Runs ElizaOS 1.7 (core + bootstrap + sql/PGlite + openai plugins, as installed by package.json) through
// the 50-message group chat of agent-proof against the stub OpenAI server that ElizaBenchmark starts
// (OPENAI_BASE_URL), with the same character (converted from proof/bench-persona.json). Prints, for the
// Java side to read: READY <ms from process start to the first answer>, one MESSAGE line per message
// (index, wall-clock ms, whether it answered), and MEMORY rss_mb=.. peak_mb=.. at the end. With a
// number of warm-up chats, it first runs the chat that many times in rooms of their own (V8's JIT
// warms up, as in a bot that has been running a while), prints WARM-UP <k> <ms> after each and
// MEASURED before the measured chat in room group-1.
// Usage: node agent-proof/elizaos/run.mjs <persona.json> <group-chat.txt> <data dir> [warm-up chats]
import { readFileSync } from 'node:fs';
import { ElizaOS, ChannelType, stringToUuid } from '@elizaos/core';
import sqlPlugin, { createDatabaseAdapter } from '@elizaos/plugin-sql';
import bootstrapPlugin from '@elizaos/plugin-bootstrap';
import openaiPlugin from '@elizaos/plugin-openai';

const [personaFile, scriptFile, dataDir, warmUpArg] = process.argv.slice(2);
const warmUpChats = Number(warmUpArg || 0);
const persona = JSON.parse(readFileSync(personaFile, 'utf8'));
const script = readFileSync(scriptFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
  const bar = l.indexOf('|');
  return { user: l.slice(0, bar), text: l.slice(bar + 1) };
});

// ElizaOS 1.x character fields: message examples name their speaker with "name".
const character = {
  id: stringToUuid(persona.name),
  name: persona.name,
  bio: persona.bio,
  lore: persona.lore,
  topics: persona.topics,
  adjectives: persona.adjectives,
  style: persona.style,
  postExamples: persona.postExamples,
  messageExamples: persona.messageExamples.map((conversation) =>
    conversation.map((m) => ({ name: m.user, content: { text: m.content.text } }))),
  settings: { secrets: {} },
};

process.env.PGLITE_DATA_DIR = dataDir;
process.env.OPENAI_SMALL_MODEL = 'gpt-4o-mini';
process.env.OPENAI_LARGE_MODEL = 'gpt-4o-mini';
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'error';

// ElizaOS 1.7.2 looks the agent up before it runs the SQL plugin's migrations (its server migrates
// first), so a fresh database is migrated here, the way the server does, and handed to the agent.
const adapter = createDatabaseAdapter({ dataDir }, character.id);
await adapter.init();
await adapter.runPluginMigrations([{ name: sqlPlugin.name, schema: sqlPlugin.schema }], { verbose: false, force: false, dryRun: false });
const eliza = new ElizaOS();
const [runtime] = await eliza.addAgents([{ character, plugins: [sqlPlugin, bootstrapPlugin, openaiPlugin], databaseAdapter: adapter }],
  { autoStart: true, returnRuntimes: true });

const worldId = stringToUuid('bench-world');
const processStart = Date.now() - process.uptime() * 1000;
let first = true;

async function chat(room, print) {
  const roomId = stringToUuid(room);
  const entities = {};
  for (const user of new Set(script.map((m) => m.user))) {
    entities[user] = stringToUuid('user-' + user);
    await runtime.ensureConnection({
      entityId: entities[user], roomId, worldId, userName: user, name: user, source: 'group',
      channelId: room, type: ChannelType.GROUP, worldName: 'bench',
    });
  }
  for (let i = 0; i < script.length; i++) {
    const m = script[i];
    const t0 = performance.now();
    const result = await eliza.handleMessage(runtime, {
      entityId: entities[m.user], roomId, worldId,
      content: { text: m.text, source: 'group', channelType: ChannelType.GROUP },
    });
    const answered = Boolean(result && (result.processing?.responseContent?.text || result.response?.text || result.responseContent?.text));
    const wall = performance.now() - t0;
    if (first) {
      first = false;
      console.log('READY ' + Math.round(Date.now() - processStart));
    }
    if (print) {
      console.log(`MESSAGE ${i + 1} ${wall.toFixed(2)} ${answered}`);
    }
  }
}

for (let k = 1; k <= warmUpChats; k++) {
  const t0 = performance.now();
  await chat('warm-up-' + k, false);
  console.log(`WARM-UP ${k} ${Math.round(performance.now() - t0)}`);
}
console.log('MEASURED');
await chat('group-1', true);
const status = readFileSync('/proc/self/status', 'utf8');
const field = (name) => Math.round(Number(/\d+/.exec(status.split('\n').find((l) => l.startsWith(name + ':')))[0]) / 1024);
console.log(`MEMORY rss_mb=${field('VmRSS')} peak_mb=${field('VmHWM')}`);
await eliza.stopAgents();
process.exit(0);

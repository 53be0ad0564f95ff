package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A labelled recall set with real all-MiniLM-L6-v2 embeddings: 36 facts, each asked with different
 * wording, among 320 noise memories; the fact must be in the top 5 for at least 90% of questions.
 */
class RecallSetTest {
    @TempDir
    Path tmp;

    /** fact, question (worded differently). */
    static final String[][] SET = {
        {"Alice is allergic to peanuts and carries an EpiPen.", "Which food could give Alice a severe reaction?"},
        {"Bob's daughter Emma started university in Lisbon this autumn.", "Where is Bob's kid studying now?"},
        {"Carol prefers to be paid in USDC rather than ETH.", "Which stablecoin does Carol want for her payments?"},
        {"Dave runs a bakery in Montreal that opens at 6 am.", "What kind of shop does Dave own?"},
        {"Erin's cat is called Pixel and is fourteen years old.", "What is the name of Erin's pet?"},
        {"Frank lost his seed phrase in 2021 and never recovered the wallet.", "Did Frank ever get his old crypto wallet back?"},
        {"Grace is training for the Berlin marathon in September.", "Which race is Grace preparing for?"},
        {"Hector only speaks Spanish and Portuguese, not English.", "What languages can Hector understand?"},
        {"Ivy wants the agent to never mention her real name publicly.", "What privacy request did Ivy make?"},
        {"Jack bought 2,000 AGT tokens during the first hour of the launch.", "How early did Jack buy into the token sale?"},
        {"Kim is a nurse who works night shifts at the city hospital.", "What is Kim's job?"},
        {"Leo's favourite football club is Boca Juniors.", "Which soccer team does Leo support?"},
        {"Mia is moving from London to Singapore next March.", "Where is Mia relocating to?"},
        {"Noah collects vintage mechanical watches.", "What does Noah like to collect?"},
        {"Olivia's birthday is on the 14th of February.", "When should we wish Olivia a happy birthday?"},
        {"Paul is the owner of this agent and approves all transfers above 1 ETH.", "Who has to sign off on large transfers?"},
        {"Quinn got scammed by a fake airdrop link last week.", "What bad thing happened to Quinn recently?"},
        {"Rosa is vegan and does not eat honey.", "What diet does Rosa follow?"},
        {"Sam plays the cello in a community orchestra.", "Which instrument does Sam play?"},
        {"Tina's company builds solar panels for farms.", "What does Tina's business make?"},
        {"Umar asked for weekly reports every Monday morning.", "How often does Umar want updates?"},
        {"Vera's wallet address is on the allowlist for refunds.", "Can Vera receive refunds from the agent?"},
        {"Will is afraid of flying and always travels by train.", "How does Will get around on long trips?"},
        {"Xena teaches mathematics at a high school in Athens.", "What subject does Xena teach?"},
        {"Yuki is learning to code in Rust on weekends.", "Which programming language is Yuki studying?"},
        {"Zoe has two younger brothers who are twins.", "Does Zoe have any siblings?"},
        {"The community voted to burn 5% of the treasury tokens in June.", "What did the token holders decide about the treasury?"},
        {"The agent's Discord server has the rule of no price predictions.", "What topic is banned in the Discord?"},
        {"Aaron's grandmother taught him to make pierogi.", "Who showed Aaron how to cook dumplings?"},
        {"Bella broke her wrist while skateboarding in May.", "How did Bella get injured?"},
        {"Chris is colour-blind and cannot tell red from green.", "Which colours does Chris confuse?"},
        {"Dana's startup was acquired by a larger fintech company.", "What happened to Dana's company?"},
        {"Eli keeps bees on the roof of his apartment building.", "What unusual hobby does Eli have at home?"},
        {"Fiona's flight to Tokyo was cancelled because of a typhoon.", "Why couldn't Fiona travel to Japan?"},
        {"George volunteers at an animal shelter every Saturday.", "Where does George spend his weekends helping out?"},
        {"Hana is saving money to buy a sailboat.", "What big purchase is Hana planning?"},
    };

    static List<String> noise(int n) {
        String[] people = {"user42", "moonboy", "cryptokate", "satoshi_fan", "degen_dan", "anon7", "lisa.eth", "gm_guy", "whale99", "farmer_joe"};
        String[] topics = {"gas fees are high today", "the chart looks bullish", "when is the next update", "gm everyone",
            "I just minted an NFT", "the market dumped overnight", "can you explain liquidity pools", "this meme is hilarious",
            "the validator went offline", "who else is watching the game tonight", "my transaction is stuck pending",
            "the new roadmap is out", "I love this community", "what time is the AMA", "wen moon", "the bridge is slow again",
            "thanks for the quick reply", "the website is down for me", "is staking worth it", "the weather is terrible here"};
        String[] tails = {"", " lol", " honestly", " right now", " again", " fr", " 🚀", " any ideas?", " smh", " today"};
        Random r = new Random(7);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(people[r.nextInt(people.length)] + ": " + topics[r.nextInt(topics.length)] + tails[r.nextInt(tails.length)] + " #" + i);
        }
        return out;
    }

    @Test
    void theRightFactIsInTheTopFiveForNinetyPercentOfQuestions() {
        try (AgentryStore store = AgentryStore.builder().sqlite(tmp.resolve("recall.db")).embeddingModel(new AllMiniLmL6V2EmbeddingModel(),
                "all-minilm-l6-v2").build()) {
            Instant now = Instant.now();
            Random r = new Random(11);
            List<MemoryItem> items = new ArrayList<>();
            for (int i = 0; i < SET.length; i++) {
                items.add(new MemoryItem("fact-" + i, "bot", MemoryItem.Kind.FACT, Optional.empty(), "reflection", SET[i][0], 0.5,
                        now.minusSeconds(r.nextInt(30 * 24 * 3600)), Map.of()));
            }
            List<String> noise = noise(320);
            for (int i = 0; i < noise.size(); i++) {
                items.add(new MemoryItem("noise-" + i, "bot", MemoryItem.Kind.MESSAGE, Optional.of("feed"), "someone", noise.get(i), 0.3,
                        now.minusSeconds(r.nextInt(3 * 24 * 3600)), Map.of()));
            }
            store.rememberAll(items);
            int hits = 0;
            List<String> misses = new ArrayList<>();
            for (int i = 0; i < SET.length; i++) {
                List<String> top = store.recall(RecallQuery.of("bot", SET[i][1], 5)).stream().map(MemoryItem::id).toList();
                if (top.contains("fact-" + i)) {
                    hits++;
                } else {
                    misses.add(SET[i][1] + " -> " + top);
                }
            }
            System.out.printf("recall set: %d/%d questions have their fact in the top 5; misses: %s%n", hits, SET.length, misses);
            assertThat(hits).as("misses: %s", misses).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * SET.length));
        }
    }
}

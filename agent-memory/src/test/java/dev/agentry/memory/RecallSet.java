package dev.agentry.memory;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The labelled recall sets (used by {@link RecallSetTest} and the embedding models benchmark): 36
 * facts asked in other words, 24 facts asked by an exact word the embedding does not carry well,
 * and 2,000 chat lines that mention the same people and topics.
 */
public final class RecallSet {
    private RecallSet() {}

    /** fact, question (worded differently). */
    public static final String[][] SET = {
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

    /** fact, question sharing one exact word with it (a name, ticker, code or rare word) and little else. */
    public static final String[][] KEYWORDS = {
        {"Support ticket ZX-4471 is about a refund that never arrived.", "any news on ZX-4471?"},
        {"The multisig signer Okonkwo rotates his hardware key every quarter.", "is Okonkwo still one of the signers?"},
        {"Mariana said the $PEPE pool on Aerodrome lost half its liquidity.", "what was said about $PEPE"},
        {"The treasury's cold wallet is 0x71C7656EC7ab88b098defB751B7401B5f6d8976F.", "0x71C7656EC7ab88b098defB751B7401B5f6d8976F"},
        {"Lars brews his own kombucha and brought some to the meetup.", "who drinks kombucha"},
        {"The hackathon team called Quokka Labs won second prize.", "Quokka Labs"},
        {"Priya's validator runs on a Hetzner box in Falkenstein.", "Falkenstein server"},
        {"The governance proposal AIP-17 raises the staking reward to 6%.", "AIP-17"},
        {"Tomasz keeps asking when the Solana bridge will support Wormhole.", "Wormhole support"},
        {"Our auditor is Trail of Bits; the report is due in October.", "Trail of Bits"},
        {"Ngozi moderates the Lagos chapter of the community.", "who runs things in Lagos?"},
        {"The NFT collection Mossy Golems sold out in eleven minutes.", "Mossy Golems"},
        {"Bartholomew prefers to be called Bart in the chat.", "Bartholomew"},
        {"The bot must never reply in the #alpha-leaks channel.", "alpha-leaks"},
        {"Keiko's ENS name is keiko.eth and she uses it for tips.", "keiko.eth"},
        {"The Uniswap v4 hook we deployed has a reentrancy guard.", "reentrancy"},
        {"Rafael lives in Ouagadougou and trades on weekends only.", "Ouagadougou"},
        {"The community call moved to Thursdays at 17:00 UTC.", "Thursdays call"},
        {"Ingrid's Ledger Nano was stolen at Schiphol airport.", "Schiphol"},
        {"The tokenomics spreadsheet lives in the Notion page called Flywheel.", "Flywheel doc"},
        {"Dmitri wants the agent to post charts in Cyrillic too.", "Dmitri"},
        {"The merch store sells hoodies with the Capybara mascot.", "capybara"},
        {"Aisha's podcast is named Gas Fees and Feelings.", "Gas Fees and Feelings podcast"},
        {"The relayer key was rotated after incident INC-2093.", "INC-2093"},
    };

    /** Chat lines: the fact's people, topics near the facts' (food, travel, pets, work, sport, crypto) and noise. */
    public static List<String> filler(int n) {
        String[] people = {"user42", "moonboy", "cryptokate", "satoshi_fan", "degen_dan", "anon7", "lisa.eth", "gm_guy", "whale99", "farmer_joe",
            "Alice", "Leo", "Kim", "Sam", "Rosa", "Noah", "Mia", "Paul"};
        String[] topics = {"gas fees are high today", "the chart looks bullish", "when is the next update", "gm everyone",
            "I just minted an NFT", "the market dumped overnight", "can you explain liquidity pools", "this meme is hilarious",
            "the validator went offline", "who else is watching the game tonight", "my transaction is stuck pending",
            "the new roadmap is out", "I love this community", "what time is the AMA", "wen moon", "the bridge is slow again",
            "thanks for the quick reply", "the website is down for me", "is staking worth it", "the weather is terrible here",
            "my dog ate my homework", "I had pasta for lunch", "flying to a conference next week", "my kid starts school soon",
            "work was exhausting today", "anyone into running?", "the football match was boring", "my wallet shows zero again",
            "learning a new language is hard", "I need a new laptop", "the coffee here is great", "taking the train home",
            "my birthday party was fun", "volunteering this weekend", "thinking about buying a boat", "the hospital queue was long"};
        String[] tails = {"", " lol", " honestly", " right now", " again", " fr", " 🚀", " any ideas?", " smh", " today"};
        Random r = new Random(7);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(people[r.nextInt(people.length)] + ": " + topics[r.nextInt(topics.length)] + tails[r.nextInt(tails.length)] + " #" + i);
        }
        return out;
    }

    /** Stores the facts (ids {@code fact-N}, paraphrase set first) and the chat lines of agent "bot". */
    public static void store(AgentryStore store) {
        Instant now = Instant.now();
        Random r = new Random(11);
        List<MemoryItem> items = new ArrayList<>();
        for (String[][] set : new String[][][] {SET, KEYWORDS}) {
            for (String[] fact : set) {
                items.add(new MemoryItem("fact-" + items.size(), "bot", MemoryItem.Kind.FACT, Optional.empty(), "reflection", fact[0], 0.5,
                        now.minusSeconds(r.nextInt(30 * 24 * 3600)), Map.of()));
            }
        }
        List<String> filler = filler(2000);
        for (int i = 0; i < filler.size(); i++) {
            items.add(new MemoryItem("filler-" + i, "bot", MemoryItem.Kind.MESSAGE, Optional.of("feed"), "someone", filler.get(i), 0.3,
                    now.minusSeconds(r.nextInt(3 * 24 * 3600)), Map.of()));
        }
        store.rememberAll(items);
        store.flush();
    }

    /**
     * How many facts of a set are in the top 5 of their question, and how many come first; the
     * misses are added to {@code misses}.
     *
     * @param keywords the keyword set instead of the paraphrase set
     */
    public static int[] found(AgentryStore store, boolean keywords, List<String> misses) {
        String[][] set = keywords ? KEYWORDS : SET;
        int firstId = keywords ? SET.length : 0;
        int hits = 0;
        int first = 0;
        for (int i = 0; i < set.length; i++) {
            List<String> top = store.recall(RecallQuery.of("bot", set[i][1], 5)).stream().map(MemoryItem::id).toList();
            String id = "fact-" + (firstId + i);
            if (top.contains(id)) {
                hits++;
                first += top.get(0).equals(id) ? 1 : 0;
            } else {
                misses.add(set[i][1] + " -> " + top);
            }
        }
        return new int[] {hits, first};
    }
}

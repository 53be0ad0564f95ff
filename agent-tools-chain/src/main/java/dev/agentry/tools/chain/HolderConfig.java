package dev.agentry.tools.chain;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.Trust;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Reads a {@code holders} configuration section into a {@link HolderGate.Builder}. */
final class HolderConfig {
    private HolderConfig() {
    }

    static HolderGate parse(ConfigSection s, HolderGate.Builder b) {
        s.requireOnly(List.of("domain", "rules", "cacheSeconds", "challengeSeconds", "holdersOnly"));
        List<HoldingRule> rules = new java.util.ArrayList<>();
        for (ConfigSection r : s.sections("rules")) {
            r.requireOnly(List.of("token", "atLeast", "nft", "trust"));
            Trust trust = Trust.valueOf(r.string("trust", "TRUSTED").toUpperCase(Locale.ROOT));
            try {
                rules.add(r.has("nft") ? HoldingRule.nft(r.string("nft"), trust)
                        : HoldingRule.erc20(r.string("token"), r.amount("atLeast").orElseThrow(() -> r.error("atLeast", "is required with 'token'")),
                                trust));
            } catch (IllegalArgumentException e) {
                throw r.error(r.has("nft") ? "nft" : "token", e.getMessage());
            }
        }
        b.rules(rules).holdersOnly(s.bool("holdersOnly", false));
        s.optionalString("domain").ifPresent(b::domain);
        if (s.has("cacheSeconds")) {
            b.cacheTtl(Duration.ofSeconds(s.whole("cacheSeconds", 0, 60)));
        }
        if (s.has("challengeSeconds")) {
            b.challengeTtl(Duration.ofSeconds(s.whole("challengeSeconds", 30, 600)));
        }
        return b.build();
    }
}

package dev.agentry.core.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Spend;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpendLedgerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] ASSETS = {"ETH", "USDC"};
    private static final String[] RECIPIENTS = {"0xaaaa000000000000000000000000000000000001", "0xbbbb000000000000000000000000000000000002"};
    private static final String[] AMOUNTS = {"0.1", "0.25", "1", "1E+3", "0.000000000000000001", "2.50", "0"};

    /** The ledger as a plain list, summed by visiting every spend: what the indexed ledger must agree with. */
    private static final class Naive {
        record E(String key, String asset, Optional<String> recipient, BigDecimal amount, Instant at) {}

        final List<E> entries = new ArrayList<>();

        BigDecimal spent(String asset, Optional<String> recipient, Instant since) {
            BigDecimal sum = BigDecimal.ZERO;
            for (E e : entries) {
                if (!e.at().isBefore(since) && e.asset().equals(asset) && (recipient.isEmpty() || recipient.equals(e.recipient()))) {
                    sum = sum.add(e.amount());
                }
            }
            return sum;
        }

        void reserve(String key, List<Spend> spends, Instant at) {
            for (Spend s : spends) {
                entries.add(new E(key, PolicyFormats.asset(s.asset()), s.recipient().map(PolicyFormats::recipient), s.amount(), at));
            }
        }

        void replace(String key, List<Spend> counted, Instant at) {
            Instant reserved = entries.stream().filter(e -> e.key().equals(key)).map(E::at).findFirst().orElse(at);
            entries.removeIf(e -> e.key().equals(key));
            reserve(key, counted, reserved);
        }

        void forget(Instant before) {
            entries.removeIf(e -> e.at().isBefore(before));
        }
    }

    @Test
    void agreesWithSummingEverySpend() {
        Random random = new Random(12);
        SpendLedger ledger = new SpendLedger();
        Naive naive = new Naive();
        for (int step = 0; step < 5_000; step++) {
            Instant at = T0.plusSeconds(step / 3 + random.nextInt(5));
            String key = "k" + random.nextInt(400);
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    List<Spend> spends = spends(random);
                    ledger.reserve(key, spends, at);
                    naive.reserve(key, spends, at);
                }
                case 2 -> {
                    List<Spend> spends = random.nextBoolean() ? List.of() : spends(random);
                    ledger.replace(key, spends, at);
                    naive.replace(key, spends, at);
                }
                default -> {
                    Instant before = at.minusSeconds(200 + random.nextInt(100));
                    ledger.forget(before);
                    naive.forget(before);
                }
            }
            for (String asset : ASSETS) {
                Instant since = at.minusSeconds(random.nextBoolean() ? 10_000 : random.nextInt(300));
                for (Optional<String> r : List.of(Optional.<String>empty(), Optional.of(RECIPIENTS[0]), Optional.of(RECIPIENTS[1]))) {
                    BigDecimal expected = naive.spent(asset, r, since);
                    BigDecimal actual = ledger.spent(asset, r, since);
                    assertThat(actual).as("step %d %s %s since %s", step, asset, r, since).isEqualTo(expected);
                    assertThat(actual.toPlainString()).isEqualTo(expected.toPlainString());
                }
            }
        }
    }

    private static List<Spend> spends(Random random) {
        List<Spend> spends = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            BigDecimal amount = new BigDecimal(AMOUNTS[random.nextInt(AMOUNTS.length)]);
            String asset = ASSETS[random.nextInt(ASSETS.length)];
            spends.add(random.nextBoolean() ? Spend.of(asset, amount) : Spend.of(asset, amount, RECIPIENTS[random.nextInt(RECIPIENTS.length)]));
        }
        return spends;
    }
}

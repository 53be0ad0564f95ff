package dev.agentry.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Approval;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Secret;
import dev.agentry.core.Trust;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser (Debian's Chromium) over a real chain (Anvil): it refuses without
 * the operator token, shows a live turn within a second, and its approval queue holds a tip above
 * the threshold until an operator approves it (the tokens move, once) or denies it (nothing
 * moves), also across a restart. Screenshots go to target/screenshots.
 */
class ConsoleBrowserTest {
    private static TipChain chain;

    @TempDir
    Path dir;

    private final String token = TipChain.token();
    private final InMemoryJournal journal = new InMemoryJournal();

    @BeforeAll
    static void startChain() throws Exception {
        chain = new TipChain();
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    private OperatorConsole console(AgentRuntime runtime) {
        return OperatorConsole.builder().runtime(runtime).port(0).operator("carol", Secret.of(token, "${CONSOLE_TOKEN}"))
                .dataFile(dir.resolve("console.db")).build().start();
    }

    private static Event mention(String id, String text) {
        return Event.of(id, "local", "alice", "c-" + id, text, Trust.OWNER);
    }

    @Test
    void thePageRefusesWithoutTheTokenAndLoadsWithIt() throws Exception {
        try (JdbcApprovalQueue queue = JdbcApprovalQueue.sqlite(dir.resolve("approvals.db"));
                AgentRuntime runtime = chain.runtime(journal, queue);
                OperatorConsole console = console(runtime);
                Browser browser = new Browser()) {
            browser.driver.get(console.uri().toString());
            assertThat(browser.driver.getCurrentUrl()).endsWith("/login");
            Object status = browser.driver.executeAsyncScript(
                    "const done = arguments[0]; fetch('/api/agents').then(r => done(r.status));");
            assertThat(status).isEqualTo(401L);
            browser.driver.findElement(By.id("token")).sendKeys("not-the-operator-token");
            browser.driver.findElement(By.id("login")).click();
            browser.waitFor(Duration.ofSeconds(5), By.xpath("//*[@id='message'][normalize-space()!='']"));
            assertThat(browser.textOf(By.id("message"))).isEqualTo("That is not an operator token.");
            browser.screenshot("login-refused");

            browser.login(console.uri(), token);

            assertThat(browser.textOf(By.id("operator"))).isEqualTo("carol");
            assertThat(browser.textOf(By.cssSelector("#agents tr[data-agent=tipper]"))).contains("idle");
            assertThat(browser.driver.getPageSource()).doesNotContain(token).doesNotContain(dev.agentry.testkit.Anvil.KEY_0.substring(2));
            browser.screenshot("console-loaded");
        }
    }

    @Test
    void aLiveTurnAppearsWithinASecond() throws Exception {
        try (JdbcApprovalQueue queue = JdbcApprovalQueue.sqlite(dir.resolve("approvals.db"));
                AgentRuntime runtime = chain.runtime(journal, queue);
                OperatorConsole console = console(runtime);
                Browser browser = new Browser()) {
            browser.login(console.uri(), token);
            browser.waitFor(Duration.ofSeconds(5), By.cssSelector("#stream.on"));

            runtime.submit(TipChain.AGENT, mention("live-1", "hello there, tipper"));

            browser.waitFor(Duration.ofSeconds(1), By.xpath("//div[@data-turn][contains(., 'hello there, tipper')]"));
            browser.waitFor(Duration.ofSeconds(5), By.cssSelector("div[data-turn][data-outcome=REPLIED] [data-type=model]"));
            assertThat(browser.textOf(By.cssSelector("div[data-turn][data-outcome=REPLIED]"))).contains("alice").contains("model tip-model: 120 in, 20 out").contains("REPLIED");
            browser.screenshot("live-turn");
        }
    }

    @Test
    void aTipAboveTheThresholdWaitsForTheOperatorApprovingMovesTheTokensOnceDenyingMovesNothing() throws Exception {
        String approved = TipChain.address();
        String denied = TipChain.address();
        BigInteger agentBefore;
        try (JdbcApprovalQueue queue = JdbcApprovalQueue.sqlite(dir.resolve("approvals.db"));
                AgentRuntime runtime = chain.runtime(journal, queue);
                OperatorConsole console = console(runtime);
                Browser browser = new Browser()) {
            browser.login(console.uri(), token);
            agentBefore = chain.balance(dev.agentry.testkit.Anvil.ADDRESS_0);

            runtime.submit(TipChain.AGENT, mention("tip-1", "tip " + approved + " 10")).get(30, TimeUnit.SECONDS);
            WebElement row = pending(browser);
            assertThat(row.getText()).contains("transfer_token").contains("alice (owner, local)").contains("10 " + chain.token.toLowerCase())
                    .contains("above the approval threshold of 5").contains("cap 100");
            assertThat(chain.balance(approved)).as("held: nothing moved yet").isZero();
            browser.screenshot("approval-pending");
            row.findElement(By.cssSelector("input.note")).sendKeys("good helper");
            // a second held tip refreshes the table while the operator is typing: the note and the row stay
            runtime.submit(TipChain.AGENT, mention("tip-2", "tip " + denied + " 7")).get(30, TimeUnit.SECONDS);
            browser.waitFor(Duration.ofSeconds(10), By.xpath("//*[@id='pending-count'][text()='2']"));
            assertThat(row.findElement(By.cssSelector("input.note")).getDomProperty("value")).isEqualTo("good helper");
            row.findElement(By.cssSelector("button.approve")).click();
            browser.waitFor(Duration.ofSeconds(30), By.cssSelector("#approvals tr[data-status=EXECUTED]"));
            browser.screenshot("approval-executed");

            assertThat(chain.balance(approved)).isEqualTo(TipChain.UNIT.multiply(BigInteger.TEN));
            Approval done = runtime.approvals(5).stream().filter(a -> a.status() == Approval.Status.EXECUTED).findFirst().orElseThrow();
            assertThat(done.decidedBy()).contains("carol");
            assertThat(journal.effect("approval:" + done.id()).orElseThrow().details()).containsEntry("by", "carol")
                    .containsEntry("note", "good helper");

            WebElement second = pending(browser);
            assertThat(second.getText()).contains(denied.toLowerCase().substring(0, 10));
            second.findElement(By.cssSelector("button.deny")).click();
            browser.waitFor(Duration.ofSeconds(10), By.cssSelector("#approvals tr[data-status=DENIED]"));
            browser.screenshot("approval-denied");
        }
        assertThat(chain.balance(denied)).as("denied: nothing moved").isZero();
        assertThat(chain.balance(dev.agentry.testkit.Anvil.ADDRESS_0)).as("the agent paid the approved tip only, once")
                .isEqualTo(agentBefore.subtract(TipChain.UNIT.multiply(BigInteger.TEN)));
    }

    @Test
    void aPendingApprovalSurvivesARestartAndRunsOnceWhenApprovedAfter() throws Exception {
        String recipient = TipChain.address();
        Path approvals = dir.resolve("approvals.db");
        try (JdbcApprovalQueue queue = JdbcApprovalQueue.sqlite(approvals); AgentRuntime runtime = chain.runtime(journal, queue)) {
            runtime.submit(TipChain.AGENT, mention("tip-3", "tip " + recipient + " 8")).get(30, TimeUnit.SECONDS);
            assertThat(runtime.approvals(5)).singleElement().extracting(Approval::status).isEqualTo(Approval.Status.PENDING);
        }
        assertThat(Files.size(approvals)).isPositive();
        try (JdbcApprovalQueue queue = JdbcApprovalQueue.sqlite(approvals);
                AgentRuntime runtime = chain.runtime(journal, queue);
                OperatorConsole console = console(runtime);
                Browser browser = new Browser()) {
            browser.login(console.uri(), token);
            WebElement row = pending(browser);
            assertThat(row.getText()).contains(recipient.toLowerCase().substring(0, 10));
            browser.screenshot("approval-after-restart");
            row.findElement(By.cssSelector("button.approve")).click();
            browser.waitFor(Duration.ofSeconds(30), By.cssSelector("#approvals tr[data-status=EXECUTED]"));
        }
        assertThat(chain.balance(recipient)).isEqualTo(TipChain.UNIT.multiply(BigInteger.valueOf(8)));
    }

    private static WebElement pending(Browser browser) {
        browser.waitFor(Duration.ofSeconds(10), By.cssSelector("#approvals tr[data-status=PENDING]"));
        return browser.driver.findElement(By.cssSelector("#approvals tr[data-status=PENDING]"));
    }
}

package dev.agentry.console;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Nothing is downloaded: both
 * binaries are named, so Selenium Manager never runs. Missing binaries fail the test with the
 * command that installs them.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;

    Browser() {
        for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: the console's browser tests need Debian's Chromium. Install it with: "
                        + "apt-get install -y chromium chromium-driver (scripts/test does this as root)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1400,1800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    /** Logs in through the form and waits for the page to have loaded its data. */
    void login(URI console, String token) {
        driver.get(console.resolve("/login").toString());
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.id("login")).click();
        waitFor(Duration.ofSeconds(15), By.cssSelector("body[data-ready=true]"));
    }

    void waitFor(Duration timeout, By what) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(10)).until(ExpectedConditions.presenceOfElementLocated(what));
    }

    /** The text of the element {@code what} finds, found again while the page re-renders it (live updates replace rows). */
    String textOf(By what) {
        return new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(what).getText());
    }

    /** Saves a screenshot under target/screenshots. */
    Path screenshot(String name) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Path to = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    @Override
    public void close() {
        driver.quit();
    }
}

package io.computenet.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven through Selenium, with a
 * fresh profile, English as the browser's language, and a download folder. Missing browsers fail the suite with the
 * command that installs them: browser tests never skip.
 */
final class PortalBrowser implements AutoCloseable {

    static final String INSTALL = "apt-get install -y chromium chromium-driver";
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    final WebDriver driver;
    final Path downloads;
    private final Path profile;
    private final Path screenshots;

    PortalBrowser(Path workDir) {
        Path browser = first(BROWSERS).orElseThrow(() -> new IllegalStateException(
                "Chromium is not installed; the browser tests need it: " + INSTALL));
        Path chromedriver = first(DRIVERS).orElseThrow(() -> new IllegalStateException(
                "chromedriver is not installed; the browser tests need it: " + INSTALL));
        try {
            Files.createDirectories(workDir);
            this.profile = Files.createTempDirectory(workDir, "chromium-profile-");
            this.downloads = Files.createTempDirectory(workDir, "downloads-");
            this.screenshots = Path.of(System.getProperty("computenet.screenshots.dir",
                    workDir.resolve("screenshots").toString())).toAbsolutePath();
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--lang=en-US", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en",
                "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        // headless Chromium ignores the download preferences: downloads (the finance page's blob link) are allowed
        // into the folder through the DevTools protocol, which chromedriver relays whatever Chromium's version
        ((ChromeDriver) driver).executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toString()));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    /** axe-core's script, read once (from Deque's artifact on the test class path). */
    private static String axe;

    /**
     * Runs axe-core (WCAG 2 A and AA rules and its best practices) in the page as it is now, and answers its serious
     * and critical violations, each as "rule (impact): help at target, target...".
     */
    @SuppressWarnings("unchecked")
    List<String> seriousAccessibilityViolations() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(axeScript());
        Object found = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
                + "  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
                + "    .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at '"
                + "      + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); }));"
                + "}).catch(function (e) { done(['axe did not run: ' + e]); });");
        return (List<String>) found;
    }

    private static synchronized String axeScript() {
        if (axe == null) {
            try (InputStream in = Objects.requireNonNull(PortalBrowser.class.getClassLoader()
                    .getResourceAsStream("axe.min.js"), "axe.min.js (com.deque.html.axe-core:selenium)")) {
                axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axe;
    }

    private static Optional<Path> first(List<String> candidates) {
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /**
     * Signs out if signed in (the portal's sign-out ends the Keycloak session too), then forgets every cookie of the
     * portal and of Keycloak (which the browser reaches as localhost, its fixed hostname).
     */
    void signOut(String portalUrl, String realmUrl) {
        if (!driver.findElements(By.id("sign-out")).isEmpty()) {
            driver.findElement(By.id("sign-out")).click();
            // Keycloak sends the browser back with the sign-out's state as a query parameter
            await().atMost(Duration.ofSeconds(30)).until(() -> driver.getCurrentUrl().contains("/signed-out"));
        }
        driver.manage().deleteAllCookies();
        driver.get(realmUrl.replace("127.0.0.1", "localhost"));
        driver.manage().deleteAllCookies();
        driver.get(portalUrl + "/signed-out");
    }

    /** Opens the portal and signs in at Keycloak's form, where the portal sends the browser. */
    void signIn(String portalUrl, String user) {
        driver.get(portalUrl + "/portal");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> driver.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(user);
        driver.findElement(By.id("kc-login")).click();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> driver.getCurrentUrl().startsWith(portalUrl + "/portal/")
                        && driver.findElement(By.id("who")).isDisplayed());
    }

    WebElement find(String css) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> driver.findElement(By.cssSelector(css)), e -> e != null && e.isDisplayed());
    }

    String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    /** Switches the page's language with its switch and waits for the page to come back in it. */
    void language(String lang) {
        driver.findElement(By.cssSelector(".lang button[data-lang='" + lang + "']")).click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                lang.equals(driver.findElement(By.tagName("html")).getAttribute("lang")));
    }

    /** Saves the visible page as {@code name}.png (into docs/screenshots when asked, else target). */
    void screenshot(String name) {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(png, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void width(int pixels) {
        driver.manage().window().setSize(new Dimension(pixels, pixels < 600 ? 844 : 900));
    }

    @Override
    public void close() {
        driver.quit();
    }
}

package io.pchat.server.console;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by the chromedriver found on the path (Debian's {@code chromium} and
 * {@code chromium-driver}: {@code .ci/run} installs them). Both are given to Selenium by path, so
 * it never downloads a browser or a driver. When they are missing, a test is aborted with the
 * reason, except with {@code CI=true}, where it fails: CI must run the browser tests.
 *
 * <p>Every wait is bounded ({@link #WAIT}); screenshots go to {@code target/console-screenshots}.
 */
final class Browser implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");
    private static final List<String> DRIVERS = List.of("chromedriver");

    final WebDriver driver;
    private final ChromeDriverService service;
    private final String base;

    private Browser(ChromeDriverService service, WebDriver driver, String base) {
        this.service = service;
        this.driver = driver;
        this.base = base;
    }

    /** A browser on a node's console at {@code adminUrl} (http://host:port). */
    static Browser open(String adminUrl) {
        Optional<Path> browser = onPath(BROWSERS);
        Optional<Path> driverBinary = onPath(DRIVERS);
        if (browser.isEmpty() || driverBinary.isEmpty()) {
            String why = "the console's browser tests need " + (browser.isEmpty() ? "chromium " : "")
                    + (driverBinary.isEmpty() ? "chromedriver " : "") + "on the path (Debian: apt-get install chromium"
                    + " chromium-driver; .ci/run installs them)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " and CI=true: CI must run them");
            }
            Assumptions.abort(why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1360,1500", "--lang=en-US", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.get().toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        return new Browser(service, driver, adminUrl);
    }

    private static Optional<Path> onPath(List<String> names) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Opens a page of the console: {@code "#/rooms"}. */
    Browser go(String hash) {
        driver.get(base + "/console/" + hash);
        return this;
    }

    WebElement find(String id) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    void type(String id, String text) {
        WebElement e = find(id);
        e.clear();
        e.sendKeys(text);
    }

    void click(String id) {
        until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    void choose(String id, String visibleText) {
        new Select(find(id)).selectByVisibleText(visibleText);
    }

    /** Waits until the element's text contains {@code text}; returns its whole text. */
    String waitForText(String id, String text) {
        return until(d -> {
            String now = d.findElement(By.id(id)).getText();
            return now.contains(text) ? now : null;
        });
    }

    /** Waits for a condition; an element the page replaced meanwhile (the overview refreshes) is looked up again. */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** The element's text as the page shows it now (looked up again if the page replaced it meanwhile). */
    String text(String id) {
        return until(d -> d.findElement(By.id(id)).getText());
    }

    /** The error the console shows for the last refused action. */
    String error() {
        return text("notice-error");
    }

    void signInAsOperator(String token) {
        go("#/signin");
        type("token", token);
        click("operator-signin-button");
        find("sign-out");
    }

    void signInAsUser(String user, String password) {
        go("#/signin");
        type("user", user);
        type("password", password);
        click("user-signin-button");
        find("sign-out");
    }

    /** Saves what the browser shows as {@code target/console-screenshots/<name>.png}. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /**
     * Runs {@code fetch} in the page (with its cookie, as the page's own code would) and returns
     * the HTTP status: how a test makes a call the page itself never makes.
     */
    long fetchStatus(String method, String path, String jsonBody, boolean withCsrf) {
        String script = "const done = arguments[arguments.length - 1];"
                + "fetch('/console/api/session').then(r => r.json()).then(s => {"
                + " const headers = {'Content-Type': 'application/json'};"
                + (withCsrf ? " headers['X-CSRF-Token'] = s.csrf;" : "")
                + " return fetch(arguments[1], {method: arguments[0], headers, body: arguments[2]});"
                + "}).then(r => done(r.status)).catch(e => done(-1));";
        return (Long) ((ChromeDriver) driver).executeAsyncScript(script, method, "/console/api" + path, jsonBody);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}

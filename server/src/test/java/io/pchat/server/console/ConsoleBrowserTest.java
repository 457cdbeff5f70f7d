package io.pchat.server.console;

import static io.pchat.server.admin.AdminTestNode.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.pchat.server.admin.AdminTestNode;
import io.pchat.server.cli.PchatCommand;

/**
 * The console in a real browser against a real node: an operator signs in, watches the overview,
 * creates a category and a room, adds a member and reads the room's history after a post made
 * with {@code pchat client}; a user creates a room where the rules let them and is refused where
 * they do not; bad credentials and a change without the CSRF token are refused. Screenshots of
 * the main pages land in {@code target/console-screenshots} (docs/console.md shows them).
 */
class ConsoleBrowserTest {
    private static final String CAROL = "sip:carol@example.com";
    private static final String PASSWORD = "carol-password-1";

    @TempDir
    Path dir;
    private AdminTestNode node;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        node = AdminTestNode.start(dir);
        browser = Browser.open(node.url());
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        node.close();
    }

    @Test
    void anOperatorCreatesACategoryAndARoomAddsAMemberAndReadsTheHistoryOfAPostMadeWithTheClient() throws Exception {
        browser.signInAsOperator(node.token());
        browser.waitForText("pool-state", "NORMAL");
        assertThat(browser.text("overview")).contains("epoch 1");
        assertThat(browser.text("active-dc")).isEqualTo("single node");
        browser.find("chart-posts");
        browser.screenshot("overview-single-node");

        browser.go("#/categories");
        browser.type("new-category-name", "Engineering");
        browser.type("new-category-description", "Design and build");
        browser.type("new-category-creators", CAROL);
        browser.click("new-category-create");
        browser.find("category-Engineering");
        assertThat(node.get("/categories/Engineering").json().path("creators").toString()).contains(CAROL);
        WebElement description = browser.driver.findElement(By.cssSelector("input[aria-label='description of Engineering']"));
        description.clear();
        description.sendKeys("Design, build and run");
        browser.driver.findElement(By.cssSelector("#category-Engineering button")).click();
        browser.waitForText("notice-info", "Category 'Engineering' saved.");
        assertThat(node.get("/categories/Engineering").json().path("description").asText()).isEqualTo("Design, build and run");

        browser.go("#/rooms");
        browser.type("new-room-name", "Design");
        browser.choose("new-room-category", "Engineering");
        browser.choose("new-room-privacy", "closed");
        browser.type("new-room-description", "Design reviews");
        browser.click("new-room-create");
        browser.waitForText("room-title", "Design");
        browser.type("add-members", "sip:bob@example.com");
        browser.click("add-members-button");
        browser.waitForText("role-members", "sip:bob@example.com");
        assertThat(node.get("/rooms/Design").json().path("members").toString()).contains("sip:bob@example.com");

        StringWriter out = new StringWriter();
        int exit = PchatCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                .execute("client", "--server", "127.0.0.1:" + node.node.sipPort(), "--user", "sip:bob@example.com",
                        "--timeout", "10", "post", "Design", "hello from bob, via pchat client");
        assertThat(exit).as(out.toString()).isZero();

        browser.driver.navigate().refresh();
        assertThat(browser.waitForText("history-table", "hello from bob, via pchat client")).contains("sip:bob@example.com");
        browser.type("history-search", "via pchat");
        browser.click("history-search-button");
        browser.waitForText("history-table", "hello from bob");
        browser.screenshot("room");

        String lobby = node.get("/rooms/Lobby").json().path("id").asText();
        browser.go("#/rooms/" + lobby);
        browser.click("test-message");
        assertThat(browser.waitForText("test-message-result", "success")).contains("round trip:");

        browser.go("#/rooms");
        browser.find("rooms");
        assertThat(browser.driver.findElements(By.className("room-link"))).extracting(e -> e.getText())
                .contains("Lobby", "Design");
        browser.screenshot("rooms");
    }

    @Test
    void aUserCreatesARoomInACategoryWhereTheyAreACreatorAndIsRefusedWhereTheyAreNot() throws Exception {
        assertThat(node.post("/categories", json("{'name': 'Engineering', 'creators': ['" + CAROL + "']}")).status())
                .isEqualTo(201);
        assertThat(node.post("/users", json("{'uri': '" + CAROL + "', 'password': '" + PASSWORD + "'}")).status())
                .isEqualTo(201);
        assertThat(node.post("/users", json("{'uri': 'sip:dave@example.com', 'password': 'dave-password-1'}")).status())
                .isEqualTo(201);
        browser.signInAsUser(CAROL, PASSWORD);
        assertThat(browser.find("signed-in-as").getText()).isEqualTo(CAROL);
        assertThat(new Select(browser.find("new-room-category")).getOptions())
                .extracting(e -> e.getText()).containsExactly("Engineering");
        browser.type("new-room-name", "Carol's room");
        browser.choose("new-room-privacy", "secret");
        browser.type("new-room-members", "sip:erin@example.com");
        browser.click("new-room-create");
        browser.waitForText("room-title", "Carol's room");
        assertThat(browser.find("role-managers").getText()).contains(CAROL);
        browser.screenshot("user-room");
        browser.go("#/rooms");
        browser.waitForText("rooms", "Carol's room");
        browser.screenshot("user-rooms");

        // Refused where the rules say no: the server decides, whatever the page offers.
        assertThat(browser.fetchStatus("POST", "/my/rooms", json("{'name': 'Root room', 'category': 'example.com'}"), true))
                .isEqualTo(403);
        String lobby = node.get("/rooms/Lobby").json().path("id").asText();
        browser.go("#/rooms/" + lobby);
        assertThat(browser.error()).contains("you do not manage the room 'Lobby'");
        assertThat(node.get("/rooms/Root%20room").status()).isEqualTo(404);

        browser.click("sign-out");
        browser.signInAsUser("sip:dave@example.com", "dave-password-1");
        assertThat(browser.find("no-categories").getText()).contains("You may not create rooms");
    }

    @Test
    void aWrongTokenOrPasswordIsRefusedAndNothingIsShown() throws Exception {
        browser.go("#/signin");
        browser.type("token", "not-the-token-of-this-node");
        browser.click("operator-signin-button");
        assertThat(browser.error()).isEqualTo("wrong admin token");
        assertThat(browser.driver.findElements(By.id("sign-out"))).isEmpty();

        browser.type("user", CAROL);
        browser.type("password", "guess");
        browser.click("user-signin-button");
        browser.until(d -> browser.error().equals("wrong SIP address or password"));
        browser.screenshot("sign-in-refused");
        assertThat(browser.driver.findElements(By.id("sign-out"))).isEmpty();
        assertThat(browser.fetchStatus("GET", "/admin/rooms", null, false)).isEqualTo(401);
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        browser.signInAsOperator(node.token());
        assertThat(browser.fetchStatus("POST", "/admin/categories", json("{'name': 'Forged'}"), false)).isEqualTo(403);
        assertThat(node.get("/categories/Forged").status()).isEqualTo(404);
        assertThat(browser.fetchStatus("POST", "/admin/categories", json("{'name': 'Genuine'}"), true)).isEqualTo(201);
        assertThat(node.get("/categories/Genuine").status()).isEqualTo(200);
    }
}

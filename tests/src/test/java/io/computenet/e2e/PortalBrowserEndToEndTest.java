package io.computenet.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web portal in a real headless Chromium against the whole stack with real Keycloak: a researcher books a lease
 * from a quote, watches it run, opens its usage chart and releases it; an operator creates an enrolment token and
 * drains a node; finance downloads the month's export and the file is parsed; both languages are checked; one role is
 * refused another's page and action. Each role signs in once; screenshots of the pages are saved on the way
 * ({@code -Dcomputenet.screenshots.dir=...} puts them into docs/screenshots).
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserEndToEndTest {

    private static PortalBrowser browser;
    private static WebDriver driver;
    private static String portal;
    /** The lease the researcher books and releases; finance finds it in the export. */
    private static String bookedLease;

    @BeforeAll
    static void startBrowser() {
        portal = StackExtension.stack().portalUrl();
        browser = new PortalBrowser(Path.of("target/browser"));
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void signOut() {
        browser.width(1280);
        browser.signOut(portal, StackExtension.stack().options().realmUrl());
    }

    @Test
    @Order(1)
    void aResearcherBooksALeaseFromAQuoteWatchesItRunAndReleasesIt() {
        // given: signed in, the researcher lands on their leases, in the browser's language (English)
        browser.signIn(portal, "researcher1");
        assertThat(driver.getCurrentUrl()).endsWith("/portal/leases");
        assertThat(browser.heading()).isEqualTo("My leases");
        assertThat(driver.findElement(By.id("who-tenant")).getText()).isEqualTo("tenant-lab-alpha");
        // (the session and the CSRF token are out of the page script's reach, and not sent by other sites' posts;
        // Secure is off only because the local run serves plain HTTP: computenet.portal.web.secure-cookies=false)
        // (the encrypted session is larger than one cookie may be, so Quarkus splits it: q_session_web_chunk_1, ...)
        List<org.openqa.selenium.Cookie> session = driver.manage().getCookies().stream()
                .filter(c -> c.getName().startsWith("q_session_web")).toList();
        assertThat(session).isNotEmpty().allSatisfy(c -> {
            assertThat(c.isHttpOnly()).as(c.getName()).isTrue();
            assertThat(c.getSameSite()).as(c.getName()).isEqualTo("Lax");
        });
        org.openqa.selenium.Cookie csrf = driver.manage().getCookieNamed("cn_csrf");
        assertThat(csrf.isHttpOnly()).isTrue();
        assertThat(csrf.getSameSite()).isEqualTo("Strict");
        assertThat(((JavascriptExecutor) driver).executeScript("return document.cookie")).asString()
                .doesNotContain("q_session_web").doesNotContain("cn_csrf");

        // and: the offers show live availability; a request without memory is answered next to the field
        driver.get(portal + "/portal/offers");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> !driver.findElements(
                By.cssSelector("#offers tbody tr[data-region='cn-east-yrd']")).isEmpty());
        browser.screenshot("researcher-offers-en");
        // (each line names the frameworks its model runs; filtering on one keeps only the lines that run it)
        WebElement filters = driver.findElement(By.id("offer-filters"));
        for (String framework : List.of("TensorRT-LLM", "MindSpore")) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> !filters.findElements(
                    By.cssSelector("select[name='framework'] option[value='" + framework + "']")).isEmpty());
            choose(filters, "framework", framework);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertThat(
                    driver.findElements(By.cssSelector("#offers tbody tr td.frameworks"))).as(framework)
                    .isNotEmpty().allSatisfy(cell -> assertThat(cell.getText()).contains(framework)));
        }
        choose(filters, "framework", "");
        WebElement form = driver.findElement(By.id("request-form"));
        form.findElement(By.name("memoryGiB")).clear();
        driver.findElement(By.id("show-quotes")).click();
        WebElement memoryError = form.findElement(By.cssSelector("[name='memoryGiB'] ~ .field-error"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !memoryError.getText().isBlank());
        assertThat(form.findElement(By.name("memoryGiB")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.findElement(By.tagName("main")).getText()).doesNotContain("computenet.io/problems")
                .doesNotContain("{").doesNotContain("Exception");

        // when: they ask for prices of 16 GiB in the east and book the first option
        form.findElement(By.name("memoryGiB")).sendKeys("16");
        choose(form, "region", "cn-east-yrd");
        choose(form, "workloadClass", "BATCH");
        driver.findElement(By.id("show-quotes")).click();
        WebElement book = browser.find("#quotes tbody tr button.book");
        assertThat(driver.findElement(By.cssSelector("#quotes tbody tr")).getText()).contains("cn-east-yrd")
                .contains("¥");
        browser.screenshot("researcher-quotes-en");
        book.click();

        // then: the leases page shows the new lease, live, until it runs
        // (the page navigates while this polls: an element read mid-navigation is stale, so exceptions are retried)
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
                driver.getCurrentUrl()).as(() -> "booking answered: " + bookStatus())
                .contains("/portal/leases#lease-"));
        bookedLease = driver.getCurrentUrl().substring(driver.getCurrentUrl().indexOf("#lease-") + 7);
        String card = "#lease-" + bookedLease;
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> "RUNNING".equals(
                driver.findElement(By.cssSelector(card)).getAttribute("data-state")));
        assertThat(driver.findElement(By.cssSelector(card + " .badge")).getText()).isEqualTo("Running");
        // (placed at the demo price book's price: its hourly price and the lease's estimated cost are shown)
        assertThat(driver.findElement(By.cssSelector(card + " .facts")).getText()).containsPattern(
                "¥[0-9.,]+ / h, about \\S*¥[0-9.,]+ for the lease"); // (CN¥ in English)

        // and: its usage chart draws the node agent's samples
        driver.findElement(By.cssSelector(card + " button.usage")).click();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> Integer.parseInt(
                driver.findElement(By.cssSelector(card + " .chart")).getAttribute("data-samples")) > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !driver.findElements(
                By.cssSelector(card + " .chart canvas")).isEmpty());
        // (the "no samples yet" notice, drawn while the lease had none, is gone once samples are drawn)
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> Boolean.FALSE.equals(
                ((JavascriptExecutor) driver).executeScript("return echarts.getInstanceByDom("
                        + "document.querySelector(arguments[0])).getOption().title[0].show;", card + " .chart")));
        browser.screenshot("researcher-leases-en");

        // and: in Chinese the same page reads in Chinese, the lease's state too
        browser.language("zh");
        assertThat(browser.heading()).isEqualTo("我的租用");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "运行中".equals(
                driver.findElement(By.cssSelector(card + " .badge")).getText()));
        assertThat(driver.findElement(By.id("sign-out")).getText()).isEqualTo("退出登录");
        // (a queued lease's reasons come as codes, worded in the page's language)
        assertThat(((JavascriptExecutor) driver).executeScript(
                "return document.getElementById('i18n').dataset.reasonQueuePosition")).asString().startsWith("排队第");
        browser.screenshot("researcher-leases-zh");
        browser.width(390);
        browser.screenshot("researcher-leases-zh-phone");
        browser.width(1280);
        browser.language("en");

        // when: released (after the browser's confirmation)
        driver.findElement(By.cssSelector(card + " button.release")).click();
        driver.switchTo().alert().accept();

        // then
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "RELEASED".equals(
                driver.findElement(By.cssSelector(card)).getAttribute("data-state")));

        // and: the account page shows the prepaid balance, this month's usage with the lease, and the invoices
        driver.get(portal + "/portal/account");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().until(() -> {
            driver.navigate().refresh();
            return driver.findElement(By.cssSelector("#spend-leases tbody")).getText().contains(bookedLease);
        });
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> browser.find("#balance").getText().contains("¥"));
        assertThat(driver.findElement(By.cssSelector("#spend-leases tfoot")).getText()).startsWith("Total");
        assertThat(driver.findElement(By.id("invoices")).isDisplayed()).isTrue();
        // (and this month's spend per day: every day of the month, today's with the lease's spend)
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> Integer.parseInt(
                driver.findElement(By.id("daily-spend")).getAttribute("data-days")) >= 28);
        assertThat(driver.findElement(By.cssSelector("#daily-spend tbody")).getText()).contains("¥");
        assertThat(driver.findElements(By.cssSelector("#daily-chart canvas"))).isNotEmpty();
        assertThat(driver.getPageSource()).doesNotContain("\"tenantId\"");
        browser.screenshot("researcher-account-en");

        // and: the operator's, finance's and admin's pages are refused to a researcher, and not offered
        for (String other : List.of("/portal/operator", "/portal/finance", "/portal/admin")) {
            driver.get(portal + other);
            assertThat(browser.find("#forbidden").getText()).as(other).contains("Your roles do not allow this page");
            assertThat(driver.findElements(By.cssSelector("nav a[href='" + other + "']"))).as(other).isEmpty();
        }
        // and: so are their actions, even with the page's CSRF token
        Object price = ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[0];"
                + "fetch('/api/v1/operator/price-books', {method: 'POST', headers: {'Content-Type': 'application/json',"
                + " 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content},"
                + " body: JSON.stringify({region: 'cn-east-yrd', vendor: 'NVIDIA', deviceModel: 'NVIDIA L20',"
                + " pricePerDeviceHour: 0.01})}).then(r => r.json().then(p => done(r.status + ' ' + p.type)));");
        assertThat(price).isEqualTo("403 https://computenet.io/problems/forbidden");

        // and: signing out ends the session
        driver.findElement(By.id("sign-out")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> driver.getCurrentUrl().contains("/signed-out"));
        driver.get(portal + "/portal/leases");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> driver.findElement(By.id("username")).isDisplayed());
    }

    @Test
    @Order(2)
    void anOperatorCreatesAnEnrolmentTokenAndDrainsANode() {
        // given
        browser.signIn(portal, "operator1");
        assertThat(driver.getCurrentUrl()).endsWith("/portal/operator");
        assertThat(driver.findElement(By.id("who-organisation")).getText()).isEqualTo("op-demo");

        // when: a token for a new cluster
        WebElement form = driver.findElement(By.id("token-form"));
        form.findElement(By.name("cluster")).sendKeys("browser-1");
        driver.findElement(By.id("create-tokens")).click();

        // then: it is shown once, with its expiry and a copy button
        WebElement token = browser.find("#tokens code.token");
        assertThat(token.getText()).startsWith("cnet_et_");
        assertThat(driver.findElement(By.id("tokens-expiry")).getAttribute("data-expires")).isNotBlank();
        assertThat(driver.findElements(By.cssSelector("#tokens button.copy"))).hasSize(1);

        // and: a bad cluster name is answered next to the field
        form.findElement(By.name("cluster")).clear();
        form.findElement(By.name("cluster")).sendKeys("Not A Cluster");
        driver.findElement(By.id("create-tokens")).click();
        WebElement clusterError = form.findElement(By.cssSelector("[name='cluster'] ~ .field-error"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !clusterError.getText().isBlank());

        // when: the operator drains one of the fleet's nodes for an hour
        String node = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> driver.findElements(
                        By.cssSelector("#nodes tbody tr[data-node^='sim-']")).stream()
                .map(r -> r.getAttribute("data-node")).sorted().reduce((a, b) -> b).orElse(null), n -> n != null);
        String row = "#nodes tbody tr[data-node='" + node + "']";
        // (each node shows its utilisation; the researcher's lease ran on one of the fleet's nodes lately)
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> driver.findElements(
                        By.cssSelector("#nodes tbody td.utilisation")).stream()
                .anyMatch(c -> !c.getAttribute("data-utilisation").isEmpty() && c.getText().contains("%")));
        driver.findElement(By.cssSelector(row + " button.drain")).click();

        // then
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "DRAINING".equals(
                driver.findElement(By.cssSelector(row)).getAttribute("data-drain")));
        assertThat(driver.findElement(By.cssSelector(row + " .node-state")).getText()).startsWith("Draining until");
        browser.screenshot("operator-nodes-en");

        // and: in Chinese
        browser.language("zh");
        assertThat(browser.heading()).isEqualTo("我的节点");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> driver.findElement(
                By.cssSelector(row + " .node-state")).getText().startsWith("下线中"));
        browser.screenshot("operator-nodes-zh");
        browser.language("en");

        // when: revoking asks first; cancelled, nothing happens; then the drain is withdrawn
        browser.find(row + " button.revoke").click(); // the page reloaded in English: wait for its rows
        assertThat(browser.find("#confirm #confirm-text").getText()).contains(node).contains("cannot be undone");
        driver.findElement(By.id("confirm-cancel")).click();
        driver.findElement(By.cssSelector(row + " button.undrain")).click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "".equals(
                driver.findElement(By.cssSelector(row)).getAttribute("data-drain")));
        assertThat(driver.findElement(By.cssSelector(row + " .node-state")).getText()).isEqualTo("Active");

        // when: the operator prices a device model in its price book (a model of no other test, applying now)
        WebElement prices = driver.findElement(By.id("price-form"));
        prices.findElement(By.name("deviceModel")).sendKeys("NVIDIA L20");
        prices.findElement(By.name("pricePerDeviceHour")).sendKeys("-1");
        driver.findElement(By.id("add-price")).click();

        // then: a negative price is answered next to the field, and nothing is added
        WebElement priceError = prices.findElement(By.cssSelector("[name='pricePerDeviceHour'] ~ .field-error"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !priceError.getText().isBlank());
        assertThat(prices.findElement(By.name("pricePerDeviceHour")).getAttribute("aria-invalid")).isEqualTo("true");

        // when: corrected
        prices.findElement(By.name("pricePerDeviceHour")).clear();
        prices.findElement(By.name("pricePerDeviceHour")).sendKeys("6.5");
        driver.findElement(By.id("add-price")).click();

        // then: the price is confirmed and listed in the book with who set it
        await().atMost(Duration.ofSeconds(20)).until(() -> prices.findElement(By.cssSelector(".form-status"))
                .getText().startsWith("Price added; it applies from"));
        String priced = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> driver.findElements(
                        By.cssSelector("#prices tbody tr")).stream().map(WebElement::getText)
                .filter(r -> r.contains("NVIDIA L20")).findFirst().orElse(null), r -> r != null);
        assertThat(priced).contains("cn-east-yrd").contains("Whole device").contains("On demand").contains("6.50")
                .contains("operator1");

        // and: a researcher's page and action are refused to an operator
        driver.get(portal + "/portal/leases");
        assertThat(browser.find("#forbidden").getText()).contains("Your roles do not allow this page");
        assertThat(driver.findElements(By.cssSelector("nav a[href='/portal/leases']"))).isEmpty();
        Object answer = ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[0];"
                + "fetch('/api/v1/leases', {method: 'POST', headers: {'Content-Type': 'application/json',"
                + " 'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content},"
                + " body: JSON.stringify({memoryGiB: 8, deviceCount: 1, durationMinutes: 5})})"
                + ".then(r => r.json().then(p => done(r.status + ' ' + p.type)));");
        assertThat(answer).isEqualTo("403 https://computenet.io/problems/forbidden");
    }

    @Test
    @Order(3)
    void financeDownloadsTheMonthsExportWithTheReleasedLease() {
        // given
        assertThat(bookedLease).as("the researcher's lease (first test)").isNotNull();
        browser.signIn(portal, "finance1");
        assertThat(driver.getCurrentUrl()).endsWith("/portal/finance");
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        WebElement form = driver.findElement(By.id("export-form"));
        assertThat(form.findElement(By.name("period")).getAttribute("value")).isEqualTo(period);
        choose(form, "format", "csv");
        browser.screenshot("finance-exports-en");

        // when: downloaded (again, until billing has rated the released lease)
        Path file = browser.downloads.resolve("computenet-" + period + "-csv.csv");
        List<String> lines = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions().until(() -> {
                    Files.deleteIfExists(file);
                    driver.findElement(By.id("download")).click();
                    await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(file) && Files.size(file) > 0);
                    return Files.readAllLines(file, StandardCharsets.UTF_8);
                }, l -> l.stream().anyMatch(line -> line.contains(bookedLease)));

        // then: a CSV whose header names the columns and whose lease line carries the amount in CNY
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).contains("lease_id", "tenant_id", "amount", "currency");
        List<String> row = List.of(lines.stream().filter(l -> l.contains(bookedLease)).findFirst().orElseThrow()
                .split(",", -1));
        assertThat(row).hasSize(header.size());
        assertThat(row.get(header.indexOf("tenant_id"))).isEqualTo("tenant-lab-alpha");
        assertThat(row.get(header.indexOf("currency"))).isEqualTo("CNY");
        assertThat(new BigDecimal(row.get(header.indexOf("amount")))).isNotNegative();
        assertThat(driver.findElement(By.cssSelector("#export-form .form-status")).getText()).startsWith("Downloaded");

        // and: finance issues (or, when billing already did, shows) last month's invoices on the same page
        WebElement runs = driver.findElement(By.id("run-form"));
        assertThat(runs.findElement(By.name("period")).getAttribute("value"))
                .isEqualTo(YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString());
        driver.findElement(By.id("issue-invoices")).click();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> runs.findElement(
                By.className("form-status")).getText().matches(".*(Issued \\d+ invoices for|was issued before).*"));

        // and: every operator's payout statements of that month
        WebElement payouts = driver.findElement(By.id("payout-form"));
        driver.findElement(By.id("show-payouts")).click();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> !driver.findElements(
                By.cssSelector("#payouts tbody tr")).isEmpty());
        assertThat(payouts.findElement(By.className("form-status")).getAttribute("class")).doesNotContain("error");

        // and: the page in Chinese; a researcher's page is refused to finance
        browser.language("zh");
        assertThat(browser.heading()).isEqualTo("账单导出");
        browser.screenshot("finance-exports-zh");
        browser.language("en");
        driver.get(portal + "/portal/operator");
        assertThat(browser.find("#forbidden").isDisplayed()).isTrue();
    }

    @Test
    @Order(4)
    void anAdministratorSeesATenantsBudgetAndQuotasAndGivesItAVoucherAndATopUp() {
        browser.signIn(portal, "admin1");
        driver.get(portal + "/portal/admin");
        driver.findElement(By.id("load-tenant")).click();
        WebElement standing = browser.find("#tenant-standing");
        assertThat(standing.getText()).isNotBlank();
        browser.screenshot("admin-tenants-en");
        browser.language("zh");
        assertThat(browser.heading()).isEqualTo("租户预算与配额");
        browser.language("en");

        // given: a tenant of no other test
        WebElement tenantId = browser.find("#tenant-form [name='tenantId']");
        tenantId.clear();
        tenantId.sendKeys("tenant-browser-admin");
        driver.findElement(By.id("load-tenant")).click();
        WebElement voucher = browser.find("#voucher-form");

        // when: a voucher is issued without its amount
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = '2099-01-31'",
                voucher.findElement(By.name("expiresAt")));
        voucher.findElement(By.name("reason")).sendKeys("browser contest");
        driver.findElement(By.id("issue-voucher")).click();

        // then: billing's refusal is shown next to the amount
        WebElement amountError = voucher.findElement(By.cssSelector("[name='amount'] ~ .field-error"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !amountError.getText().isBlank());

        // when: with its amount
        voucher.findElement(By.name("amount")).sendKeys("200");
        driver.findElement(By.id("issue-voucher")).click();

        // then: issued, and listed with what is left of it
        await().atMost(Duration.ofSeconds(20)).until(() -> voucher.findElement(By.cssSelector(".form-status"))
                .getText().matches("Voucher \\S+ issued\\."));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> driver.findElement(
                By.cssSelector("#vouchers tbody")).getText(), t -> t.contains("browser contest") && t.contains("200.00"));

        // when: a top-up of 500 is recorded
        WebElement topUp = driver.findElement(By.id("top-up-form"));
        topUp.findElement(By.name("amount")).sendKeys("500");
        topUp.findElement(By.name("reference")).sendKeys("wire-browser-1");
        driver.findElement(By.id("top-up")).click();

        // then: the tenant's balance shows it
        await().atMost(Duration.ofSeconds(20)).until(() -> topUp.findElement(By.cssSelector(".form-status")).getText()
                .equals("Top-up recorded."));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> driver.findElement(
                By.id("admin-balance")).getText().contains("500.00"));

        // and: the dead-lettered records are listed (or the list says there are none)
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> !driver.findElements(
                By.cssSelector("#dead-letters tbody tr")).isEmpty());
        assertThat(driver.findElement(By.id("dead-letters-status")).getAttribute("class")).doesNotContain("error");
    }

    /** The booking form's status line, or why it cannot be read (the page may be navigating away). */
    private static String bookStatus() {
        try {
            return driver.findElements(By.id("book-status")).stream().map(WebElement::getText).findFirst().orElse("");
        } catch (WebDriverException navigating) {
            return "(unreadable: " + navigating.getClass().getSimpleName() + ")";
        }
    }

    private static void choose(WebElement form, String select, String value) {
        form.findElement(By.cssSelector("select[name='" + select + "'] option[value='" + value + "']")).click();
    }
}

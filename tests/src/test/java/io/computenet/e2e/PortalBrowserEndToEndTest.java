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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web portal in a real headless Chromium against the whole stack with real Keycloak: a researcher books a lease
 * from a quote, watches it run, opens its usage chart and releases it, reads a queued lease's reasons in Chinese,
 * renews a lease and sees the drain notice of its node; an operator creates an enrolment token, drains a node,
 * revokes one after confirming and reads its payouts; finance downloads the month's CSV and FOCUS exports and the
 * files are parsed; an admin edits a tenant's quotas; the offers are filtered; both languages are checked; one role is
 * refused another's page and action; every page of every role passes axe-core's serious and critical rules. One stack
 * and one browser serve all; each test signs in and sets up what it needs (none relies on another having run);
 * screenshots of the pages are saved on the way ({@code -Dcomputenet.screenshots.dir=...} puts them into
 * docs/screenshots).
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserEndToEndTest {

    private static PortalBrowser browser;
    private static WebDriver driver;
    private static String portal;

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
        assertThat(memoryError.getText()).isEqualTo("must be given");

        // and: in Chinese the field's own reason is Chinese too (the validator's reason code, worded by the page)
        browser.language("zh");
        WebElement zhForm = browser.find("#request-form");
        zhForm.findElement(By.name("memoryGiB")).clear();
        driver.findElement(By.id("show-quotes")).click();
        WebElement zhMemoryError = zhForm.findElement(By.cssSelector("[name='memoryGiB'] ~ .field-error"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !zhMemoryError.getText().isBlank());
        assertThat(zhMemoryError.getText()).isEqualTo("必填");
        assertThat(zhForm.findElement(By.cssSelector(".form-status")).getText()).isEqualTo("字段 memoryGiB 无效：必填")
                .doesNotContain("must");
        browser.language("en");
        WebElement request = browser.find("#request-form");
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> !request.findElements(
                By.cssSelector("select[name='region'] option[value='cn-east-yrd']")).isEmpty());

        // when: they ask for prices of 16 GiB in the east and book the first option
        request.findElement(By.name("memoryGiB")).clear();
        request.findElement(By.name("memoryGiB")).sendKeys("16");
        choose(request, "region", "cn-east-yrd");
        choose(request, "workloadClass", "BATCH");
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
        String bookedLease = driver.getCurrentUrl().substring(driver.getCurrentUrl().indexOf("#lease-") + 7);
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
        browser.find(card + " button.release").click(); // (the page reloaded in English: wait for its cards)
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
        // given: a lease of this test's own that ran and was released
        String researcher = token("researcher1");
        String lease = given().auth().oauth2(researcher).contentType("application/json").body(java.util.Map.of(
                "memoryGiB", 8, "deviceCount", 1, "durationMinutes", 5, "maxWaitMinutes", 0)).post("/api/v1/leases")
                .then().statusCode(201).extract().path("leaseId");
        await().atMost(Duration.ofSeconds(90)).until(() -> "RUNNING".equals(given().auth().oauth2(researcher)
                .get("/api/v1/leases/" + lease).then().extract().path("state")));
        given().auth().oauth2(researcher).post("/api/v1/leases/" + lease + "/release").then().statusCode(200);
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
                }, l -> l.stream().anyMatch(line -> line.contains(lease)));

        // then: a CSV whose header names the columns and whose lease line carries the amount in CNY
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).contains("lease_id", "tenant_id", "amount", "currency");
        List<String> row = List.of(lines.stream().filter(l -> l.contains(lease)).findFirst().orElseThrow()
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

    @Test
    @Order(5)
    void aResearcherSeesAQueuedLeasesReasonsInChineseRenewsALeaseAndSeesItsNodesDrainNotice() {
        // given: the region with the fewest devices filled with whole-device leases, until one more is refused
        String researcher = token("researcher1");
        String region = given().auth().oauth2(researcher).get("/api/v1/offers").then().statusCode(200).extract()
                .jsonPath().getList("$", java.util.Map.class).stream().collect(java.util.stream.Collectors.groupingBy(
                        o -> (String) o.get("region"), java.util.stream.Collectors.summingInt(
                                o -> ((Number) o.get("totalDevices")).intValue()))).entrySet().stream()
                .filter(e -> e.getValue() > 0).min(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<String> leases = new java.util.ArrayList<>();
        String drainedNode = null;
        try {
            for (int devices = 8; devices >= 1; ) {
                io.restassured.response.Response r = given().auth().oauth2(researcher).contentType("application/json")
                        .body(java.util.Map.of("memoryGiB", 1, "deviceCount", devices, "region", region, "sharing",
                                "WHOLE", "durationMinutes", 30, "maxWaitMinutes", 0)).post("/api/v1/leases");
                if (r.statusCode() == 201) {
                    leases.add(r.jsonPath().getString("leaseId"));
                } else {
                    devices /= 2;
                }
            }
            assertThat(leases).as("leases filling " + region).isNotEmpty();
            String running = leases.get(0);
            // when: one more may wait half an hour
            String queued = given().auth().oauth2(researcher).contentType("application/json")
                    .body(java.util.Map.of("memoryGiB", 1, "deviceCount", 1, "region", region, "sharing", "WHOLE",
                            "durationMinutes", 30, "maxWaitMinutes", 30)).post("/api/v1/leases").then()
                    .statusCode(201).body("state", org.hamcrest.Matchers.equalTo("QUEUED")).extract()
                    .path("leaseId");
            leases.add(queued);
            browser.signIn(portal, "researcher1");
            browser.language("zh");

            // then: its card says, in Chinese, that it waits and why: every reason worded, none left in English
            String card = "#lease-" + queued;
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "排队中".equals(
                    driver.findElement(By.cssSelector(card + " .badge")).getText()));
            List<WebElement> reasons = driver.findElements(By.cssSelector(card + " ul.reasons.pending li"));
            assertThat(reasons).isNotEmpty().allSatisfy(li -> {
                assertThat(li.getAttribute("data-reason")).isNotEqualTo("other");
                assertThat(li.getText()).containsPattern("\\p{IsHan}").doesNotContain("node").doesNotContain("queue");
            });
            assertThat(driver.findElement(By.cssSelector(card + " li[data-reason='queue_position']")).getText())
                    .matches("排队第 \\d+ 位.*");
            assertThat(driver.findElement(By.cssSelector(card)).getText()).contains("等待原因");
            browser.language("en");
            assertThat(browser.find(card + " li[data-reason='queue_position']").getText())
                    .matches("position \\d+ in the queue .*");

            // when: the running lease is renewed by 90 minutes
            String runningCard = "#lease-" + running;
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> "RUNNING".equals(
                    driver.findElement(By.cssSelector(runningCard)).getAttribute("data-state")));
            String endsBefore = given().auth().oauth2(researcher).get("/api/v1/leases/" + running).then()
                    .extract().path("endsAt");
            String factsBefore = driver.findElement(By.cssSelector(runningCard + " .facts")).getText();
            WebElement minutes = driver.findElement(By.cssSelector(runningCard + " input[name='minutes']"));
            minutes.clear();
            minutes.sendKeys("90");
            driver.findElement(By.cssSelector(runningCard + " button.renew")).click();

            // then: the card says so and shows the later end
            await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElement(By.cssSelector(runningCard
                    + " .form-status")).getText().equals("Saved."));
            String endsAfter = given().auth().oauth2(researcher).get("/api/v1/leases/" + running).then()
                    .extract().path("endsAt");
            assertThat(java.time.Instant.parse(endsAfter)).isEqualTo(java.time.Instant.parse(endsBefore)
                    .plus(Duration.ofMinutes(90)));
            // (the card shows the renewed end by its next poll at the latest)
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertThat(driver
                    .findElement(By.cssSelector(runningCard + " .facts")).getText()).contains("⏱")
                    .isNotEqualTo(factsBefore));

            // when: its operator drains its node
            drainedNode = given().auth().oauth2(researcher).get("/api/v1/leases/" + running).then()
                    .extract().path("nodeId");
            given().auth().oauth2(token("operator1")).contentType("application/json")
                    .body(java.util.Map.of("minutes", 120)).post("/api/v1/operator/nodes/" + drainedNode + "/drain")
                    .then().statusCode(200);

            // then: the lease's card tells the researcher, live
            WebElement notice = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    driver.findElement(By.cssSelector(runningCard + " .notice.drain")), WebElement::isDisplayed);
            assertThat(notice.getText()).startsWith("Its node is being drained: the lease ends by");
            browser.screenshot("researcher-leases-queued-en");
        } finally {
            if (drainedNode != null) {
                given().auth().oauth2(token("operator1")).delete("/api/v1/operator/nodes/" + drainedNode + "/drain");
            }
            leases.forEach(id -> given().auth().oauth2(researcher).post("/api/v1/leases/" + id + "/release"));
        }
    }

    @Test
    @Order(6)
    void anOperatorRevokesANodeAfterConfirmingAndReadsItsPayouts() {
        // given: a node enrolled for this test alone (the fleet keeps its nodes)
        String operator = token("operator1");
        String token = given().auth().oauth2(operator).contentType("application/json")
                .body(java.util.Map.of("region", "cn-east-yrd", "cluster", "wuhu-1", "expiresInMinutes", 30))
                .post("/api/v1/operator/enrollment-tokens").then().statusCode(201).extract().path("tokens[0]");
        String node = "browser-revoke-" + Long.toString(System.nanoTime(), 36);
        given().contentType("application/json").body(java.util.Map.of("token", token, "nodeName", node,
                "hostname", node + ".example", "devices", List.of(new io.computenet.contracts.inventory.DeviceInfo(
                        io.computenet.contracts.inventory.Vendor.NVIDIA, "H100 80GB HBM3", "GPU-" + node, null, 0,
                        null, "0000:18:00.0", 81559, 0L, 0.0, 33.0, 70.0,
                        io.computenet.contracts.inventory.DeviceHealth.OK, "550.54.15", null, "CUDA", "12.4",
                        List.of())))).post("/api/v1/enrollments").then().statusCode(201);
        browser.signIn(portal, "operator1");
        String row = "#nodes tbody tr[data-node='" + node + "']";

        // when: revoked, confirmed in the page's dialog
        browser.find(row + " button.revoke").click();
        assertThat(browser.find("#confirm #confirm-text").getText()).contains(node).contains("cannot be undone");
        driver.findElement(By.id("confirm-ok")).click();

        // then: the node shows it is revoked, and offers no action any more
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> driver.findElement(
                By.cssSelector(row + " .node-state")).getText().startsWith("Revoked"));
        assertThat(driver.findElements(By.cssSelector(row + " button"))).isEmpty();
        assertThat(given().auth().oauth2(operator).get("/api/v1/operator/nodes").then().extract().jsonPath()
                .getString("find { it.nodeId == '" + node + "' }.revokedAt")).isNotBlank();

        // when: the operator reads its payout statements of last month
        WebElement payouts = driver.findElement(By.id("payout-form"));
        String period = YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString();
        assertThat(payouts.findElement(By.name("period")).getAttribute("value")).isEqualTo(period);
        driver.findElement(By.id("show-payouts")).click();

        // then: its own statements of that month (each row of op-demo's, for the period), or that there are none
        String shown = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> driver.findElement(
                By.cssSelector("#payouts tbody")).getText(), t -> !t.isBlank());
        List<String> statements = given().auth().oauth2(operator).queryParam("period", period).get("/api/v1/payouts")
                .then().statusCode(200).extract().jsonPath().getList("period", String.class);
        if (statements.isEmpty()) {
            assertThat(shown).isEqualTo("Nothing to show.");
        } else {
            assertThat(driver.findElements(By.cssSelector("#payouts tbody tr"))).hasSize(statements.size())
                    .allSatisfy(r -> assertThat(r.getText()).startsWith(period).contains("¥"));
        }
        assertThat(driver.findElement(By.cssSelector("#payout-form .form-status")).getAttribute("class"))
                .doesNotContain("error");
        assertThat(driver.findElement(By.id("payouts-h")).getText()).isNotBlank();
    }

    @Test
    @Order(7)
    void financeDownloadsTheMonthsFocusExport() throws Exception {
        // given
        browser.signIn(portal, "finance1");
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        WebElement form = driver.findElement(By.id("export-form"));
        choose(form, "format", "focus");
        Path file = browser.downloads.resolve("computenet-" + period + "-focus.csv");
        Files.deleteIfExists(file);

        // when
        driver.findElement(By.id("download")).click();

        // then: the file arrives, a FOCUS CSV: its header names FOCUS's mandatory columns, the page says so
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file) && Files.size(file) > 0);
        List<String> header = List.of(Files.readAllLines(file, StandardCharsets.UTF_8).get(0).split(","));
        assertThat(header).contains("BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodStart",
                "BillingPeriodEnd", "ChargeCategory", "ChargePeriodStart", "ChargePeriodEnd", "EffectiveCost",
                "ListCost", "ContractedCost", "ServiceName");
        assertThat(header).filteredOn(c -> !c.startsWith("x_")).allMatch(c -> c.matches("[A-Z][A-Za-z]+"));
        assertThat(browser.find("#export-form .form-status").getText())
                .isEqualTo("Downloaded computenet-" + period + "-focus.csv.");
    }

    @Test
    @Order(8)
    void anAdministratorEditsATenantsQuotas() {
        // given: a tenant of no other test
        browser.signIn(portal, "admin1");
        driver.get(portal + "/portal/admin");
        String tenant = "tenant-browser-quota-" + Long.toString(System.nanoTime(), 36);
        loadTenant(tenant);
        assertThat(driver.findElements(By.cssSelector("#quotas tbody tr"))).isEmpty();

        // when: a quota of 3 NVIDIA devices in the east is added and saved
        driver.findElement(By.id("add-quota")).click();
        WebElement quota = browser.find("#quotas tbody tr");
        quota.findElement(By.name("region")).sendKeys("cn-east-yrd");
        quota.findElement(By.cssSelector("select[name='vendor'] option[value='NVIDIA']")).click();
        quota.findElement(By.name("maxDevices")).sendKeys("3");
        driver.findElement(By.cssSelector("#quota-form button[type='submit']")).click();

        // then: saved; loaded again (after a reload), the tenant has it
        await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElement(By.cssSelector(
                "#quota-form .form-status")).getText().equals("Saved."));
        driver.navigate().refresh();
        loadTenant(tenant);
        WebElement saved = browser.find("#quotas tbody tr");
        assertThat(saved.findElement(By.name("region")).getAttribute("value")).isEqualTo("cn-east-yrd");
        assertThat(saved.findElement(By.name("vendor")).getAttribute("value")).isEqualTo("NVIDIA");
        assertThat(saved.findElement(By.name("maxDevices")).getAttribute("value")).isEqualTo("3");

        // and: the page in Chinese
        browser.language("zh");
        assertThat(browser.heading()).isEqualTo("租户预算与配额");
        loadTenant(tenant);
        browser.screenshot("admin-tenants-zh");
        browser.language("en");

        // when: the quota is removed
        loadTenant(tenant);
        browser.find("#quotas tbody tr button.secondary").click();
        driver.findElement(By.cssSelector("#quota-form button[type='submit']")).click();

        // then
        await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElement(By.cssSelector(
                "#quota-form .form-status")).getText().equals("Saved."));
        assertThat(given().auth().oauth2(token("admin1")).get("/api/v1/admin/tenants/" + tenant + "/limits").then()
                .statusCode(200).extract().jsonPath().getList("quotas")).isEmpty();
    }

    @Test
    @Order(9)
    void theOffersFilterByMemoryVendorRegionAndPrice() {
        // given
        browser.signIn(portal, "researcher1");
        driver.get(portal + "/portal/offers");
        List<List<String>> all = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                PortalBrowserEndToEndTest::offerRows, rows -> rows.size() > 1);
        WebElement filters = driver.findElement(By.id("offer-filters"));
        String vendor = all.get(all.size() - 1).get(2);
        String region = driver.findElement(By.cssSelector("#offers tbody tr")).getAttribute("data-region");
        BigDecimal maxMemory = all.stream().map(r -> number(r.get(3))).max(BigDecimal::compareTo).orElseThrow();
        BigDecimal cheapest = all.stream().map(r -> r.get(5)).filter(p -> p.matches(".*\\d.*"))
                .map(PortalBrowserEndToEndTest::number).min(BigDecimal::compareTo).orElseThrow();

        // when / then: each filter keeps only the lines that satisfy it, and some
        type(filters, "minMemory", maxMemory.toPlainString());
        assertShown(all, r -> number(r.get(3)).compareTo(maxMemory) >= 0);
        type(filters, "minMemory", "");
        choose(filters, "vendor", vendor);
        assertShown(all, r -> r.get(2).equals(vendor));
        choose(filters, "vendor", "");
        choose(filters, "region", region);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(driver.findElements(
                By.cssSelector("#offers tbody tr"))).isNotEmpty().allSatisfy(tr -> assertThat(
                tr.getAttribute("data-region")).isEqualTo(region)));
        choose(filters, "region", "");
        type(filters, "maxPrice", cheapest.toPlainString());
        assertShown(all, r -> r.get(5).matches(".*\\d.*") && number(r.get(5)).compareTo(cheapest) <= 0);

        // and: filters that nothing passes say so
        type(filters, "maxPrice", "0");
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElement(By.id("offers-status")).getText()
                .equals("Nothing to show."));
        assertThat(driver.findElements(By.cssSelector("#offers tbody tr"))).isEmpty();
    }

    @Test
    @Order(10)
    void everyPageOfEveryRoleHasNoSeriousOrCriticalAccessibilityViolationInEitherLanguage() {
        java.util.Map<String, List<String>> pages = new java.util.LinkedHashMap<>();
        pages.put("researcher1", List.of("/portal/offers", "/portal/leases", "/portal/account", "/portal/admin"));
        pages.put("operator1", List.of("/portal/operator"));
        pages.put("finance1", List.of("/portal/finance"));
        pages.put("admin1", List.of("/portal/admin", "/portal/offers", "/portal/leases", "/portal/account",
                "/portal/finance"));
        org.assertj.core.api.SoftAssertions violations = new org.assertj.core.api.SoftAssertions();
        pages.forEach((user, paths) -> {
            browser.signIn(portal, user);
            for (String lang : List.of("en", "zh")) {
                if (!lang.equals(driver.findElement(By.tagName("html")).getAttribute("lang"))) {
                    browser.language(lang);
                }
                for (String path : paths) {
                    driver.get(portal + path);
                    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> ((JavascriptExecutor) driver)
                            .executeScript("return document.readyState").equals("complete")
                            && driver.findElement(By.id("who")).isDisplayed());
                    violations.assertThat(browser.seriousAccessibilityViolations()).as(user + " " + lang + " " + path)
                            .isEmpty();
                }
            }
            browser.language("en");
            browser.signOut(portal, StackExtension.stack().options().realmUrl());
        });
        driver.get(portal + "/signed-out");
        violations.assertThat(browser.seriousAccessibilityViolations()).as("signed out").isEmpty();
        violations.assertAll();
    }

    private void loadTenant(String tenant) {
        WebElement id = browser.find("#tenant-form [name='tenantId']");
        id.clear();
        id.sendKeys(tenant);
        driver.findElement(By.id("load-tenant")).click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> driver.findElement(By.id("tenant-box"))
                .isDisplayed() && !driver.findElement(By.id("tenant-standing")).getText().isBlank());
    }

    /** The offers table's lines as the page shows them, cell by cell. */
    private static List<List<String>> offerRows() {
        return driver.findElements(By.cssSelector("#offers tbody tr")).stream().map(tr -> tr.findElements(
                By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    /** The lines shown are exactly those of {@code all} that pass, and there is at least one. */
    private static void assertShown(List<List<String>> all, java.util.function.Predicate<List<String>> passes) {
        List<List<String>> expected = all.stream().filter(passes).toList();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(offerRows())
                .isNotEmpty().containsExactlyElementsOf(expected));
    }

    /** A figure as the page writes it (grouping, currency and unit around it). */
    private static BigDecimal number(String shown) {
        return new BigDecimal(shown.replaceAll("[^0-9.]", ""));
    }

    private static void type(WebElement form, String input, String value) {
        WebElement field = form.findElement(By.name(input));
        field.clear();
        field.sendKeys(value);
        if (value.isEmpty()) {
            ((JavascriptExecutor) driver).executeScript("arguments[0].dispatchEvent(new Event('input', {bubbles:"
                    + " true}))", field);
        }
    }

    private static String token(String user) {
        return io.computenet.devstack.testing.Tokens.password(StackExtension.stack().options().realmUrl(), user, user);
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

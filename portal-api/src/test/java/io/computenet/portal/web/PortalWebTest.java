package io.computenet.portal.web;

import io.computenet.devstack.testing.KeycloakResource;
import io.computenet.devstack.testing.Tokens;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The web portal's edges against a real Keycloak: pages send an anonymous browser to sign in with PKCE, the signed-out
 * page follows the browser's language, and a state-changing API call carried by a portal session cookie without the
 * page's CSRF token is refused while bearer-token clients are unaffected. The signed-in pages are driven in a real
 * browser by the end-to-end suite ({@code PortalBrowserEndToEndTest}).
 */
@QuarkusTest
// the same arguments as the module's other tests: Quarkus starts each distinct resource once for the whole module,
// and two Keycloaks from one distribution cannot run in one JVM
@QuarkusTestResource(value = KeycloakResource.class, initArgs = @ResourceArg(name = "client", value = "svc-portal"))
class PortalWebTest {

    @Inject
    @Localized("zh")
    PortalMessages chinese;
    @Inject
    PortalMessages english;
    @Inject
    @Localized("zh")
    ProblemMessages chineseProblems;
    @Inject
    ProblemMessages englishProblems;
    @Inject
    @Localized("zh")
    FieldMessages chineseFields;
    @Inject
    FieldMessages englishFields;
    @Inject
    @Localized("zh")
    WorkloadMessages chineseWorkload;
    @Inject
    WorkloadMessages englishWorkload;

    private static List<String> placeholders(String text) {
        return java.util.regex.Pattern.compile("\\{\\d}").matcher(text).results()
                .map(java.util.regex.MatchResult::group).sorted().toList();
    }

    @Test
    void everyTextReachesThePageWithItsPlaceholdersInEitherLanguage() throws Exception {
        // given: the texts the pages are rendered with (Qute reads msg_zh.properties itself: a "\\{" there would
        // reach the page as a backslash and the placeholder's index)
        everyTextKeepsItsPlaceholders(PortalMessages.class, chinese, english);
        everyTextKeepsItsPlaceholders(ProblemMessages.class, chineseProblems, englishProblems);
        everyTextKeepsItsPlaceholders(FieldMessages.class, chineseFields, englishFields);
        everyTextKeepsItsPlaceholders(WorkloadMessages.class, chineseWorkload, englishWorkload);
    }

    @Test
    void aBadFieldsReasonComesWithACodeThatThePageWordsInChinese() {
        // given: a researcher's quote request without its memory and with a duration over the limit
        String researcher = Tokens.password(KeycloakResource.realmUrl(), "researcher1", "researcher1");

        // when
        var answer = given().auth().oauth2(researcher).contentType(ContentType.JSON)
                .body(Map.of("deviceCount", 1, "durationMinutes", 100_000)).post("/api/v1/quotes").then()
                .statusCode(400).contentType("application/problem+json").extract().jsonPath();

        // then: each field's reason has its code beside the validator's English words, in the order of errors[]
        assertThat(answer.getList("errorCodes.field")).isEqualTo(answer.getList("errors.field"));
        assertThat(answer.getList("errorCodes.text")).isEqualTo(answer.getList("errors.message"));
        int memory = answer.getList("errorCodes.field").indexOf("memoryGiB");
        int duration = answer.getList("errorCodes.field").indexOf("durationMinutes");
        assertThat(answer.getString("errorCodes[" + memory + "].code")).isEqualTo("not_null");
        assertThat(answer.getString("errorCodes[" + duration + "].code")).isEqualTo("at_most");
        assertThat(answer.getList("errorCodes[" + duration + "].args")).containsExactly("43200");
        // and: the page shows them in Chinese (the texts the page script fills with the arguments)
        assertThat(chineseFields.field_not_null()).isEqualTo("必填");
        assertThat(chineseFields.field_at_most().replace("{0}", "43200")).isEqualTo("不能大于 43200");
        assertThat(englishFields.field_at_most()).isEqualTo("must be at most {0}");
    }

    @Test
    void problemsRaisedOutsideTheResourcesCarryTheirCodes() {
        // the CSRF refusal (a request filter) and a refused sign-in (the security layer) are worded like the rest
        given().cookie(WebTenantResolver.SESSION_COOKIE, "anything").contentType(ContentType.JSON)
                .body(Map.of("minutes", 60)).post("/api/v1/leases/l-1/renew").then().statusCode(403)
                .contentType("application/problem+json").body("detailCode.code", equalTo("csrf_token_invalid"));
        given().get("/api/v1/leases").then().statusCode(401).contentType("application/problem+json")
                .body("detailCode.code", equalTo("unauthorized"));
        given().auth().oauth2("not-a-token").get("/api/v1/leases").then().statusCode(401)
                .contentType("application/problem+json").body("detailCode.code", equalTo("unauthorized"));
    }

    private static void everyTextKeepsItsPlaceholders(Class<?> bundle, Object chinese, Object english)
            throws Exception {
        for (Method m : bundle.getDeclaredMethods()) {
            io.quarkus.qute.i18n.Message message = m.getAnnotation(io.quarkus.qute.i18n.Message.class);
            if (message == null || m.getParameterCount() > 0) {
                continue;
            }
            List<String> placeholders = placeholders(message.value().replace("\\{", "{"));

            // when
            String zh = (String) m.invoke(chinese);
            String en = (String) m.invoke(english);

            // then: each placeholder arrives as {n}, for the page script to fill; nothing escaped is left over
            assertThat(placeholders(en)).as(m.getName()).isEqualTo(placeholders);
            assertThat(placeholders(zh)).as(m.getName() + " in Chinese: " + zh).isEqualTo(placeholders);
            assertThat(zh).as(m.getName()).doesNotContain("\\");
        }
    }

    @Test
    void sendsAnAnonymousVisitorToKeycloakWithPkce() {
        for (String page : new String[]{"/", "/portal", "/portal/leases", "/portal/account", "/portal/finance"}) {
            given().redirects().follow(false).accept(ContentType.HTML).get(page).then().statusCode(302)
                    .header("Location", containsString("/realms/computenet/protocol/openid-connect/auth?"))
                    .header("Location", containsString("client_id=portal"))
                    .header("Location", containsString("code_challenge_method=S256"))
                    .header("Location", containsString("code_challenge="));
        }
    }

    @Test
    void keepsTheSignInStateCookieFromScriptsAndFromOtherSitesPosts() {
        // when: an anonymous page request is sent to Keycloak
        List<String> cookies = given().redirects().follow(false).accept(ContentType.HTML).get("/portal/leases")
                .then().statusCode(302).extract().headers().getValues("Set-Cookie");

        // then: the sign-in state (PKCE verifier inside) is HttpOnly and SameSite=Lax; Secure is off only because the
        // test profile, like the local run, serves plain HTTP (computenet.portal.web.secure-cookies=false)
        assertThat(cookies).filteredOn(c -> c.startsWith("q_auth_web")).singleElement()
                .satisfies(c -> assertThat(c).containsIgnoringCase("HttpOnly")
                        .containsIgnoringCase("SameSite=Lax").doesNotContainIgnoringCase("Secure"));
    }

    @Test
    void keepsAnsweringProblemsToTheApiWithoutCredentials() {
        given().redirects().follow(false).get("/api/v1/leases").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void showsTheSignedOutPageInTheBrowsersLanguage() {
        given().header("Accept-Language", "zh-CN,zh;q=0.9").get("/signed-out").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("您已退出登录"))
                .body(containsString("lang=\"zh\""));
        given().header("Accept-Language", "en-GB").cookie(PortalLanguage.COOKIE, "zh").get("/signed-out").then()
                .statusCode(200).body(containsString("您已退出登录"));
        given().header("Accept-Language", "en-GB").get("/signed-out").then().statusCode(200)
                .body(containsString("You are signed out")).body(not(containsString("{msg:")));
    }

    @Test
    void refusesASessionCookieChangeWithoutTheCsrfToken() {
        // a cross-site form post carries the session cookie but cannot read the page's token
        given().cookie(WebTenantResolver.SESSION_COOKIE, "anything").contentType(ContentType.JSON)
                .body(Map.of("memoryGiB", 40, "deviceCount", 1, "durationMinutes", 60))
                .post("/api/v1/leases").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://computenet.io/problems/csrf-token-invalid"));
        given().cookie(WebTenantResolver.SESSION_COOKIE, "anything").cookie(CsrfTokens.COOKIE, "forged.value")
                .header(CsrfTokens.HEADER, "forged.value").post("/api/v1/leases/l-1/release").then().statusCode(403)
                .body("type", equalTo("https://computenet.io/problems/csrf-token-invalid"));
    }

    @Test
    void leavesBearerTokenClientsAlone() {
        // finance may not request leases: the role check answers, not the CSRF check
        String finance = Tokens.password(KeycloakResource.realmUrl(), "finance1", "finance1");
        given().auth().oauth2(finance).cookie(WebTenantResolver.SESSION_COOKIE, "anything")
                .contentType(ContentType.JSON).body(Map.of("memoryGiB", 40, "deviceCount", 1, "durationMinutes", 60))
                .post("/api/v1/leases").then().statusCode(403)
                .body("type", equalTo("https://computenet.io/problems/forbidden"));
    }
}

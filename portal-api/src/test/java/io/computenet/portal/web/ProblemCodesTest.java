package io.computenet.portal.web;

import io.computenet.portal.upstream.ProblemCodes;
import io.computenet.problem.Problem;
import io.quarkus.qute.i18n.Message;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A problem the pages show is worded in each language from its type and fields ({@link ProblemCodes} and the messages
 * {@code problem_<code>}), never from its English detail; a type the portal does not know keeps its detail.
 */
class ProblemCodesTest {

    private static final Properties ZH = new Properties();

    @BeforeAll
    static void readChinese() throws IOException {
        try (Reader in = new InputStreamReader(Objects.requireNonNull(ProblemCodesTest.class.getResourceAsStream(
                "/messages/problem_zh.properties")), StandardCharsets.UTF_8)) {
            ZH.load(in);
        }
    }

    /** The problem as the page words it in English and in Chinese. */
    private static List<String> worded(Problem problem) throws NoSuchMethodException {
        var code = ProblemCodes.of(problem).orElseThrow();
        String key = "problem_" + code.code();
        String english = ProblemMessages.class.getMethod(key).getAnnotation(Message.class).value().replace("\\{", "{");
        String chinese = Objects.requireNonNull(ZH.getProperty(key), key);
        return List.of(fill(english, code.args()), fill(chinese, code.args()));
    }

    private static String fill(String text, List<String> args) {
        String filled = text;
        for (int i = 0; i < args.size(); i++) {
            filled = filled.replace("{" + i + "}", args.get(i));
        }
        assertThat(filled).as(text).doesNotContainPattern("\\{\\d}");
        return filled;
    }

    private static Problem problem(int status, String slug, String detail, List<Problem.FieldError> errors,
                                   List<String> reasons) {
        return new Problem(Problem.TYPE_BASE + slug, "a title", status, detail, errors, reasons);
    }

    @Test
    void wordsARefusedFieldWithItsNameAndReason() throws Exception {
        // given: what a FieldProblem answers
        Problem p = problem(400, "invalid-request", "period: a month as YYYY-MM is required",
                List.of(new Problem.FieldError("period", "a month as YYYY-MM is required")), List.of());

        // when / then
        assertThat(worded(p)).containsExactly("The field period is not valid: a month as YYYY-MM is required",
                "字段 period 无效：a month as YYYY-MM is required");
    }

    @Test
    void wordsSeveralRefusedFieldsByTheirNames() throws Exception {
        // given
        Problem p = problem(400, "invalid-request", "2 fields are invalid", List.of(
                new Problem.FieldError("deviceCount", "must be greater than or equal to 1"),
                new Problem.FieldError("hours", "must not be null")), List.of());

        // when / then
        assertThat(worded(p)).containsExactly("These fields are not valid: deviceCount, hours",
                "以下字段无效：deviceCount, hours");
    }

    @Test
    void wordsAnInvalidRequestWithoutFieldsWithItsDetail() throws Exception {
        // given
        Problem p = problem(400, "invalid-request", "startsAt must be in the future", List.of(), List.of());

        // when / then
        assertThat(worded(p)).containsExactly("The request is not valid: startsAt must be in the future",
                "请求无效：startsAt must be in the future");
    }

    @Test
    void wordsExhaustedFundsWithTheBalanceFromTheRefusalsReasons() throws Exception {
        // given: what the scheduler answers (402) when a tenant has no funds left
        Problem p = problem(402, "funds-exhausted", "lease refused: tenant t1 has no prepaid funds left (balance"
                + " -3.20 CNY, no voucher with money left); top up or get a voucher", List.of(),
                List.of("balance: -3.20", "currency: CNY", "exhaustedSince: 2026-11-10T10:00:00Z"));

        // when / then
        assertThat(worded(p)).containsExactly("No prepaid funds left (balance -3.20 CNY, no voucher with money left):"
                + " top up or get a voucher", "预付余额已用尽（余额 -3.20 CNY，也没有尚有余额的代金券）：请充值或领取代金券");
    }

    @Test
    void wordsExhaustedFundsWithoutABalanceByTypeAlone() throws Exception {
        // given
        Problem p = problem(402, "funds-exhausted", "no funds", List.of(), List.of());

        // when / then
        assertThat(worded(p)).containsExactly("No prepaid funds left: top up or get a voucher",
                "预付余额已用尽：请充值或领取代金券");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            insufficient-capacity|No capacity fits this request now|目前没有能满足此请求的算力
            price-ceiling|Nothing that fits this request costs at most your price ceiling now|目前没有符合此请求且不高于您价格上限的选项
            tenant-limit-exceeded|The lease would exceed your tenant's GPU-hour budget or device quota|此次租用将超出租户的 GPU 小时预算或设备配额
            lease-not-found|No such lease|找不到该租用
            lease-ended|The lease has ended|该租用已结束
            node-draining|The lease's node is being taken out of service: the lease cannot be renewed; request a new lease to continue elsewhere|该租用所在节点即将停止服务：无法续租；请申请新的租用以在别处继续
            booking-too-long|The lease would be booked for longer than allowed|租用时长超过允许的上限
            devices-booked|The lease's devices are booked later: it can run only until that booking starts|该租用的设备之后已被预订：只能运行到该预订开始
            quote-not-found|No such quote for your tenant|您的租户没有该报价
            quote-expired|The quote has expired: ask for new quotes|该报价已过期：请重新询价
            quote-booked|The quote has already been booked|该报价已被预订
            quote-unavailable|The quoted option is not free any more: ask for new quotes|所报选项已不再空闲：请重新询价
            forbidden|You may not do this|您无权执行此操作
            unauthorized|Please sign in again|请重新登录
            csrf-token-invalid|The page is out of date: reload it and try again|页面已过期：请刷新后重试
            priority-not-allowed|Your role may not set a lease's priority|您的角色不能设置租用优先级
            no-tenant|Your account belongs to no tenant|您的账号不属于任何租户
            no-organisation|Your account belongs to no operator organisation|您的账号不属于任何运营方组织
            service-unavailable|A service is not reachable: try again shortly|有服务暂时无法访问：请稍后重试
            duplicate-quota|The quotas name the same scope twice|配额中同一范围出现了两次
            price-exists|A price for this key and start exists already|该键和生效时间的价格已存在
            price-in-the-past|A price cannot change the past: choose a start from now on|价格不能更改过去：请选择从现在起的生效时间
            period-not-closed|The month is not closed yet|该月份尚未结束
            invoice-not-found|No such invoice|找不到该发票
            platform-fee-not-set|No platform fee is set for this operator|尚未为该运营方设置平台费
            endpoint-exists|An endpoint with this name exists already|同名推理端点已存在
            endpoint-not-found|No such endpoint|找不到该推理端点
            api-key-not-found|No such API key|找不到该 API 密钥
            not-found|Not found|未找到
            payload-too-large|The request is too large|请求内容过大
            internal|Something went wrong on our side: try again|服务端出错：请重试
            uri-too-long|The address is too long|请求地址过长
            bad-request|The request could not be read|无法读取该请求
            method-not-allowed|This action is not available here|此处不支持该操作
            not-acceptable|The answer cannot be given in the asked format|无法以所要求的格式返回结果
            unsupported-media-type|The request's format is not accepted|不接受该请求的格式
            unsupported-export-format|This export format is not supported|不支持该导出格式
            upstream-failure|A service answered unexpectedly: try again shortly|有服务返回了意外的结果：请稍后重试
            shutting-down|The scheduler is restarting: try again shortly|调度服务正在重启：请稍后重试
            charge-not-found|No such charge|找不到该笔费用
            """)
    void wordsAKnownTypeInEachLanguage(String slug, String english, String chinese) throws Exception {
        // given: a problem of the type with an English detail the pages must not show
        Problem p = problem(409, slug, "the service's own English sentence", List.of(), List.of("a reason"));

        // when / then
        assertThat(worded(p)).containsExactly(english, chinese);
    }

    @Test
    void everyTypeWordedByTypeAloneHasItsCase() {
        assertThat(ProblemCodes.BY_TYPE).hasSize(40);
    }

    @Test
    void keepsTheDetailOfATypeThePortalDoesNotKnow() {
        assertThat(ProblemCodes.of(problem(418, "teapot", "I am a teapot", List.of(), List.of()))).isEmpty();
        assertThat(ProblemCodes.of("about:blank", "plain", List.of(), List.of())).isEmpty();
        assertThat(ProblemCodes.of(null, "plain", null, null)).isEmpty();
    }

    @Test
    void thePageScriptGetsEveryProblemText() throws IOException {
        // given
        String i18n;
        try (var in = Objects.requireNonNull(getClass().getResourceAsStream("/templates/portal/i18n.html"))) {
            i18n = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        // then
        for (var m : ProblemMessages.class.getDeclaredMethods()) {
            if (m.getName().startsWith("problem_")) {
                String code = m.getName().substring("problem_".length());
                assertThat(i18n).contains("data-problem-" + code.replace('_', '-') + "=\"{problem:" + m.getName()
                        + "}\"");
            }
        }
    }
}

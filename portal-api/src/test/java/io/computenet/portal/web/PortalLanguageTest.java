package io.computenet.portal.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PortalLanguageTest {

    @ParameterizedTest(name = "cookie {0}, Accept-Language {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "null, null, en",
            "null, 'zh-CN,zh;q=0.9,en;q=0.8', zh",
            "null, 'en-US,en;q=0.9,zh;q=0.5', en",
            "null, 'de-DE,zh-TW;q=0.8', zh",
            "null, 'fr-FR,de;q=0.9', en",
            "null, 'zh;q=0,en;q=0.1', en",
            "zh, 'en-US', zh",
            "en, 'zh-CN', en",
            "xx, 'zh-CN', zh",
            "null, ';;;not a header', en"})
    void followsTheSwitchThenTheBrowser(String cookie, String acceptLanguage, String expected) {
        assertThat(PortalLanguage.choose(cookie, acceptLanguage)).isEqualTo(expected);
    }
}

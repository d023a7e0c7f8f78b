package io.computenet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTest {

    @Test
    void takesTheOptionThenTheEnvironmentThenTheLocalRunDefaults(@TempDir Path home) {
        // given
        TestEnv env = new TestEnv(home);
        env.variables.remove("XDG_CONFIG_HOME");

        // when
        Settings defaults = Settings.resolve(null, null, env.environment());
        env.variables.put("CNET_API_URL", "https://api.example/");
        env.variables.put("CNET_AUTH_URL", "https://sso.example/realms/computenet");
        env.variables.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        Settings fromEnv = Settings.resolve(null, null, env.environment());
        Settings fromOptions = Settings.resolve("http://127.0.0.1:9/", "http://127.0.0.1:10/realms/x",
                env.environment());

        // then
        assertThat(defaults).isEqualTo(new Settings("http://localhost:8080", "http://localhost:8180/realms/computenet",
                "computenet-cli", home.resolve(".config/computenet")));
        assertThat(fromEnv).isEqualTo(new Settings("https://api.example", "https://sso.example/realms/computenet",
                "computenet-cli", home.resolve("xdg/computenet")));
        assertThat(fromOptions.apiUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(fromOptions.authUrl()).isEqualTo("http://127.0.0.1:10/realms/x");
    }

    @Test
    void everyTextHasItsChineseTranslation() throws Exception {
        // given
        Properties en = new Properties();
        Properties zh = new Properties();
        try (var a = Messages.class.getResourceAsStream("messages.properties");
             var b = Messages.class.getResourceAsStream("messages_zh.properties")) {
            en.load(new java.io.InputStreamReader(a, java.nio.charset.StandardCharsets.UTF_8));
            zh.load(new java.io.InputStreamReader(b, java.nio.charset.StandardCharsets.UTF_8));
        }

        // then
        assertThat(zh.keySet()).isEqualTo(en.keySet());
        assertThat(new Messages(Locale.SIMPLIFIED_CHINESE).get("error.not-signed-in")).isEqualTo("未登录：请运行 cnet login");
        assertThat(new Messages(Locale.GERMAN).get("error.not-signed-in")).isEqualTo("not signed in: run cnet login");
    }
}

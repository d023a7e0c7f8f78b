package io.computenet.contracts.api;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

class SentenceTemplatesTest {

    @Test
    void readsEachPlaceholderBackAsAnArgumentAndTheRestLiterally() {
        // given
        String english = "must be between 1 and {0} but was {1} (a.k.a. [x])";

        // when
        Matcher m = SentenceTemplates.patternOf(english).matcher("must be between 1 and 60 but was 90 (a.k.a. [x])");

        // then
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("60");
        assertThat(m.group(2)).isEqualTo("90");
        assertThat(SentenceTemplates.arity(english)).isEqualTo(2);
    }

    @Test
    void aSentenceThatDiffersOutsideThePlaceholdersDoesNotMatch() {
        // given: the regex characters of the template are literal, not a pattern
        String english = "needs {0}.*";

        // then
        assertThat(SentenceTemplates.patternOf(english).matcher("needs 8 GiB and more").matches()).isFalse();
        assertThat(SentenceTemplates.patternOf(english).matcher("needs 8 GiB.*").matches()).isTrue();
        assertThat(SentenceTemplates.arity("no placeholder")).isZero();
    }
}

package io.computenet.portal.gateway.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SseUsageFilterTest {

    private static final String HELLO = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n";
    private static final String STOP = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    private static final String USAGE = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";
    private static final String STREAM = HELLO + STOP + USAGE + DONE;

    private static String pass(SseUsageFilter filter, String stream, int chunkSize) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i += chunkSize) {
            byte[] chunk = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunkSize));
            out.writeBytes(filter.accept(chunk));
        }
        out.writeBytes(filter.finish());
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
    void dropsTheUsageChunkItAskedForWhereverTheChunksBreak(int chunkSize) {
        // given
        SseUsageFilter filter = new SseUsageFilter(true);
        // when
        String out = pass(filter, STREAM, chunkSize);
        // then
        assertThat(out).isEqualTo(HELLO + STOP + DONE);
        assertThat(filter.usage()).contains(new Usage(12, 7));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 100_000})
    void passesTheUsageChunkTheClientAskedFor(int chunkSize) {
        // given
        SseUsageFilter filter = new SseUsageFilter(false);
        // when
        String out = pass(filter, STREAM, chunkSize);
        // then
        assertThat(out).isEqualTo(STREAM);
        assertThat(filter.usage()).contains(new Usage(12, 7));
    }

    @Test
    void emitsEachCompleteEventAsSoonAsItEnds() {
        // given
        SseUsageFilter filter = new SseUsageFilter(true);
        // when
        byte[] first = filter.accept((HELLO + STOP.substring(0, 20)).getBytes(StandardCharsets.UTF_8));
        byte[] second = filter.accept(STOP.substring(20).getBytes(StandardCharsets.UTF_8));
        // then
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(HELLO);
        assertThat(new String(second, StandardCharsets.UTF_8)).isEqualTo(STOP);
    }

    @Test
    void passesAChunkOfWholeEventsWithoutUsageAsItIs() {
        // given
        SseUsageFilter filter = new SseUsageFilter(true);
        byte[] chunk = (HELLO + STOP).getBytes(StandardCharsets.UTF_8);
        byte[] crlf = HELLO.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        // when / then
        assertThat(filter.accept(chunk)).isSameAs(chunk);
        assertThat(filter.accept(crlf)).isSameAs(crlf);
        assertThat(filter.usage()).isEmpty();
    }

    @Test
    void understandsCrLfLineEnds() {
        // given
        SseUsageFilter filter = new SseUsageFilter(true);
        String crlf = STREAM.replace("\n", "\r\n");
        // when
        String out = pass(filter, crlf, 3);
        // then
        assertThat(out).isEqualTo((HELLO + STOP + DONE).replace("\n", "\r\n"));
        assertThat(filter.usage()).contains(new Usage(12, 7));
    }

    @Test
    void keepsAContentChunkThatAlsoCarriesUsage() {
        // given: an engine reporting usage on every chunk (continuous usage stats)
        String both = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}\n\n";
        SseUsageFilter filter = new SseUsageFilter(true);
        // when
        String out = pass(filter, both + DONE, 10);
        // then
        assertThat(out).isEqualTo(both + DONE);
        assertThat(filter.usage()).contains(new Usage(3, 1));
    }

    @Test
    void passesAnUnfinishedLastEventAndReportsNoUsageForACutStream() {
        // given
        SseUsageFilter filter = new SseUsageFilter(true);
        // when
        String out = pass(filter, HELLO + "data: {\"partial\"", 4);
        // then
        assertThat(out).isEqualTo(HELLO + "data: {\"partial\"");
        assertThat(filter.usage()).isEmpty();
    }
}

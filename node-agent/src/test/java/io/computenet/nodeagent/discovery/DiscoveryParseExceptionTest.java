package io.computenet.nodeagent.discovery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryParseExceptionTest {

    @Test
    void namesToolLineNumberAndLineTextInTheMessage() {
        // given
        DiscoveryParseException e = new DiscoveryParseException("npu-smi", 7,
                "| 0     910B3   | OK |   ", "HBM-Usage(MB) total is not a memory size");

        // when
        String message = e.getMessage();

        // then
        assertThat(message).isEqualTo(
                "npu-smi output, line 7: HBM-Usage(MB) total is not a memory size: \"| 0     910B3   | OK |\"");
        assertThat(e).isInstanceOf(RuntimeException.class);
        assertThat(e.tool()).isEqualTo("npu-smi");
        assertThat(e.lineNumber()).isEqualTo(7);
        assertThat(e.lineText()).isEqualTo("| 0     910B3   | OK |   ");
    }
}

package io.computenet.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FocusExportOptionsTest {

    @Test
    void defaultsToTenMillionRowsOnTheDevstacksHeap() {
        FocusExportOptions o = FocusExportOptions.parse();
        assertThat(o.rows()).isEqualTo(10_000_000);
        assertThat(o.tenants()).isEqualTo(100);
        assertThat(o.billingHeap()).isEqualTo(io.computenet.devstack.DevStack.BILLING_MEMORY.maxHeap()).isEqualTo("96m");
        assertThat(o.check()).isFalse();
        assertThat(o.brokerLibs()).isEqualTo(Path.of("kafka-broker", "target", "libs"));
    }

    @Test
    void readsEveryOption() {
        FocusExportOptions o = FocusExportOptions.parse("--rows", "1_000_000", "--tenants", "7", "--check",
                "--billing-heap", "256m", "--work-dir", "/tmp/x", "--keep-work-dir");
        assertThat(o.rows()).isEqualTo(1_000_000);
        assertThat(o.tenants()).isEqualTo(7);
        assertThat(o.check()).isTrue();
        assertThat(o.billingHeap()).isEqualTo("256m");
        assertThat(o.workDir()).contains(Path.of("/tmp/x"));
        assertThat(o.keepWorkDir()).isTrue();
    }

    @Test
    void refusesBadOptions() {
        assertThatThrownBy(() -> FocusExportOptions.parse("--rows", "0")).hasMessageContaining("--rows");
        assertThatThrownBy(() -> FocusExportOptions.parse("--rows", "5", "--tenants", "6"))
                .hasMessageContaining("--tenants");
        assertThatThrownBy(() -> FocusExportOptions.parse("--billing-heap", "lots")).hasMessageContaining("heap");
        assertThatThrownBy(() -> FocusExportOptions.parse("--rows")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> FocusExportOptions.parse("--nope", "1")).hasMessageContaining("unknown option");
    }
}

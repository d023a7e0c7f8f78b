package io.computenet.placement.slices;

import java.util.Locale;

/**
 * Totals of Ascend chips that vNPU templates divide. Template memory is nominal: templates are defined as fractions
 * of the nominal capacity, not of what {@code npu-smi} reports as usable (a 310P3 reports 21527 MB usable of its
 * 24 GB, yet its two {@code vir04} templates of 12 GB together make up the chip).
 * <table>
 *   <caption>vNPU totals per chip (DOMAIN.md "Accelerators" / "Slices"; Huawei MindCluster virtualization rules)</caption>
 *   <tr><th>model</th><th>AI cores</th><th>template memory</th><th>templates</th></tr>
 *   <tr><td>Ascend910B2</td><td>24</td><td>64 GB</td><td>vir03_1c_8g, vir06_1c_16g, vir12_3c_32g</td></tr>
 *   <tr><td>Ascend910B3</td><td>20</td><td>64 GB</td><td>vir05_1c_16g, vir10_3c_32g</td></tr>
 *   <tr><td>Ascend910B4-1</td><td>20</td><td>64 GB</td><td>vir05_1c_16g, vir10_3c_32g</td></tr>
 *   <tr><td>Ascend910B4</td><td>20</td><td>32 GB</td><td>vir05_1c_8g, vir10_3c_16g</td></tr>
 *   <tr><td>Ascend910C (per die; unverified)</td><td>20</td><td>64 GB</td><td>vir05_1c_16g, vir10_3c_32g</td></tr>
 *   <tr><td>Ascend310P3</td><td>8</td><td>24 GB (21527 MB usable)</td><td>vir01 (3 GB), vir02 (6 GB),
 *       vir04 (12 GB)</td></tr>
 * </table>
 * The templates' own AI cores and memory come from the device's profile table (the node agent's catalog).
 */
enum AscendChip {
    ASCEND910B2(24, 64 * 1024),
    ASCEND910B3(20, 64 * 1024),
    ASCEND910B4_1(20, 64 * 1024),
    ASCEND910B4(20, 32 * 1024),
    ASCEND910C(20, 64 * 1024),
    ASCEND310P3(8, 24 * 1024);

    final int aiCores;
    final long templateMemoryMiB;

    AscendChip(int aiCores, long templateMemoryMiB) {
        this.aiCores = aiCores;
        this.templateMemoryMiB = templateMemoryMiB;
    }

    /** The chip for a normalised model name ({@code Ascend910B3}, {@code 910B4-1}, {@code ascend310p3}), or null. */
    static AscendChip forModel(String model) {
        if (model == null) {
            return null;
        }
        String key = model.strip().toUpperCase(Locale.ROOT).replace(" ", "").replace('-', '_');
        if (!key.startsWith("ASCEND")) {
            key = "ASCEND" + key;
        }
        for (AscendChip chip : values()) {
            if (chip.name().equals(key)) {
                return chip;
            }
        }
        return null;
    }
}

package io.aspd.data;

import io.aspd.data.convert.BlockLimits;

/** The command's default limits, for tests that build a pipeline by hand. */
final class DataTestLimits {
    static final BlockLimits DEFAULT = new BlockLimits(10, 20, 4, 10);

    private DataTestLimits() {
    }
}

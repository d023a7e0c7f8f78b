package io.computenet.contracts.api;

/** The field rules the lease and quote requests share (one place, so the two cannot drift apart). */
final class FieldRules {

    static final String REGION = "[a-z0-9-]+";
    static final String REGION_MESSAGE = "must be a region id like cn-east-yrd";
    static final String SLICE_PROFILE = "[A-Za-z0-9_.+-]+";
    static final String SLICE_PROFILE_MESSAGE = "must be a MIG profile or vNPU template name";
    static final String MIN_GIB = "0.25";
    static final String MAX_GIB = "1024";
    /** The most host memory a request may name per node, GiB (the largest single servers hold a few TiB). */
    static final String MAX_HOST_GIB = "16384";
    static final int MAX_MINUTES = 43_200;
    static final String MIN_PRICE = "0.01";
    static final String MAX_PRICE = "100000";

    private FieldRules() {
    }
}

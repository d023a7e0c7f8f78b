package io.computenet.cli.output;

/** How results are printed: aligned tables for people, the API's JSON for scripts. */
public enum OutputFormat {
    TABLE, JSON
}

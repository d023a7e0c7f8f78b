package io.computenet.billing.export;

/** RFC 4180 field quoting, shared by the CSV and FOCUS writers. */
final class Rfc4180 {

    static final String RECORD_END = "\r\n";

    private Rfc4180() {
    }

    /**
     * A field as written: null as an empty field; a value with a comma, quote, CR or LF in quotes with quotes doubled;
     * anything else as it is (UTF-8 text such as Chinese names passes unchanged).
     */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return "\"" + value.replace("\"", "\"\"") + "\"";
            }
        }
        return value;
    }
}

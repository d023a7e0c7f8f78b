package io.computenet.portal.security;

/** Realm roles of the portal's users. */
public final class Roles {
    public static final String RESEARCHER = "researcher";
    public static final String OPERATOR = "operator";
    public static final String FINANCE = "finance";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}

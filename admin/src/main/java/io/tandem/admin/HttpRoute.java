package io.tandem.admin;

/**
 * The verbs {@link HttpApi} serves on each collection ({@code /api/v2beta1/agents}) and on each of its resources
 * ({@code /api/v2beta1/agents/REF}), with the Routr RPC each one is: the one table that both the dispatch and the
 * OpenAPI document ({@link OpenApiDocument}) read.
 */
public enum HttpRoute {
    /** Also FindBy, with {@code fieldName} and {@code fieldValue}. */
    LIST("GET", false, "List", 200),
    CREATE("POST", false, "Create", 201),
    GET("GET", true, "Get", 200),
    UPDATE("PUT", true, "Update", 200),
    DELETE("DELETE", true, "Delete", 204);

    private final String method;
    private final boolean withRef;
    private final String rpc;
    private final int status;

    HttpRoute(String method, boolean withRef, String rpc, int status) {
        this.method = method;
        this.withRef = withRef;
        this.rpc = rpc;
        this.status = status;
    }

    /** The route of {@code method} on a collection ({@code withRef} false) or a resource; null when there is none. */
    public static HttpRoute of(String method, boolean withRef) {
        for (HttpRoute r : values()) {
            if (r.method.equals(method) && r.withRef == withRef) {
                return r;
            }
        }
        return null;
    }

    public String method() {
        return method;
    }

    public boolean withRef() {
        return withRef;
    }

    /** The Routr RPC ({@code Create}, ...) whose messages the route carries. */
    public String rpc() {
        return rpc;
    }

    /** The status of a success. */
    public int status() {
        return status;
    }
}

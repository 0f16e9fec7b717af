package io.tandem.dispatcher;

import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.tandem.processor.MessageContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A processor entry's {@code matchFunc}: a CEL expression returning a bool, compiled once and
 * evaluated per request (thread-safe). Routr's simple JavaScript arrow functions are translated
 * to CEL first ({@code req => req.method === 'MESSAGE'} is {@code method == 'MESSAGE'}).
 *
 * <p>Variables: {@code method}, {@code requestUri} (as written), {@code requestUriUser} and
 * {@code requestUriHost} ("" when absent; a tel: URI's number is its user), {@code headers} (map
 * lower-case long name to the first value; lookups ignore case), {@code source} (observed host),
 * {@code sourcePort} (int), {@code transport} ("UDP", "TCP", "TLS", "WS", "WSS") and
 * {@code edgePortRef}. Example: {@code method == 'INVITE' && requestUriUser.startsWith('+1')}.
 */
public final class MatchFunc {
    private static final Map<String, CelType> VARS = vars();
    /** The variables an expression may read. */
    public static final List<String> VARIABLES = List.copyOf(VARS.keySet());
    private static final CelCompiler COMPILER = compiler();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final String source;
    private final String expression;
    private final CelRuntime.Program program;
    private final boolean always;

    private MatchFunc(String source, String expression, CelRuntime.Program program) {
        this.source = source;
        this.expression = expression;
        this.program = program;
        this.always = expression.equals("true");
    }

    /**
     * Compiles a matchFunc: CEL, or a JavaScript arrow function in the forms {@link JsTranslator} accepts.
     *
     * @throws IllegalArgumentException saying why it is refused
     */
    public static MatchFunc compile(String source) {
        String cel = JsTranslator.translate(source).strip();
        String translated = cel.equals(source.strip()) ? "" : " (translated from JavaScript to: " + cel + ")";
        if (cel.isEmpty()) {
            throw new IllegalArgumentException("empty expression");
        }
        CelValidationResult result = COMPILER.compile(cel);
        if (result.hasError()) {
            throw new IllegalArgumentException("not a valid CEL expression" + translated + ": " + result.getErrorString());
        }
        try {
            return new MatchFunc(source, cel, RUNTIME.createProgram(result.getAst()));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException("cannot compile the CEL expression" + translated + ": " + e.getMessage(), e);
        }
    }

    /** The text as configured. */
    public String source() {
        return source;
    }

    /** The CEL expression evaluated (the translation of a JavaScript form). */
    public String expression() {
        return expression;
    }

    /**
     * Evaluates against one request.
     *
     * @throws IllegalStateException when evaluation fails (e.g. a missing header read with [])
     */
    public boolean test(MessageContext context) {
        try {
            return eval(new RequestVars(context));
        } catch (CelEvaluationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** True when the expression is the constant {@code true} (nothing to evaluate). */
    boolean always() {
        return always;
    }

    /** Evaluates with a request's variables (shared by every entry tried for that request). */
    boolean eval(RequestVars vars) throws CelEvaluationException {
        return always || Boolean.TRUE.equals(program.eval(vars));
    }

    @Override
    public String toString() {
        return expression;
    }

    private static Map<String, CelType> vars() {
        Map<String, CelType> m = new LinkedHashMap<>();
        m.put("method", SimpleType.STRING);
        m.put("requestUri", SimpleType.STRING);
        m.put("requestUriUser", SimpleType.STRING);
        m.put("requestUriHost", SimpleType.STRING);
        m.put("headers", MapType.create(SimpleType.STRING, SimpleType.STRING));
        m.put("source", SimpleType.STRING);
        m.put("sourcePort", SimpleType.INT);
        m.put("transport", SimpleType.STRING);
        m.put("edgePortRef", SimpleType.STRING);
        return m;
    }

    private static CelCompiler compiler() {
        CelCompilerBuilder b = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setResultType(SimpleType.BOOL);
        VARS.forEach(b::addVar);
        return b.build();
    }
}

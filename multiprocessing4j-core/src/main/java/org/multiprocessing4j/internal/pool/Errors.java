package org.multiprocessing4j.internal.pool;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.multiprocessing4j.pool.RemoteTraceback;

/** Helpers for the exceptions tasks end with. */
public final class Errors {
    private Errors() {}

    /** Arrays up to this length are shown with their contents. */
    private static final int SHORT_ARRAY = 16;

    public static String shortString(Object o) {
        String s;
        try {
            if (o != null && o.getClass().isArray()) {
                // the contents of a short array; of a long one its type and length (not a string of megabytes)
                int n = java.lang.reflect.Array.getLength(o);
                String comp = o.getClass().getComponentType().getSimpleName();
                int dims = comp.indexOf('[');
                String type = dims < 0 ? comp + "[" + n + "]" : comp.substring(0, dims) + "[" + n + "]" + comp.substring(dims);
                if (n > SHORT_ARRAY) return type;
                String wrapped = java.util.Arrays.deepToString(new Object[] {o}); // any array: [[...]]
                s = type + " " + wrapped.substring(1, wrapped.length() - 1);
            } else {
                s = String.valueOf(o);
            }
        } catch (RuntimeException e) {
            s = o.getClass().getName() + " (toString failed: " + e + ")";
        }
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    public static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /**
     * Attaches the remote stack trace, and what failed, as the cause of an exception that came from a worker (or
     * as a suppressed exception when the cause is already set).
     */
    public static Throwable attachRemote(Throwable t, String where) {
        RemoteTraceback rt = new RemoteTraceback(where, trace(t));
        try {
            if (t.getCause() == null) {
                t.initCause(rt);
                return t;
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            // cause already set
        }
        t.addSuppressed(rt);
        return t;
    }

    /** Throws the failure of a task as Python would raise it: unchecked exceptions as they are, checked ones wrapped. */
    public static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof ExecutionException e && e.getCause() != null) cause = e.getCause();
        if (cause instanceof RuntimeException r) throw r;
        if (cause instanceof Error e) throw e;
        throw new CompletionException(cause);
    }
}

package org.multiprocessing4j.internal.codec;

import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Finds where a non-serializable object sits in a graph, for an error message a person can act on
 * ("field 'db' of com.example.Task → com.example.Db"). Best effort: it walks fields it may read,
 * collections, maps and arrays, breadth first, and gives up after a bounded number of objects.
 */
final class GraphPath {
    private static final int LIMIT = 20_000;

    private GraphPath() {}

    static String describe(Object root, String failingClass) {
        Node found = find(root, failingClass);
        String path = found == null ? null : found.path();
        String rootName = JavaSerializationCodec.typeName(root).replaceAll("\\$\\$Lambda.*", "");
        StringBuilder msg = new StringBuilder("cannot encode ")
                .append(root != null && root.getClass().isHidden() ? "a lambda of " : "a ").append(rootName)
                .append(": ").append(failingClass != null && failingClass.contains("$$Lambda")
                        ? "a lambda of " + failingClass.replaceAll("\\$\\$Lambda.*", "") : failingClass)
                .append(" is not Serializable");
        if (path != null && !path.isEmpty()) msg.append(", found at ").append(path);
        if (failingClass != null && failingClass.contains("$$Lambda")) {
            msg.append(". It is a lambda whose target type is not Serializable: type it as one of "
                    + "org.multiprocessing4j.function.Serializable* (or cast it to (")
                    .append(functionalInterface(found)).append(" & java.io.Serializable))");
        } else if (path != null && path.contains(CAPTURED)) {
            msg.append(". A lambda or method reference sends everything it captures to the other process: capture "
                    + "only serializable values (copy what the task needs into a local variable first, or use a "
                    + "static method), or make ").append(failingClass).append(" implement java.io.Serializable");
        } else {
            msg.append(". Make it implement java.io.Serializable, mark the field transient, or send a value "
                    + "that is serializable instead");
        }
        return msg.toString();
    }

    private static final String CAPTURED = "captured by ";

    /** The functional interface of the failing lambda, when it was found. */
    private static String functionalInterface(Node found) {
        Class<?>[] interfaces = found == null ? new Class<?>[0] : found.value().getClass().getInterfaces();
        return interfaces.length > 0 ? interfaces[0].getName() : "Runnable";
    }

    /**
     * "value N captured by the lambda in Foo.main" for the synthetic field {@code arg$N} of a lambda's class; null
     * when {@code c} is not a lambda's class.
     */
    private static String capture(Object lambda, Class<?> c, String field) {
        if (!c.isHidden() || !c.getName().contains("$$Lambda") || !field.startsWith("arg$")) return null;
        int n = Integer.parseInt(field.substring(4));
        try {
            java.lang.reflect.Method m = c.getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            java.lang.invoke.SerializedLambda sl = (java.lang.invoke.SerializedLambda) m.invoke(lambda);
            String owner = sl.getImplClass().replace('/', '.');
            String method = sl.getImplMethodName();
            int kind = sl.getImplMethodKind();
            boolean instance = kind == java.lang.invoke.MethodHandleInfo.REF_invokeVirtual
                    || kind == java.lang.invoke.MethodHandleInfo.REF_invokeSpecial
                    || kind == java.lang.invoke.MethodHandleInfo.REF_invokeInterface;
            if (method.startsWith("lambda$")) {
                String in = method.split("\\$").length > 1 ? method.split("\\$")[1] : method;
                String site = "the lambda in " + owner + "." + in + "(..)";
                if (n == 1 && instance) return "'this' (the enclosing " + owner + ", used by the lambda's body) " + CAPTURED + site;
                return "value #" + n + " " + CAPTURED + site;
            }
            String ref = "the method reference " + owner + "::" + method;
            if (n == 1 && instance) return "the object " + CAPTURED + ref + " (a bound receiver)";
            return "value #" + n + " " + CAPTURED + ref;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "value #" + n + " " + CAPTURED + "a lambda of " + c.getName().replaceAll("\\$\\$Lambda.*", "");
        }
    }

    private record Node(Object value, String path) {}

    private static Node find(Object root, String failingClass) {
        if (root == null || failingClass == null) return null;
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        queue.add(new Node(root, "the value itself"));
        while (!queue.isEmpty() && seen.size() < LIMIT) {
            Node n = queue.poll();
            Object v = n.value();
            if (v == null || seen.put(v, Boolean.TRUE) != null) continue;
            Class<?> c = v.getClass();
            if (c.getName().equals(failingClass)) return n;
            String here = n.path().equals("the value itself") ? "" : n.path() + " → ";
            if (c.isArray()) {
                if (c.getComponentType().isPrimitive()) continue;
                for (int i = 0, len = Array.getLength(v); i < len; i++) {
                    queue.add(new Node(Array.get(v, i), here + "element [" + i + "] of " + c.getSimpleName()));
                }
            } else if (v instanceof Collection<?> col) {
                int i = 0;
                for (Object e : col) queue.add(new Node(e, here + "element [" + i++ + "] of " + c.getName()));
            } else if (v instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    queue.add(new Node(e.getKey(), here + "a key of " + c.getName()));
                    queue.add(new Node(e.getValue(), here + "the value for key " + e.getKey() + " of " + c.getName()));
                }
            } else if (v instanceof Serializable || v == root) {
                for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        if ((f.getModifiers() & (Modifier.STATIC | Modifier.TRANSIENT)) != 0 || f.getType().isPrimitive()) continue;
                        try {
                            f.setAccessible(true);
                            String captured = capture(v, k, f.getName());
                            queue.add(new Node(f.get(v), here + (captured != null ? captured
                                    : "field '" + f.getName() + "' of " + k.getName())));
                        } catch (RuntimeException | IllegalAccessException ignored) {
                            // a JDK internal we may not read: skip it
                        }
                    }
                }
            }
        }
        return null;
    }
}

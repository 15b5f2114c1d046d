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
        String path = find(root, failingClass);
        StringBuilder msg = new StringBuilder("cannot encode a ").append(JavaSerializationCodec.typeName(root))
                .append(": ").append(failingClass).append(" is not Serializable");
        if (path != null && !path.isEmpty()) msg.append(", found at ").append(path);
        if (failingClass != null && failingClass.contains("$$Lambda")) {
            msg.append(". It is a lambda whose target type is not Serializable: type it as one of "
                    + "org.multiprocessing4j.function.Serializable* (or cast it to (Runnable & Serializable))");
        } else {
            msg.append(". Make it implement java.io.Serializable, mark the field transient, or send a value "
                    + "that is serializable instead");
        }
        return msg.toString();
    }

    private record Node(Object value, String path) {}

    private static String find(Object root, String failingClass) {
        if (root == null || failingClass == null) return null;
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        queue.add(new Node(root, "the value itself"));
        while (!queue.isEmpty() && seen.size() < LIMIT) {
            Node n = queue.poll();
            Object v = n.value();
            if (v == null || seen.put(v, Boolean.TRUE) != null) continue;
            Class<?> c = v.getClass();
            if (c.getName().equals(failingClass)) return n.path();
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
                            queue.add(new Node(f.get(v), here + "field '" + f.getName() + "' of " + k.getName()));
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

package org.multiprocessing4j.internal.managers;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.BaseStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Views (key sets, iterators, entries of a HashMap ...) cannot travel; the server sends a copy, and the proxy turns
 * it back into what the method returns, read-only, so that a change to the copy fails instead of being lost.
 */
final class Snapshots {
    private Snapshots() {}

    /** Server side: a travelling copy of a result that is not serializable as it is. */
    static Object of(Object r) {
        if (r == null || (r instanceof Serializable && !(r instanceof Map.Entry<?, ?>) && isPlain(r))) return r;
        if (r instanceof Map.Entry<?, ?> e) return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
        if (r instanceof Map<?, ?> m) return new LinkedHashMap<>(m);
        if (r instanceof Set<?> s) {
            Set<Object> copy = new LinkedHashSet<>();
            for (Object o : s) copy.add(o instanceof Map.Entry<?, ?> ? of(o) : o);
            return copy;
        }
        if (r instanceof Collection<?> c) return new ArrayList<>(c);
        if (r instanceof Iterator<?> it) {
            List<Object> copy = new ArrayList<>();
            it.forEachRemaining(o -> copy.add(o instanceof Map.Entry<?, ?> ? of(o) : o));
            return copy;
        }
        if (r instanceof Spliterator<?> sp) return of(Spliterators.iterator(sp));
        if (r instanceof BaseStream<?, ?> st) return of(st.iterator());
        return r;
    }

    /** JDK views (HashMap.KeySet, sub-lists ...) claim no serializability; plain collections do. */
    private static boolean isPlain(Object r) {
        return !(r instanceof Collection<?> || r instanceof Map<?, ?>) || r.getClass().getName().indexOf('$') < 0;
    }

    /** Client side: the copy in the shape the method returns, read-only. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object adapt(Object v, Class<?> type) {
        if (v == null) return null;
        if (type == Iterator.class && v instanceof Collection<?> c) return Collections.unmodifiableCollection(c).iterator();
        if (type == java.util.ListIterator.class && v instanceof List<?> l) return Collections.unmodifiableList(l).listIterator();
        if (type == Spliterator.class && v instanceof Collection<?> c) return Collections.unmodifiableCollection(c).spliterator();
        if (type == Stream.class && v instanceof Collection<?> c) return StreamSupport.stream(c.spliterator(), false);
        if (type == Set.class && v instanceof Set<?> s) return Collections.unmodifiableSet(s);
        if ((type == Collection.class || type == List.class) && v instanceof List<?> l) return Collections.unmodifiableList(l);
        if (type == Map.class && v instanceof Map m && !(v instanceof java.util.concurrent.ConcurrentMap)) {
            return Collections.unmodifiableMap(m);
        }
        return v;
    }
}

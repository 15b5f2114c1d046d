package org.multiprocessing4j.internal.connection;

import java.io.ObjectInputFilter;

/** Deserialization filters for channels that reach beyond this machine's processes of one program. */
public final class Filters {
    private Filters() {}

    /**
     * For TCP: the JVM-wide serial filter when one is set, else an allow-list of the JDK's own classes and this
     * library's, with limits. Other classes need a codec built with the application's own filter.
     */
    public static ObjectInputFilter tcpDefault() {
        ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
        if (global != null) return global;
        return ObjectInputFilter.Config.createFilter(
                "maxdepth=200;maxrefs=1000000;maxarray=100000000;java.base/*;org.multiprocessing4j.**;!*");
    }
}

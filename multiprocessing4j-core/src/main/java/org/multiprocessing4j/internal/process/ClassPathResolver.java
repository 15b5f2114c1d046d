package org.multiprocessing4j.internal.process;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.multiprocessing4j.ProcessStartException;

/**
 * Rebuilds, for a child JVM, the class path that can load the classes a task needs.
 *
 * <p>Classes from the application class loader are covered by {@code java.class.path} (plain {@code java -cp},
 * {@code java -jar} fat jars, Surefire, IDEs). Classes from other loaders ({@code mvn exec:java}, application
 * servers, plugin systems) are covered by the file URLs of the {@link URLClassLoader}s between them and the
 * application loader. A class whose origin cannot be put on a command line (nested jars, in-memory classes)
 * makes {@link #resolve} fail with a message that says what to do, so {@code start()} never hangs on a child that
 * cannot load its task.
 */
public final class ClassPathResolver {
    private ClassPathResolver() {}

    /** A class path and module path for children. */
    public record Paths(List<String> classPath, List<String> modulePath) {}

    public static Paths resolve(List<Path> override, Class<?>... anchors) {
        List<String> modulePath = splitPath(System.getProperty("jdk.module.path"));
        if (override != null) {
            List<String> cp = new ArrayList<>();
            for (Path p : override) cp.add(p.toAbsolutePath().toString());
            return new Paths(cp, modulePath);
        }
        Set<String> entries = new LinkedHashSet<>();
        ClassLoader app = ClassLoader.getSystemClassLoader();
        for (Class<?> anchor : anchors) {
            if (anchor == null) continue;
            ClassLoader l = anchor.getClassLoader();
            if (l == null || l == app || l == ClassLoader.getPlatformClassLoader() || isAncestor(l, app)) continue;
            collectLoaderUrls(anchor, l, app, entries);
        }
        for (String e : splitPath(System.getProperty("java.class.path"))) entries.add(absolute(e));
        List<String> cp = new ArrayList<>(entries);
        for (Class<?> anchor : anchors) {
            if (anchor == null) continue;
            ClassLoader l = anchor.getClassLoader();
            if (l != null && l != app && !isAncestor(l, app)) requireCovered(anchor, cp);
        }
        return new Paths(cp, modulePath);
    }

    private static boolean isAncestor(ClassLoader candidate, ClassLoader of) {
        for (ClassLoader l = of; l != null; l = l.getParent()) if (l == candidate) return true;
        return false;
    }

    private static void collectLoaderUrls(Class<?> anchor, ClassLoader loader, ClassLoader app, Set<String> out) {
        // the source launcher's loader has a code source (the .java file) that no JVM can load classes from
        if (isSourceLauncher(loader)) throw cannot(anchor, loader, "");
        for (ClassLoader l = loader; l != null && l != app && l != ClassLoader.getPlatformClassLoader(); l = l.getParent()) {
            if (l.getClass().getName().startsWith("org.codehaus.plexus.classworlds")) break; // Maven's own realms
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    String path = fileOf(url);
                    if (path == null) throw cannot(anchor, l, "it loads from " + url + ", which is not a file");
                    out.add(path);
                }
            } else if (l == loader) {
                String location = codeSource(anchor);
                if (location == null) throw cannot(anchor, l, "that loader is not a URLClassLoader and the class has no file location");
                out.add(location);
            }
        }
    }

    private static void requireCovered(Class<?> anchor, List<String> cp) {
        String location = codeSource(anchor);
        if (location == null || !cp.contains(location)) {
            throw cannot(anchor, anchor.getClassLoader(), "its location " + location + " is not on the rebuilt class path");
        }
    }

    private static String codeSource(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? null : fileOf(cs.getLocation());
    }

    private static String fileOf(URL url) {
        try {
            if (!"file".equals(url.getProtocol())) return null;
            return Path.of(URI.create(url.toString().replace(" ", "%20"))).toAbsolutePath().toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ProcessStartException cannot(Class<?> anchor, ClassLoader loader, String why) {
        String name = anchor.getName().replaceAll("\\$\\$Lambda.*", ""); // a lambda's class: name its holder
        if (isSourceLauncher(loader)) {
            return new ProcessStartException("cannot start a child JVM that can load " + name
                    + ": this program runs from source (java Main.java), so its classes exist only in this JVM's "
                    + "memory and no other JVM can load them. Compile it first (javac -d classes ...) and run it "
                    + "with java -cp classes:... Main.");
        }
        return new ProcessStartException("cannot start a child JVM that can load " + name
                + ": it was loaded by " + loader + " and " + why + ". Give the class path explicitly with "
                + "Context.builder().classPath(...), or launch the application with java -cp / java -jar so that "
                + "its classes are on java.class.path.");
    }

    private static boolean isSourceLauncher(ClassLoader loader) {
        return loader != null && loader.getClass().getName().startsWith("com.sun.tools.javac.launcher.");
    }

    static List<String> splitPath(String s) {
        List<String> r = new ArrayList<>();
        if (s == null || s.isEmpty()) return r;
        for (String e : s.split(File.pathSeparator)) if (!e.isEmpty()) r.add(e);
        return r;
    }

    private static String absolute(String e) {
        return Path.of(e).toAbsolutePath().toString();
    }

    /** True when every entry is a jar file (the condition for an AOT cache). */
    public static boolean allJars(List<String> cp) {
        for (String e : cp) if (!e.endsWith(".jar") || !Files.isRegularFile(Path.of(e))) return false;
        return !cp.isEmpty();
    }
}

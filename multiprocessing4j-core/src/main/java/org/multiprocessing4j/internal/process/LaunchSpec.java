package org.multiprocessing4j.internal.process;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything that fixes a child JVM before it runs user code. Two processes with equal specs can share a warm
 * spare. The control socket, the child's token and the AOT cache flags (when the cache for
 * {@code aotTrainingKey} exists by then) are added at launch, so a spare started before the cache was trained
 * still matches.
 */
public record LaunchSpec(List<String> command, Map<String, String> environment, Path workingDirectory,
                         Redirect stdout, Redirect stderr, String aotTrainingKey) {
}

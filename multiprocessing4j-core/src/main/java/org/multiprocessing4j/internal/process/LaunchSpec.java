package org.multiprocessing4j.internal.process;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything that fixes a child JVM before it runs user code. Two processes with equal specs can share a warm
 * spare. The control socket and the child's token are appended at launch.
 */
public record LaunchSpec(List<String> command, Map<String, String> environment, Path workingDirectory,
                         Redirect stdout, Redirect stderr, String aotTrainingKey) {
}

/**
 * Message channels between processes — Python's {@code multiprocessing.connection}: a
 * {@link org.multiprocessing4j.connection.Connection} sends and receives whole messages (objects through the
 * {@link org.multiprocessing4j.codec.Codec}, or raw bytes) over a Unix-domain socket,
 * {@link org.multiprocessing4j.connection.Pipe} opens a connected pair, and
 * {@link org.multiprocessing4j.connection.Connections#wait} waits on many connections and process
 * {@link org.multiprocessing4j.connection.Sentinel sentinels} at once.
 */
package org.multiprocessing4j.connection;

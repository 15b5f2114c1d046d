/**
 * Message channels between processes — Python's {@code multiprocessing.connection}: a
 * {@link org.multiprocessing4j.connection.Connection} sends and receives whole messages (objects through the
 * {@link org.multiprocessing4j.codec.Codec}, or raw bytes) over a Unix-domain socket,
 * {@link org.multiprocessing4j.connection.Pipe} opens a connected pair, and
 * {@link org.multiprocessing4j.connection.Connections#wait} waits on many connections and process
 * {@link org.multiprocessing4j.connection.Sentinel sentinels} at once. {@link org.multiprocessing4j.connection.Listener}
 * and {@link org.multiprocessing4j.connection.Client} connect processes by address (Unix-domain socket or TCP), with
 * a mutual authkey challenge.
 */
package org.multiprocessing4j.connection;

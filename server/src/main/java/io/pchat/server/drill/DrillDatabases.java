package io.pchat.server.drill;

import java.util.List;

import io.pchat.storage.db.Database;

/**
 * The three databases of a drill run as processes (primary and mirror "in dc1", backup "in dc2"),
 * and what their administrator does to them between the drill's steps. Two kinds: H2 servers
 * replicated by pchat ({@link H2Databases}), PostgreSQL servers replicating themselves
 * ({@link PostgresDatabases}).
 */
interface DrillDatabases extends AutoCloseable {
    /** The names, in the order the nodes' configuration lists them. */
    List<String> NAMES = List.of("primary", "mirror", "backup");

    /** Starts all three (a PostgreSQL mirror and backup as standbys of the primary) and waits until they replicate. */
    void start() throws Exception;

    /** SIGKILL of one database server, as when its machine dies. */
    void kill(String name);

    /** The node configuration's {@code storage.replication}. */
    String replication();

    /** The YAML lines under {@code storage.<name>:} (indented by four spaces). */
    String endpointYaml(String name);

    /** A connection pool of the drill's own to one database (the drill reads the rooms from the writer). */
    Database open(String name);

    /** The administrator after a mirror takeover (the backup follows the new writer); a note for the table, or "". */
    String afterMirrorTakeover() throws Exception;

    /** The administrator before a failback: data center 1's databases back, in step with the backup; a note. */
    String restoreDataCenter1() throws Exception;

    /** The administrator after a failback: the backup a backup again; a note, or "". */
    String afterFailback() throws Exception;

    /** Whether pchat copies to the mirror itself (then a rebuilt mirror is filled by pchat, and said in step). */
    boolean pchatReplicates();

    /** What the drill's opening line says of them. */
    String describe();

    @Override
    void close();
}

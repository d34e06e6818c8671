//! Smoke test of the Galera test cluster: rows replicate, GET_LOCK is
//! node-local, a node leaves and rejoins.

use mysql::prelude::Queryable;
use std::time::Instant;
use stillhead_testkit::galera::Galera;

#[test]
fn galera_cluster_replicates_and_survives_a_node_restart() {
    let t0 = Instant::now();
    let g = Galera::start();
    eprintln!(
        "galera: cluster up after {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    // A second guard shares the cluster rather than starting another one.
    let again = Galera::start();
    drop(again);

    let db = g.create_database();
    g.execute(
        0,
        &format!("CREATE TABLE {db}.t (id INT PRIMARY KEY, v VARCHAR(10))"),
    );
    g.execute(0, &format!("INSERT INTO {db}.t VALUES (1, 'one')"));
    for node in [1, 2] {
        let rows = g.query(
            node,
            &format!("SET SESSION wsrep_sync_wait = 1; SELECT id, v FROM {db}.t"),
        );
        assert_eq!(
            rows,
            vec![vec!["1".to_string(), "one".to_string()]],
            "node {node}"
        );
    }

    // GET_LOCK is not replicated: a lock held on node 0 does not stop a
    // session on node 1 from taking the same name, while a second session
    // on node 0 is refused.
    let conn = |node: usize| {
        let url = g.url(node, &db);
        mysql::Conn::new(mysql::Opts::from_url(&url).expect("a MySQL URL"))
            .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"))
    };
    let get_lock = |c: &mut mysql::Conn, who: &str| -> Option<i64> {
        c.query_first("SELECT GET_LOCK('x', 0)")
            .unwrap_or_else(|e| panic!("GET_LOCK('x', 0) failed in {who}: {e}"))
    };
    let mut holder = conn(0);
    assert_eq!(
        get_lock(&mut holder, "node 0"),
        Some(1),
        "the first GET_LOCK on node 0"
    );
    let mut same_node = conn(0);
    assert_eq!(
        get_lock(&mut same_node, "a second session on node 0"),
        Some(0),
        "a second session on node 0 must be refused the lock node 0 holds"
    );
    let mut other_node = conn(1);
    assert_eq!(
        get_lock(&mut other_node, "node 1"),
        Some(1),
        "GET_LOCK on node 1 while a session on node 0 holds it (node-local locks)"
    );
    drop((holder, same_node, other_node));

    let t = Instant::now();
    g.stop_node(2);
    assert_eq!(g.cluster_size(0), 2, "node 0 after stopping node 2");
    g.execute(0, &format!("INSERT INTO {db}.t VALUES (2, 'two')"));
    g.restart_node(2);
    assert_eq!(g.cluster_size(0), 3, "node 0 after restarting node 2");
    let rows = g.query(
        2,
        &format!("SET SESSION wsrep_sync_wait = 1; SELECT COUNT(*) FROM {db}.t"),
    );
    assert_eq!(rows, vec![vec!["2".to_string()]], "node 2 caught up");
    eprintln!(
        "galera: node 2 stopped and rejoined in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    g.drop_database(&db);
    eprintln!("galera: whole test {:.1} s", t0.elapsed().as_secs_f64());
}

//! A real three-node MariaDB Galera cluster on loopback, under
//! `target/tmp/galera/node{1,2,3}`, for tests of what only a cluster does
//! (DDL replicated in total order, node-local locks, a node leaving and
//! rejoining). Started idempotently (a healthy running cluster is reused,
//! the data directories are kept between runs), shut down by the last
//! guard of the process that started it. The servers
//! run as the `mysql` user. Needs the Debian packages `galera-4` and `rsync`
//! (state snapshot transfer is `wsrep_sst_rsync`).
//!
//! Nodes are numbered 0, 1, 2 in this API; on disk and in
//! `wsrep_node_name` they are `node1`, `node2`, `node3`. Node 0 is the one
//! that bootstraps the cluster: tests stop, kill and restart nodes 1 and 2.
//!
//! One test process uses the cluster at a time (as `cargo test` runs test
//! binaries one after the other). A process finding a healthy cluster
//! reuses it: it leaves it running if the process that started it is still
//! alive, and adopts it (shuts it down when done) if that process was
//! killed. A process finding a broken cluster (nodes of a killed run,
//! stuck or half gone) repairs it or starts it again.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How many nodes the cluster has.
pub const NODES: usize = 3;

/// Client ports of nodes 0, 1, 2: below Linux's ephemeral range
/// (32768–60999), where a client connection's local port could already
/// hold them, and away from the shared server on 3306.
pub const PORTS: [u16; NODES] = [23310, 23311, 23312];

/// Group communication (`gmcast.listen_addr`), one port per node: Galera's
/// default 4567 would be shared by all three nodes on one address.
const GCOMM_PORTS: [u16; NODES] = [24567, 24568, 24569];

/// Incremental state transfer receive ports (`ist.recv_addr`); Galera's
/// default is the group port + 1, which is the next node's group port here.
const IST_PORTS: [u16; NODES] = [24577, 24578, 24579];

/// Where a joiner's rsync daemon listens for a full state snapshot
/// (`wsrep_sst_receive_address`); the default 4444 would collide too.
const SST_PORTS: [u16; NODES] = [24587, 24588, 24589];

/// Galera's provider library (Debian package `galera-4`).
const PROVIDER: &str = "/usr/lib/galera/libgalera_smm.so";

/// How long a node may take to be Synced (a full SST included) before the
/// start-up gives up and names its error log.
const READY_TIMEOUT: Duration = Duration::from_secs(90);

/// How long a clean shutdown may take before the node is killed.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(60);

/// What this process shares between its guards (tests run in parallel
/// threads): how many guards share the cluster this process started (the
/// last one out shuts it down), and the `mariadbd` children it started, so
/// that they can be reaped and a restarted node's child can replace the
/// old one. Its lock also makes one thread at a time start, stop, kill or
/// restart nodes.
struct Shared {
    users: usize,
    children: [Option<Child>; NODES],
}

static SHARED: Mutex<Shared> = Mutex::new(Shared {
    users: 0,
    children: [None, None, None],
});

fn shared() -> MutexGuard<'static, Shared> {
    SHARED.lock().unwrap_or_else(|p| p.into_inner())
}

/// A running three-node cluster. Dropping the last guard of the process
/// that started the cluster shuts all three nodes down.
pub struct Galera {
    /// Whether this guard counts in [`Shared::users`] (this process started
    /// or adopted the cluster, rather than finding it in another live
    /// process's hands).
    owner: bool,
}

fn base() -> PathBuf {
    crate::target_tmp().join("galera")
}

/// `node1`, `node2`, `node3`: the folder, `wsrep_node_name` and the name
/// panic messages use.
fn name(node: usize) -> String {
    format!("node{}", node + 1)
}

fn dir(node: usize) -> PathBuf {
    base().join(name(node))
}

fn data_dir(node: usize) -> PathBuf {
    dir(node).join("data")
}

fn log_path(node: usize) -> PathBuf {
    dir(node).join("error.log")
}

fn pid_path(node: usize) -> PathBuf {
    dir(node).join("pid")
}

fn check(node: usize) -> usize {
    assert!(
        node < NODES,
        "the Galera cluster has nodes 0, 1 and 2, not {node}"
    );
    node
}

fn opts(node: usize, db: &str, probe: bool) -> mysql::Opts {
    let url = format!("mysql://root@127.0.0.1:{}/{db}", PORTS[node]);
    let opts = mysql::OptsBuilder::from_opts(
        mysql::Opts::from_url(&url).unwrap_or_else(|e| panic!("{url} is not a URL: {e}")),
    );
    // A probe must not hang on a node that is still starting or stuck; SQL
    // of the tests may take as long as it takes (a lock wait, say).
    let opts = if probe {
        opts.tcp_connect_timeout(Some(Duration::from_secs(2)))
            .read_timeout(Some(Duration::from_secs(10)))
            .write_timeout(Some(Duration::from_secs(10)))
    } else {
        opts
    };
    opts.into()
}

/// What a node says about itself, if it answers.
struct Status {
    /// `wsrep_local_state_comment`: `Synced` when the node serves.
    state: String,
    /// `wsrep_cluster_status`: `Primary` when the node is in the quorum.
    primary: bool,
    /// `wsrep_cluster_size`.
    size: usize,
}

impl Status {
    fn serving(&self) -> bool {
        self.state == "Synced" && self.primary
    }
}

fn status(node: usize) -> Option<Status> {
    use mysql::prelude::Queryable;
    let mut c = mysql::Conn::new(opts(node, "", true)).ok()?;
    let rows: Vec<(String, String)> = c
        .query(
            "SHOW STATUS WHERE Variable_name IN \
             ('wsrep_local_state_comment', 'wsrep_cluster_status', 'wsrep_cluster_size')",
        )
        .ok()?;
    let get = |k: &str| {
        rows.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    Some(Status {
        state: get("wsrep_local_state_comment"),
        primary: get("wsrep_cluster_status") == "Primary",
        size: get("wsrep_cluster_size").parse().unwrap_or(0),
    })
}

/// Whether process `pid` is a live (not zombie) `mariadbd` on the node's
/// data directory: the pid file of a killed node stays behind, and its
/// number may since belong to another process.
fn alive_on(pid: u32, node: usize) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // `PID (COMM) STATE ...`; COMM may hold spaces and parentheses.
    let Some(close) = stat.rfind(')') else {
        return false;
    };
    if stat[close + 1..].trim_start().starts_with('Z') {
        return false;
    }
    let want = format!("--datadir={}", data_dir(node).display());
    std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|cmdline| {
        let mut args = cmdline.split(|b| *b == 0);
        let is_mariadbd = args
            .next()
            .is_some_and(|a| a.ends_with(b"mariadbd") || a.ends_with(b"mysqld"));
        is_mariadbd && args.any(|a| a == want.as_bytes())
    })
}

/// Live `mariadbd` processes on the node's data directory, whoever started
/// them: a killed test run leaves its servers behind, and a node still
/// joining (receiving its SST) has not written its pid file yet.
fn pids_on(node: usize) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| alive_on(pid, node))
        .collect()
}

/// The pid of the node's running `mariadbd`: its child handle if this
/// process started it, else its pid file, else a search of `/proc`.
fn running_pid(shared: &mut Shared, node: usize) -> Option<u32> {
    if let Some(child) = shared.children[node].as_mut() {
        if child.try_wait().ok().flatten().is_none() {
            return Some(child.id());
        }
        // It exited (a crash, or a shutdown sent from elsewhere): reaped.
        shared.children[node] = None;
    }
    let from_file = std::fs::read_to_string(pid_path(node))
        .ok()
        .and_then(|p| p.trim().parse::<u32>().ok())
        .filter(|&pid| alive_on(pid, node));
    from_file.or_else(|| pids_on(node).into_iter().next())
}

/// Waits until the node's `mariadbd` has exited, reaping it if it is ours.
/// `false` if it is still running after `timeout`.
fn wait_gone(shared: &mut Shared, node: usize, pid: u32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        let gone = match shared.children[node].as_mut() {
            Some(child) if child.id() == pid => child.try_wait().ok().flatten().is_some(),
            _ => !alive_on(pid, node),
        };
        if gone {
            shared.children[node] = None;
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn sigkill(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status();
}

/// Shuts the node down cleanly (so that it leaves the group at once and
/// saves its position, for a quick IST on restart); kills it if it takes
/// longer than [`SHUTDOWN_TIMEOUT`]. Does nothing if it is not running.
fn shutdown(shared: &mut Shared, node: usize) {
    let Some(pid) = running_pid(shared, node) else {
        return;
    };
    // `mariadb-admin shutdown` returns before the server is gone: the wait
    // is on the process.
    let asked = Command::new("mariadb-admin")
        .args(["--protocol=tcp", "-h", "127.0.0.1", "-P"])
        .arg(PORTS[node].to_string())
        .args(["-u", "root", "shutdown"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !asked {
        // Not answering yet (still joining): SIGTERM is a clean shutdown too.
        let _ = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
    }
    if !wait_gone(shared, node, pid, SHUTDOWN_TIMEOUT) {
        sigkill(pid);
        wait_gone(shared, node, pid, SHUTDOWN_TIMEOUT);
    }
}

/// Kills the node at once (SIGKILL), as a crash would, and whatever it
/// left running on its data directory. Does nothing if it is not running.
fn kill(shared: &mut Shared, node: usize) {
    // A loop: a killed run may have left more than one (a restart racing
    // a shutdown).
    while let Some(pid) = running_pid(shared, node) {
        sigkill(pid);
        let gone = wait_gone(shared, node, pid, SHUTDOWN_TIMEOUT);
        assert!(
            gone,
            "the Galera {} (pid {pid}) survived SIGKILL",
            name(node)
        );
    }
    // A node killed during a state transfer leaves its `wsrep_sst_rsync`
    // and rsync daemon behind, holding the SST port and writing into the
    // data directory (and its cleanup kills the next server).
    for pid in helpers_on(node) {
        sigkill(pid);
    }
}

/// Processes other than a `mariadbd` whose command line names the node's
/// data directory: its SST script and rsync daemon.
fn helpers_on(node: usize) -> Vec<u32> {
    let want = data_dir(node).display().to_string();
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| pid != me && !alive_on(pid, node))
        .filter(|&pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&want))
        })
        .collect()
}

fn chown_mysql(path: &Path) {
    let ok = Command::new("chown")
        .args(["-R", "mysql:mysql"])
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "cannot hand {} to the mysql user", path.display());
}

/// An empty data directory: a joiner needs nothing else, it receives the
/// donor's whole data directory by SST.
fn fresh_data_dir(node: usize) {
    let data = data_dir(node);
    if data.exists() {
        std::fs::remove_dir_all(&data)
            .unwrap_or_else(|e| panic!("cannot wipe {}: {e}", data.display()));
    }
    std::fs::create_dir_all(&data)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", data.display()));
    chown_mysql(&dir(node));
}

/// Node 0's system tables with a root that logs in over TCP with an empty
/// password. Installed beside the data directory and then renamed into
/// place, so that an install cut short by a killed run is not mistaken for
/// a data directory next time.
fn install(node: usize) {
    let data = data_dir(node);
    let staging = dir(node).join("data.install");
    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_dir_all(&staging);
    chown_mysql(&dir(node));
    let out = Command::new("mariadb-install-db")
        .arg("--no-defaults")
        .arg(format!("--datadir={}", staging.display()))
        .args([
            "--user=mysql",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            // The server's own sizes, so that its first start resizes nothing.
            "--innodb-buffer-pool-size=32M",
            "--innodb-log-file-size=16M",
        ])
        .output()
        .expect("mariadb-install-db (MariaDB's server package)");
    assert!(
        out.status.success(),
        "mariadb-install-db for the Galera {} failed:\n{}\n{}",
        name(node),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::rename(&staging, &data).unwrap_or_else(|e| {
        panic!(
            "cannot move {} to {}: {e}",
            staging.display(),
            data.display()
        )
    });
    chown_mysql(&dir(node));
}

/// Lets node 0 bootstrap from the data it has: after an unclean stop (or a
/// shutdown in another order) Galera leaves `safe_to_bootstrap: 0` and
/// refuses `--wsrep-new-cluster`. The joiners are wiped before they join,
/// so whatever node 0 has becomes the cluster's state.
fn allow_bootstrap(node: usize) {
    let grastate = data_dir(node).join("grastate.dat");
    if let Ok(text) = std::fs::read_to_string(&grastate) {
        let text = text.replace("safe_to_bootstrap: 0", "safe_to_bootstrap: 1");
        std::fs::write(&grastate, text)
            .unwrap_or_else(|e| panic!("cannot rewrite {}: {e}", grastate.display()));
    }
    // A saved primary-component view would have the node wait for its old
    // peers (pc.recovery is off below, this is belt and braces).
    let _ = std::fs::remove_file(data_dir(node).join("gvwstate.dat"));
}

/// Starts the node's `mariadbd` (as a new cluster, or joining the others)
/// with every option on the command line, its output appended to its error
/// log.
fn spawn(node: usize, bootstrap: bool) -> Child {
    let d = dir(node);
    let mut log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_path(node))
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", log_path(node).display()));
    // Several starts of one node share the log: a line tells them apart.
    let _ = writeln!(
        log,
        "==== stillhead-testkit: starting {} ({}) ====",
        name(node),
        if bootstrap { "new cluster" } else { "joining" }
    );
    let gcomm: Vec<String> = GCOMM_PORTS
        .iter()
        .map(|p| format!("127.0.0.1:{p}"))
        .collect();
    let mut cmd = Command::new("mariadbd");
    cmd.arg("--no-defaults")
        .arg(format!("--datadir={}", data_dir(node).display()))
        .arg(format!("--socket={}", d.join("sock").display()))
        .arg(format!("--pid-file={}", pid_path(node).display()))
        .arg(format!("--port={}", PORTS[node]))
        .args([
            "--user=mysql",
            "--bind-address=127.0.0.1",
            // Galera replicates by itself; 10.11 needs no binary log (and
            // accepts this option with wsrep on).
            "--skip-log-bin",
            "--innodb-buffer-pool-size=32M",
            "--innodb-log-file-size=16M",
            // What Galera requires: row events, InnoDB, interleaved
            // auto-increment locks (no table lock a peer could not see).
            "--binlog-format=ROW",
            "--default-storage-engine=InnoDB",
            "--innodb-autoinc-lock-mode=2",
            "--wsrep-on=ON",
        ])
        .arg(format!("--wsrep-provider={PROVIDER}"))
        .arg("--wsrep-cluster-name=stillhead_test")
        .arg(format!("--wsrep-cluster-address=gcomm://{}", gcomm.join(",")))
        .arg("--wsrep-node-address=127.0.0.1")
        .arg(format!("--wsrep-node-name={}", name(node)))
        .arg("--wsrep-sst-method=rsync")
        .arg(format!(
            "--wsrep-sst-receive-address=127.0.0.1:{}",
            SST_PORTS[node]
        ))
        // gcache.size: Galera's 128M ring buffer file per node costs start-up
        // time and disk; 16M holds what tests write while a node is down
        // (a node that missed more gets an SST instead of an IST).
        // pc.recovery: after a killed run the nodes must not wait for their
        // old view.
        .arg(format!(
            "--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:{};ist.recv_addr=127.0.0.1:{};gcache.size=16M;pc.recovery=FALSE",
            GCOMM_PORTS[node], IST_PORTS[node]
        ));
    if bootstrap {
        cmd.arg("--wsrep-new-cluster");
    }
    cmd.stdin(Stdio::null())
        .stdout(log.try_clone().expect("a second handle on the error log"))
        .stderr(log)
        .spawn()
        .expect("mariadbd (MariaDB's server package)")
}

/// Waits until the node just started serves (Synced, in the primary
/// component); an error naming its log if it exits or takes too long.
fn wait_serving(shared: &mut Shared, node: usize) -> Result<(), String> {
    let deadline = Instant::now() + READY_TIMEOUT;
    loop {
        if let Some(child) = shared.children[node].as_mut() {
            if let Ok(Some(exit)) = child.try_wait() {
                shared.children[node] = None;
                return Err(format!(
                    "the Galera {} on port {} exited ({exit}) while starting; see {}",
                    name(node),
                    PORTS[node],
                    log_path(node).display()
                ));
            }
        }
        let st = status(node);
        if st.as_ref().is_some_and(Status::serving) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "the Galera {} on port {} was not Synced in {} s (state {:?}); see {}",
                name(node),
                PORTS[node],
                READY_TIMEOUT.as_secs(),
                st.map(|s| s.state),
                log_path(node).display()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts the node and waits until it serves; panics naming its log.
fn start_node(shared: &mut Shared, node: usize, bootstrap: bool) {
    shared.children[node] = Some(spawn(node, bootstrap));
    if let Err(e) = wait_serving(shared, node) {
        panic!("{e}");
    }
}

/// Waits until every running node serves and counts exactly the running
/// nodes: a killed node lingers in the others' view until they suspect it
/// (`evs.suspect_timeout`, 5 s), and a new node on its address joining
/// before that can cost the group its quorum for a while. An error
/// naming the node that does not settle in `timeout`.
fn settle(shared: &mut Shared, timeout: Duration) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    let size = running_count(shared);
    for node in 0..NODES {
        if running_pid(shared, node).is_none() {
            continue;
        }
        loop {
            let st = status(node);
            if st.as_ref().is_some_and(|s| s.serving() && s.size == size) {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the Galera {} did not see a cluster of {size} in {} s (it says {:?}); see {}",
                    name(node),
                    timeout.as_secs(),
                    st.map(|s| (s.state, s.size)),
                    log_path(node).display()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Ok(())
}

/// [`settle`], panicking with its message.
fn wait_settled(shared: &mut Shared) {
    if let Err(e) = settle(shared, READY_TIMEOUT) {
        panic!("{e}");
    }
}

fn running_count(shared: &mut Shared) -> usize {
    (0..NODES)
        .filter(|&n| running_pid(shared, n).is_some())
        .count()
}

/// Bootstraps node 0 from its data directory, installing it first if it
/// has none, or if it does not start (a data directory damaged by a killed
/// run).
fn bootstrap(shared: &mut Shared) {
    let fresh = !data_dir(0).join("mysql").exists();
    if fresh {
        install(0);
    }
    allow_bootstrap(0);
    shared.children[0] = Some(spawn(0, true));
    if let Err(e) = wait_serving(shared, 0) {
        assert!(!fresh, "{e}");
        kill(shared, 0);
        install(0);
        start_node(shared, 0, true);
    }
}

/// Names the process whose guards share the cluster (and the last of
/// which shuts it down): another process finding it alive leaves the
/// cluster to it, one finding it dead adopts the cluster.
fn owner_path() -> PathBuf {
    base().join("owner.pid")
}

fn claim() {
    std::fs::write(owner_path(), std::process::id().to_string())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", owner_path().display()));
}

/// Whether another live process owns the cluster.
fn owner_alive() -> bool {
    let Some(pid) = std::fs::read_to_string(owner_path())
        .ok()
        .and_then(|p| p.trim().parse::<u32>().ok())
    else {
        return false;
    };
    pid != std::process::id()
        && std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            stat.rfind(')')
                .is_some_and(|close| !stat[close + 1..].trim_start().starts_with('Z'))
        })
}

/// Stops the nodes a failed start-up started: a panic there must not leave
/// servers running after the test process (the next start repairs or
/// bootstraps anyway). Declared before the lock is taken, so that it runs
/// after the lock is released.
struct Abandon;

impl Drop for Abandon {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        let mut shared = shared();
        if shared.users > 0 {
            return;
        }
        for node in (0..NODES).rev() {
            if shared.children[node].is_some() {
                shutdown(&mut shared, node);
            }
        }
    }
}

impl Galera {
    /// Starts (or reuses) the cluster. A running cluster is reused if all
    /// three nodes are Synced in one primary component of three; nodes
    /// left over from a killed run are repaired (stray processes killed,
    /// missing nodes joined) or, if none serves, the cluster is
    /// bootstrapped again from node 0's data, the joiners wiped and filled
    /// by SST.
    pub fn start() -> Galera {
        let _abandon = Abandon;
        let mut shared = shared();
        if shared.users > 0 {
            shared.users += 1;
            return Galera { owner: true };
        }
        if (0..NODES).all(|n| status(n).is_some_and(|s| s.serving() && s.size == NODES)) {
            if owner_alive() {
                return Galera { owner: false };
            }
            // Left running by a test process that was killed: adopted, so
            // that this one shuts it down when done.
            claim();
            shared.users = 1;
            return Galera { owner: true };
        }
        for node in 0..NODES {
            std::fs::create_dir_all(dir(node))
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir(node).display()));
        }
        chown_mysql(&base());
        let statuses: Vec<Option<Status>> = (0..NODES).map(status).collect();
        let mut serving: Vec<bool> = statuses
            .iter()
            .map(|s| s.as_ref().is_some_and(Status::serving))
            .collect();
        // A node that does not serve (stuck joining, cut off from the
        // quorum) is started again from scratch, once the others have
        // let it go. If they cannot keep a quorum without it (Galera needs
        // more than half of the last primary component), everything is
        // started again at once rather than after a timeout.
        let survivors = serving.iter().filter(|s| **s).count();
        let last_size = statuses.iter().flatten().map(|s| s.size).max().unwrap_or(0);
        for node in (0..NODES).filter(|&n| !serving[n]) {
            kill(&mut shared, node);
        }
        if survivors > 0
            && (survivors * 2 <= last_size || settle(&mut shared, Duration::from_secs(30)).is_err())
        {
            for node in 0..NODES {
                kill(&mut shared, node);
            }
            serving = vec![false; NODES];
        }
        if !serving.contains(&true) {
            // A cold start: fresh logs, so that a failure's log shows this run.
            for node in 0..NODES {
                let _ = std::fs::remove_file(log_path(node));
            }
            bootstrap(&mut shared);
        }
        for node in (0..NODES).filter(|&n| !serving[n]) {
            if running_pid(&mut shared, node).is_none() {
                // An empty data directory: its old state could be ahead of
                // the cluster's (Galera then refuses to join) or of
                // another history; a rsync SST of a test cluster takes
                // seconds.
                fresh_data_dir(node);
                start_node(&mut shared, node, false);
            }
        }
        wait_settled(&mut shared);
        claim();
        shared.users = 1;
        Galera { owner: true }
    }

    /// A URL of database `db` on node `node` (0, 1 or 2):
    /// `mysql://root@127.0.0.1:PORT/db`.
    pub fn url(&self, node: usize, db: &str) -> String {
        format!("mysql://root@127.0.0.1:{}/{db}", PORTS[check(node)])
    }

    /// Runs SQL (one statement or several) on node `node` as root, in a
    /// session of its own.
    pub fn execute(&self, node: usize, sql: &str) {
        use mysql::prelude::Queryable;
        let mut c = connect(check(node));
        c.query_drop(sql).unwrap_or_else(|e| {
            panic!(
                "on the Galera {} (port {}), `{sql}` failed: {e}",
                name(node),
                PORTS[node]
            )
        });
    }

    /// Rows of SQL run on node `node` as root, in a session of its own,
    /// every value as text (NULL as the empty string). With several
    /// statements the rows of all their results come one after the other,
    /// so a query may follow `SET SESSION wsrep_sync_wait = 1;`.
    pub fn query(&self, node: usize, sql: &str) -> Vec<Vec<String>> {
        use mysql::prelude::Queryable;
        let mut c = connect(check(node));
        let fail = |e: mysql::Error| -> ! {
            panic!(
                "on the Galera {} (port {}), `{sql}` failed: {e}",
                name(node),
                PORTS[node]
            )
        };
        let mut result = c.query_iter(sql).unwrap_or_else(|e| fail(e));
        let mut rows = Vec::new();
        while let Some(set) = result.iter() {
            for row in set {
                rows.push(crate::mysql_texts(row.unwrap_or_else(|e| fail(e))));
            }
        }
        rows
    }

    /// `wsrep_cluster_size` as node `node` sees it.
    pub fn cluster_size(&self, node: usize) -> usize {
        let rows = self.query(node, "SHOW STATUS LIKE 'wsrep_cluster_size'");
        rows.first()
            .and_then(|r| r.get(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "the Galera {} reports no wsrep_cluster_size: {rows:?}",
                    name(node)
                )
            })
    }

    /// Waits (up to 90 s) until node `node` is Synced in a primary
    /// component of `size` nodes: after [`Galera::kill_node`] the others
    /// take a few seconds (`evs.suspect_timeout`, 5 s) to drop the dead one.
    pub fn wait_cluster_size(&self, node: usize, size: usize) {
        let node = check(node);
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            let st = status(node);
            if st.as_ref().is_some_and(|s| s.serving() && s.size == size) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the Galera {} did not see a cluster of {size} in {} s (it says {:?}); see {}",
                name(node),
                READY_TIMEOUT.as_secs(),
                st.map(|s| (s.state, s.size)),
                log_path(node).display()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A new, uniquely named database, created on node 0 and visible on
    /// every running node when this returns (a node that is down gets it
    /// when it rejoins). Its name is returned.
    pub fn create_database(&self) -> String {
        let db = crate::unique_name();
        self.execute(0, &format!("CREATE DATABASE {db}"));
        let mut shared = shared();
        let deadline = Instant::now() + Duration::from_secs(30);
        for node in 1..NODES {
            if running_pid(&mut shared, node).is_none() {
                continue;
            }
            // wsrep_sync_wait makes the read wait for the node to apply
            // what the cluster committed before it; the loop covers a node
            // that was still catching up.
            let sql = format!(
                "SET SESSION wsrep_sync_wait = 1; \
                 SELECT 1 FROM information_schema.schemata WHERE schema_name = '{db}'"
            );
            while self.query(node, &sql).is_empty() {
                assert!(
                    Instant::now() < deadline,
                    "database {db}, created on the Galera node1, did not reach {} in 30 s; see {}",
                    name(node),
                    log_path(node).display()
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        db
    }

    /// Drops database `name` (if it exists), on node 0: the drop replicates.
    pub fn drop_database(&self, name: &str) {
        self.execute(0, &format!("DROP DATABASE IF EXISTS {name}"));
    }

    /// Shuts node `node` down cleanly and waits for its process to exit;
    /// it leaves the group at once, so the others count one node fewer
    /// when this returns. Tests stop node 1 or 2: node 0 is the one they
    /// talk to.
    pub fn stop_node(&self, node: usize) {
        let node = check(node);
        let mut shared = shared();
        let pid = running_pid(&mut shared, node);
        assert!(
            pid.is_some(),
            "the Galera {} is not running, it cannot be stopped",
            name(node)
        );
        shutdown(&mut shared, node);
        wait_settled(&mut shared);
    }

    /// Kills node `node`'s `mariadbd` with SIGKILL (a crash: no goodbye to
    /// the group, InnoDB recovery on restart) and waits for the process to
    /// be gone. The others notice after a few seconds: see
    /// [`Galera::wait_cluster_size`].
    pub fn kill_node(&self, node: usize) {
        let node = check(node);
        let mut shared = shared();
        assert!(
            running_pid(&mut shared, node).is_some(),
            "the Galera {} is not running (no live pid in {}), it cannot be killed",
            name(node),
            pid_path(node).display()
        );
        kill(&mut shared, node);
    }

    /// Starts node `node` again (stopping it cleanly first if it still
    /// runs) with the data it has, so it rejoins by IST (or SST if the
    /// others no longer hold what it missed), and waits until it is Synced
    /// and every running node counts it.
    pub fn restart_node(&self, node: usize) {
        let node = check(node);
        let mut shared = shared();
        shutdown(&mut shared, node);
        // After a kill, the others must first drop the dead node (see
        // `settle`).
        wait_settled(&mut shared);
        // Node 0 rejoins like the others: --wsrep-new-cluster would split it
        // off into a cluster of its own.
        start_node(&mut shared, node, false);
        wait_settled(&mut shared);
    }
}

fn connect(node: usize) -> mysql::Conn {
    mysql::Conn::new(opts(node, "", false)).unwrap_or_else(|e| {
        panic!(
            "cannot connect to the Galera {} on port {}: {e}; see {}",
            name(node),
            PORTS[node],
            log_path(node).display()
        )
    })
}

impl Drop for Galera {
    fn drop(&mut self) {
        if !self.owner {
            return;
        }
        let mut shared = shared();
        shared.users -= 1;
        if shared.users > 0 {
            return;
        }
        // Joiners first, node 0 last: the last node to leave is the one
        // Galera marks safe to bootstrap, and the next start bootstraps
        // node 0.
        for node in (0..NODES).rev() {
            shutdown(&mut shared, node);
        }
        let _ = std::fs::remove_file(owner_path());
    }
}

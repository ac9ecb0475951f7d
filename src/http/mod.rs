//! The HTTP layer: listening, connection limits and timeouts, graceful shutdown.
//! Routing and the SOAP endpoint are in [`routes`].

pub mod abuse;
pub mod admin;
pub mod auth;
pub mod calllog;
mod documents;
mod guard;
pub mod observe;
pub mod routes;
pub mod tls;

use crate::config::Config;
use crate::store::Store;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinHandle;

/// What every request handler shares.
pub struct State {
    pub config: Config,
    pub store: Arc<dyn Store>,
    /// Caps the requests processed at once (`limits.max_in_flight`).
    /// Shared so that a streamed answer can keep its permit until its last byte.
    pub in_flight: Arc<Semaphore>,
    /// The address the server listens on (used for WSDL addresses when the
    /// request has no `Host`).
    pub local_addr: SocketAddr,
    /// Client accounts and the verification cache (`[auth]`).
    pub auth: auth::Authenticator,
    /// The call journal's writer (`docs/JOURNAL.md`).
    pub journal: std::sync::Arc<crate::journal::Journal>,
    /// Request ids and the counters of `/metrics`.
    pub metrics: observe::Metrics,
}

/// The address of the client of a request (a request extension set by the
/// accept loop; the admin pages use it for their loopback-only demo mode).
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// Whether a request comes straight from this machine: a loopback peer and no
/// proxy header. The open demo serves what it otherwise closes (admin pages,
/// `auth.always_required` services) only to such requests.
pub fn is_local<B>(req: &hyper::Request<B>) -> bool {
    req.extensions()
        .get::<Peer>()
        .is_some_and(|p| p.0.ip().is_loopback())
        && !req.headers().contains_key("x-forwarded-for")
        && !req.headers().contains_key("forwarded")
}

/// A running server.
pub struct Server {
    local_addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Server {
    /// Binds `config.listen` and starts serving `store`.
    pub async fn bind(config: Config, store: Arc<dyn Store>) -> std::io::Result<Server> {
        let listener = TcpListener::bind(&config.listen).await?;
        let local_addr = listener.local_addr()?;
        let state = Arc::new(State {
            in_flight: Arc::new(Semaphore::new(config.limits.max_in_flight.max(1))),
            auth: auth::Authenticator::new(&config.auth).with_store(store.clone()),
            journal: crate::journal::Journal::start(store.clone(), &config.journal),
            config,
            store,
            local_addr,
            metrics: observe::Metrics::new(),
        });
        state.auth.load().await;
        let (stop, stopped) = watch::channel(false);
        let tls = match state.config.tls.cert.is_some() || state.config.tls.key.is_some() {
            true => {
                let t = tls::TlsState::load(&state.config.tls)
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
                tokio::spawn(t.clone().watch(stopped.clone()));
                Some(t)
            }
            false => None,
        };
        let task = tokio::spawn(accept_loop(listener, state, stopped, tls));
        Ok(Server {
            local_addr,
            stop,
            task,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting, lets in-flight requests finish (up to
    /// `limits.shutdown_grace_secs`), then returns.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }

    /// Waits until the server stops (after [`Server::shutdown`] from elsewhere).
    pub async fn wait(self) {
        let _ = self.task.await;
    }

    /// A handle that can trigger the shutdown from another task.
    pub fn stopper(&self) -> watch::Sender<bool> {
        self.stop.clone()
    }
}

async fn accept_loop(
    listener: TcpListener,
    state: Arc<State>,
    mut stopped: watch::Receiver<bool>,
    tls: Option<Arc<tls::TlsState>>,
) {
    let graceful = GracefulShutdown::new();
    let limits = state.config.limits.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(x) => x,
                    Err(e) => {
                        // Typically EMFILE: back off instead of spinning.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                if let Some(tls) = &tls {
                    let acceptor = tls.acceptor();
                    let watcher = graceful.watcher();
                    let st = state.clone();
                    let timeout = limits.header_read_timeout();
                    tokio::spawn(async move {
                        let stream = match tokio::time::timeout(timeout, acceptor.accept(stream)).await {
                            Ok(Ok(s)) => s,
                            Ok(Err(e)) => {
                                tracing::debug!(error = %e, "TLS handshake failed");
                                return;
                            }
                            Err(_) => {
                                tracing::debug!("TLS handshake timed out");
                                return;
                            }
                        };
                        let names = stream
                            .get_ref()
                            .1
                            .peer_certificates()
                            .and_then(|c| c.first())
                            .map(tls::peer_names);
                        let svc = service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                            req.extensions_mut().insert(Peer(peer));
                            if let Some(p) = &names {
                                req.extensions_mut().insert(p.clone());
                            }
                            observe::serve(st.clone(), req)
                        });
                        let mut builder = http1::Builder::new();
                        builder
                            .timer(TokioTimer::new())
                            .header_read_timeout(timeout)
                            .keep_alive(true);
                        let conn = builder.serve_connection(TokioIo::new(stream), svc);
                        if let Err(e) = watcher.watch(conn).await {
                            tracing::debug!(error = %e, "connection ended with an error");
                        }
                    });
                    continue;
                }
                let st = state.clone();
                let svc = service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(Peer(peer));
                    observe::serve(st.clone(), req)
                });
                let mut builder = http1::Builder::new();
                builder
                    .timer(TokioTimer::new())
                    .header_read_timeout(limits.header_read_timeout())
                    .keep_alive(true);
                let conn = builder.serve_connection(TokioIo::new(stream), svc);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                });
            }
            _ = stopped.changed() => break,
        }
    }
    drop(listener);
    tracing::info!("shutting down: no new connections; waiting for in-flight requests");
    tokio::select! {
        _ = graceful.shutdown() => tracing::info!("all connections closed"),
        _ = tokio::time::sleep(limits.shutdown_grace()) => {
            tracing::warn!("shutdown grace period over; closing remaining connections")
        }
    }
    // The last buffered journal rows.
    state.journal.close().await;
}

//! The two long-running commands, `sim` and `relay`: small HTTP/1.1 servers on 127.0.0.1 only
//! (hyper), each printing what it does, one line per request, never a header value.

pub(crate) mod policy;
pub(crate) mod relay;
pub(crate) mod sim;

use std::convert::Infallible;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::Failure;

/// The response body both servers use: whole or streamed.
pub(crate) type Body = BoxBody<Bytes, std::io::Error>;

/// A whole body.
pub(crate) fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).map_err(|never: Infallible| match never {}).boxed()
}

/// Read a request body up to `limit` bytes; `None` when it is larger (or the client failed).
pub(crate) async fn read_body(body: Incoming, limit: usize) -> Result<Bytes, BodyError> {
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            Err(BodyError::TooLarge)
        }
        Err(_) => Err(BodyError::Broken),
    }
}

/// Why a request body could not be read.
pub(crate) enum BodyError {
    TooLarge,
    Broken,
}

/// A Tokio runtime for a server command (two workers: the machines this runs on are small).
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure(format!("cannot start the async runtime: {e}")))
}

/// Bind 127.0.0.1:`port` (0 picks a free port). Loopback only, by design.
pub(crate) async fn bind(port: u16) -> Result<(TcpListener, SocketAddr), Failure> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(|e| Failure(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let addr = listener.local_addr().map_err(|e| Failure(e.to_string()))?;
    Ok((listener, addr))
}

/// Accept connections until Ctrl-C, answering each request with `handle`.
pub(crate) async fn serve<H, F>(listener: TcpListener, handle: Arc<H>) -> Result<(), Failure>
where
    H: Fn(Request<Incoming>) -> F + Send + Sync + 'static,
    F: Future<Output = Response<Body>> + Send + 'static,
{
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("accept failed: {e}");
                    continue;
                }
            },
            _ = &mut shutdown => {
                println!("stopped");
                return Ok(());
            }
        };
        let handle = Arc::clone(&handle);
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let handle = Arc::clone(&handle);
                async move { Ok::<_, Infallible>(handle(req).await) }
            });
            // Errors here are clients going away mid-response: nothing to report.
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

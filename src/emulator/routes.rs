//! An emulated API's routes, each with the key (`METHOD /template`) that names it in
//! counters, scheduled faults and lost answers.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, on};

use super::AppState;

pub fn route_key(method: &Method, template: &str) -> String {
    format!("{method} {template}")
}

/// One API route: its key, path template and handler.
pub struct ApiRoute {
    pub key: String,
    path: String,
    handler: MethodRouter<AppState>,
}

impl ApiRoute {
    /// `method` is an HTTP method's name, such as `GET`.
    pub fn new<H, T>(method: &str, path: &str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let method = Method::from_bytes(method.as_bytes()).expect("an HTTP method");
        let filter = MethodFilter::try_from(method.clone()).expect("a method that routes take");
        Self {
            key: route_key(&method, path),
            path: path.to_string(),
            handler: on(filter, handler),
        }
    }
}

/// A router that serves `routes`.
pub fn router(routes: Vec<ApiRoute>) -> Router<AppState> {
    routes
        .into_iter()
        .fold(Router::new(), |router, r| router.route(&r.path, r.handler))
}

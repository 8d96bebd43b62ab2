//! The front end, served from the binary: the GraphiQL playground at `/`, the network explorer
//! at `/explore`, and their scripts, styles and fonts under `/assets/`.
//!
//! `build.rs` bundles `web/` with Vite and embeds every built file, so the pages work with no
//! internet access: nothing is fetched from a CDN. Asset names carry a content hash, so
//! browsers may keep them for a year; the pages themselves are never cached, so a new binary's
//! pages name its new assets at once.

use axum::{
    Router,
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use tower_http::compression::CompressionLayer;

use crate::config::Settings;

/// The query the playground opens with.
pub const EXAMPLE_QUERY: &str = r#"# Welcome to collabgraph. Press the run button (or Ctrl-Enter).
# Who signed KazNU's memoranda, for whom, and what do they cover?
# Lists inside a record come a page at a time: `first` items (20 if not given, at most 100),
# and the next page `after` the last one's cursor (pageInfo.endCursor).
{
  institution(name: "KazNU") {
    name
    country
    collaborators(first: 10) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        weight
        partner { name founded { year } }
        agreements(first: 5) {
          nodes {
            title
            signed { date { value } qualifier }
            signatories { nodes { person { name } onBehalfOf { name } role } }
            activities { nodes { kind description } }
          }
        }
        labs { nodes { name status } }
      }
    }
  }
}
"#;

mod bundle {
    include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));
}

/// Where the bundle's hashed files are served.
const ASSETS_PREFIX: &str = "assets/";

/// The built file at `path` (relative to the bundle's root), if there is one.
fn file(path: &str) -> Option<&'static [u8]> {
    bundle::FILES
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(_, bytes)| *bytes)
}

/// A page of the bundle as text; the build guarantees both pages exist.
fn page(name: &str) -> &'static str {
    let bytes = file(name).unwrap_or_else(|| panic!("the front-end bundle has no {name}"));
    std::str::from_utf8(bytes).expect("Vite writes pages in UTF-8")
}

/// The routes of the pages the settings switch on, and of their assets when any page is on.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(settings: &Settings) -> Router<S> {
    let mut router = Router::new();
    if settings.playground {
        let page = playground_page();
        router = router.route("/", get(move || async move { html(page) }));
    }
    if settings.explorer {
        let page = explorer_page(settings.playground);
        router = router.route("/explore", get(move || async move { html(page) }));
    }
    if settings.playground || settings.explorer {
        // Compressed on the way out (the playground's script is 0.8 MB, 0.3 MB gzipped); the
        // pages are small and the API's answers are left alone.
        router = router.route("/assets/{*file}", get(asset).layer(CompressionLayer::new()));
    }
    router
}

/// An HTML page that browsers must ask for again each time.
fn html(body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// `GET /`: GraphiQL, opened on [`EXAMPLE_QUERY`] and pointed at `/graphql`; written once,
/// when the routes are made.
fn playground_page() -> String {
    let query = serde_json::to_string(EXAMPLE_QUERY).expect("a string serializes");
    // JSON inside <script>: keep "</" from closing the element.
    let query = query.replace("</", "<\\/");
    page("playground.html").replace("__DEFAULT_QUERY__", &query)
}

/// The explorer's link to the playground, taken out when the playground is off.
const PLAYGROUND_LINK: &str = r#"<nav><a href="/">GraphQL playground</a></nav>"#;

/// `GET /explore`: the network explorer, linking to the playground when it is served; written
/// once, when the routes are made.
fn explorer_page(playground: bool) -> String {
    let page = page("explore.html");
    if playground {
        page.to_owned()
    } else {
        page.replace(PLAYGROUND_LINK, "")
    }
}

/// `GET /assets/{file}`: a hashed script, style, font or image of the bundle.
async fn asset(Path(name): Path<String>) -> Response {
    let Some(bytes) = file(&format!("{ASSETS_PREFIX}{name}")) else {
        return (
            StatusCode::NOT_FOUND,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            format!("no asset /assets/{name}"),
        )
            .into_response();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&name)),
            ),
            // The name changes whenever the content does.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The media type of a bundled file, by its extension.
fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundle_holds_both_pages_and_every_asset_they_name() {
        for name in ["playground.html", "explore.html"] {
            let page = page(name);
            let mut rest = page;
            let mut named = 0;
            while let Some(start) = rest.find("/assets/") {
                let tail = &rest[start + 1..];
                let end = tail
                    .find(['"', '\'', ')', ' '])
                    .expect("an asset reference ends");
                assert!(
                    file(&tail[..end]).is_some(),
                    "{name} names {} but the bundle lacks it",
                    &tail[..end]
                );
                named += 1;
                rest = &tail[end..];
            }
            assert!(named > 0, "{name} loads its script from /assets/");
            assert!(
                !page.contains("https://") && !page.contains("http://"),
                "{name} loads nothing from another host"
            );
        }
    }

    #[test]
    fn the_explorer_links_to_the_playground_only_when_it_is_served() {
        assert!(explorer_page(true).contains(PLAYGROUND_LINK));
        assert!(!explorer_page(false).contains(r#"href="/""#));
    }

    #[test]
    fn assets_get_their_media_types() {
        assert_eq!(content_type("x-1a2b.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("font.woff2"), "font/woff2");
        assert_eq!(content_type("noextension"), "application/octet-stream");
    }
}

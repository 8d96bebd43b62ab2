//! The embedded front end over HTTP: pages, hashed assets, caching, and the switches.

use collabgraph::config::Settings;
use reqwest::{StatusCode, header};

use crate::helpers::{TestApp, bundled_graph, spawn_app, spawn_app_with_settings};

/// The `/assets/...` paths a page names.
fn assets_named(page: &str) -> Vec<String> {
    page.match_indices("\"/assets/")
        .map(|(start, _)| {
            let rest = &page[start + 1..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn the_pages_and_every_asset_they_name_are_served_from_the_binary() {
    let app = spawn_app().await;
    for (path, title) in [
        ("/", "GraphQL playground"),
        ("/explore", "network explorer"),
    ] {
        let response = get(&app, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
        let page = response.text().await.unwrap();
        assert!(page.contains(title), "{page}");
        assert!(
            !page.contains("unpkg") && !page.contains("https://"),
            "{path} loads nothing from another host"
        );
        let assets = assets_named(&page);
        assert!(
            assets.iter().any(|a| a.ends_with(".js")) && assets.iter().any(|a| a.ends_with(".css")),
            "{path} names its script and style: {assets:?}"
        );
        for asset in assets {
            let response = get(&app, &asset).await;
            assert_eq!(response.status(), StatusCode::OK, "{asset}");
            let expected = if asset.ends_with(".js") {
                "text/javascript; charset=utf-8"
            } else {
                "text/css; charset=utf-8"
            };
            assert_eq!(
                response.headers()[header::CONTENT_TYPE],
                expected,
                "{asset}"
            );
            assert_eq!(
                response.headers()[header::CACHE_CONTROL],
                "public, max-age=31536000, immutable"
            );
            assert!(!response.bytes().await.unwrap().is_empty(), "{asset}");
        }
    }
}

#[tokio::test]
async fn an_unknown_asset_is_a_404_that_says_so() {
    let app = spawn_app().await;
    let response = get(&app, "/assets/no-such-file.js").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.unwrap().contains("no asset"));
}

#[tokio::test]
async fn the_explorer_has_its_own_switch() {
    let settings = Settings {
        explorer: false,
        ..Settings::default()
    };
    let app = spawn_app_with_settings(bundled_graph(), settings).await;
    assert_eq!(get(&app, "/explore").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/").await.status(), StatusCode::OK);

    let page = get(&app, "/").await.text().await.unwrap();
    let script = assets_named(&page)
        .into_iter()
        .find(|a| a.ends_with(".js"))
        .expect("the playground names a script");
    assert_eq!(get(&app, &script).await.status(), StatusCode::OK);

    let settings = Settings {
        explorer: false,
        playground: false,
        ..Settings::default()
    };
    let app = spawn_app_with_settings(bundled_graph(), settings).await;
    assert_eq!(get(&app, "/").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        get(&app, &script).await.status(),
        StatusCode::NOT_FOUND,
        "with both pages off, no assets are served"
    );
}

#[tokio::test]
async fn assets_are_gzipped_for_clients_that_take_it_and_the_api_is_not() {
    let app = spawn_app().await;
    let page = get(&app, "/").await.text().await.unwrap();
    let script = assets_named(&page)
        .into_iter()
        .find(|a| a.ends_with(".js"))
        .expect("the playground names a script");
    let plain = get(&app, &script).await.bytes().await.unwrap();
    let response = app
        .client
        .get(app.url(&script))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    let gzipped = response.bytes().await.unwrap();
    assert!(
        gzipped.starts_with(&[0x1f, 0x8b]) && gzipped.len() * 2 < plain.len(),
        "{} bytes gzipped, {} plain",
        gzipped.len(),
        plain.len()
    );
    let answer = app
        .client
        .post(app.url("/graphql"))
        .header(header::ACCEPT_ENCODING, "gzip")
        .json(&serde_json::json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap();
    assert!(answer.headers().get(header::CONTENT_ENCODING).is_none());
}

#[tokio::test]
async fn with_the_playground_off_the_explorer_does_not_link_to_it() {
    let settings = Settings {
        playground: false,
        ..Settings::default()
    };
    let app = spawn_app_with_settings(bundled_graph(), settings).await;
    let page = get(&app, "/explore").await.text().await.unwrap();
    assert!(page.contains("network explorer") && !page.contains("href=\"/\""));
}

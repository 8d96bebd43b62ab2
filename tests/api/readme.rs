//! The README's example queries run, without errors, on the bundled seed.

use crate::helpers::spawn_app;

#[tokio::test]
async fn every_graphql_example_in_the_readme_runs() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let app = spawn_app().await;
    let mut ran = 0;
    for block in readme.split("```graphql").skip(1) {
        let query = block.split("```").next().unwrap();
        let data = app.query(query).await;
        assert!(!data.is_null(), "{query}");
        ran += 1;
    }
    assert!(ran >= 5, "only {ran} examples found");
}

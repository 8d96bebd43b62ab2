//! Lists a page at a time, Relay style: page sizes and their complexity, cursors, `paginate`,
//! and the `connection!` macro that declares each list's connection and edge types.

use async_graphql::{Result, SimpleObject};

use crate::error::ErrorCode;

/// The largest page a list returns at once.
pub(crate) const MAX_PAGE_SIZE: usize = 100;
/// The page size when a list is asked for without `first` or `last`.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 20;

/// The complexity of a page of a list: each item costs what is selected of it, so a query's
/// complexity grows with the pages it asks for, not only with the fields it names.
pub(super) fn page_complexity(
    first: Option<i32>,
    last: Option<i32>,
    child_complexity: usize,
) -> usize {
    let items = match (first, last) {
        (None, None) => DEFAULT_PAGE_SIZE,
        (first, last) => first.max(last).unwrap_or(0).clamp(0, MAX_PAGE_SIZE as i32) as usize,
    };
    1 + items.max(1) * child_complexity
}

/// The complexity of a page of a list inside an object, which pages forward only.
pub(super) fn nested_complexity(first: Option<i32>, child_complexity: usize) -> usize {
    page_complexity(first, None, child_complexity)
}

/// One page of a list inside an object (an institution's agreements, an agreement's parties):
/// `first` items `after` a cursor, as [`paginate`] makes it.
pub(super) fn nested<I: Clone, T>(
    items: &[I],
    first: Option<i32>,
    after: Option<String>,
    make: impl Fn(I) -> T,
) -> Result<Page<T>> {
    paginate(items, after, None, first, None, make)
}

fn cursor_position(name: &str, cursor: Option<String>) -> Result<Option<usize>> {
    cursor
        .map(|c| {
            c.parse::<usize>().map_err(|_| {
                ErrorCode::BadUserInput
                    .error(format!("{name}: {c:?} is not a cursor from this list"))
            })
        })
        .transpose()
}

/// One page of `items` (record indexes, or edges, in list order), with Relay cursors and a total; `make`
/// turns only the page's items into objects.
pub(super) fn paginate<I: Clone, T>(
    items: &[I],
    after: Option<String>,
    before: Option<String>,
    first: Option<i32>,
    last: Option<i32>,
    make: impl Fn(I) -> T,
) -> Result<Page<T>> {
    let limit = |name: &str, value: Option<i32>| -> Result<Option<usize>> {
        match value {
            Some(n) if n < 0 => {
                Err(ErrorCode::BadUserInput.error(format!("{name} must not be negative")))
            }
            Some(n) if n as usize > MAX_PAGE_SIZE => Err(ErrorCode::LimitExceeded.error(format!(
                "{name} is {n}; pages hold at most {MAX_PAGE_SIZE} items, use the cursors for more"
            ))),
            other => Ok(other.map(|n| n as usize)),
        }
    };
    let (first, last) = (limit("first", first)?, limit("last", last)?);
    let first = if first.is_none() && last.is_none() {
        Some(DEFAULT_PAGE_SIZE)
    } else {
        first
    };
    let total = items.len();
    // Cursors are positions in the filtered, ordered list.
    let mut start = cursor_position("after", after)?
        .map_or(0, |a| a.saturating_add(1))
        .min(total);
    let mut end = cursor_position("before", before)?
        .unwrap_or(total)
        .min(total)
        .max(start);
    if let Some(first) = first {
        end = end.min(start + first);
    }
    if let Some(last) = last {
        start = start.max(end.saturating_sub(last));
    }
    let nodes: Vec<T> = items[start..end].iter().cloned().map(make).collect();
    Ok(Page {
        start,
        nodes,
        page_info: PageInfo {
            has_previous_page: start > 0,
            has_next_page: end < total,
            start_cursor: (start < end).then(|| start.to_string()),
            end_cursor: (start < end).then(|| (end - 1).to_string()),
        },
        total_count: total,
    })
}

/// Declares the Relay connection and edge types of one kind of item.
macro_rules! connection {
    ($connection:ident, $edge:ident, $item:ident, $what:literal) => {
        pub struct $connection($crate::api::pages::Page<$item>);

        #[doc = concat!("One page of ", $what, ", Relay style: ask for `first` items `after` a cursor (or `last` items `before` one) and follow `pageInfo.endCursor` for the next page.")]
        #[async_graphql::Object(serial)]
        impl $connection {
            /// The items on this page, each with its cursor.
            async fn edges(&self) -> $crate::api::plain::Many<$edge> {
                let page = &self.0;
                page.nodes
                    .iter()
                    .enumerate()
                    .map(|(i, node)| $edge {
                        cursor: (page.start + i).to_string(),
                        node: $crate::api::plain::One(node.clone()),
                    })
                    .collect()
            }

            /// The items on this page.
            async fn nodes(&self) -> $crate::api::plain::Many<&$item> {
                self.0.nodes.iter().collect()
            }

            /// Whether there are more pages, and the cursors to reach them.
            async fn page_info(&self) -> &$crate::api::pages::PageInfo {
                &self.0.page_info
            }

            /// How many items match, over all pages.
            async fn total_count(&self) -> usize {
                self.0.total_count
            }
        }

        #[doc = concat!("One of ", $what, " on a page, and its cursor.")]
        #[derive(async_graphql::SimpleObject)]
        #[graphql(serial)]
        pub struct $edge {
            /// Where the item is in the list; pass it as `after` or `before`.
            cursor: String,
            /// The item.
            node: $crate::api::plain::One<$item>,
        }

        impl From<$crate::api::pages::Page<$item>> for $crate::api::plain::One<$connection> {
            fn from(page: $crate::api::pages::Page<$item>) -> Self {
                $crate::api::plain::One($connection(page))
            }
        }
    };
}

pub(super) use connection;

/// A page before it becomes its type's connection.
pub(super) struct Page<T> {
    /// The first item's position in the list: the edges' cursors count from it.
    pub(super) start: usize,
    pub(super) nodes: Vec<T>,
    pub(super) page_info: PageInfo,
    pub(super) total_count: usize,
}

/// Where a page is in its list.
#[derive(SimpleObject)]
#[graphql(serial)]
pub(super) struct PageInfo {
    /// Whether items come before this page.
    has_previous_page: bool,
    /// Whether items come after this page.
    has_next_page: bool,
    /// The first item's cursor, if the page has items.
    start_cursor: Option<String>,
    /// The last item's cursor, if the page has items: pass it as `after` for the next page.
    end_cursor: Option<String>,
}

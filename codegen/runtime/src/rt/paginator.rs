//! Paginators: a stream of pages that feeds each response's continuation
//! token into the next request, and a stream of the items of those pages.
//!
//! Generated paginators hand [`pages`] the operation's call and two small
//! functions (read the output token, set the input token); [`items`] flattens
//! pages into their items. Both return a [`PaginationStream`], whose `next()`
//! is an async method, so no stream trait or executor is needed.

use std::future::Future;
use std::pin::Pin;

use crate::error::SdkError;

/// A boxed future, as the erased sources return.
type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The boxed future of one call of an operation.
pub type PageFuture<O, E> = BoxFuture<'static, Result<O, SdkError<E>>>;

/// Something that yields values one at a time, asynchronously.
trait Source<T>: Send {
    fn next(&mut self) -> BoxFuture<'_, Option<T>>;
}

/// A stream of results: the pages of a paginated operation, or their items.
///
/// Call [`next`](Self::next) until it returns `None`. After an error the
/// stream ends.
///
/// ```text
/// let mut pages = client.list_opportunities().catalog("AWS").into_paginator().send();
/// while let Some(page) = pages.next().await {
///     let page = page?;
/// }
/// ```
pub struct PaginationStream<T> {
    source: Box<dyn Source<T>>,
}

impl<T: Send + 'static> PaginationStream<T> {
    /// The next value, or `None` when the stream has ended.
    ///
    /// Dropping the returned future before it completes ends the stream.
    pub async fn next(&mut self) -> Option<T> {
        self.source.next().await
    }

    /// A stream that yields `value` and ends.
    pub fn once(value: T) -> Self {
        PaginationStream { source: Box::new(Once(Some(value))) }
    }
}

impl<T: Send + 'static, E: Send + 'static> PaginationStream<Result<T, E>> {
    /// Collects every value, stopping at the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, E> {
        let mut out = Vec::new();
        while let Some(value) = self.next().await {
            out.push(value?);
        }
        Ok(out)
    }
}

impl<T> std::fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaginationStream").finish_non_exhaustive()
    }
}

struct Once<T>(Option<T>);

impl<T: Send> Source<T> for Once<T> {
    fn next(&mut self) -> BoxFuture<'_, Option<T>> {
        let value = self.0.take();
        Box::pin(async move { value })
    }
}

/// The service answered with the continuation token it was sent: asking
/// again would return the same page forever.
#[derive(Debug)]
pub struct RepeatedToken {
    token: String,
}

impl std::fmt::Display for RepeatedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the service returned the continuation token it was sent (`{}`); stopping", self.token)
    }
}

impl std::error::Error for RepeatedToken {}

/// The pages of an operation, starting from `input`.
///
/// `send` calls the operation (once per page, with a clone of the input);
/// `next_token` reads the output's continuation token and `set_token` puts
/// one into the input. The stream ends after a page without a token (absent
/// or empty), after an error, and, with a [`RepeatedToken`] error after the
/// page, when the service returns the token it was sent.
pub fn pages<I, O, E, S>(
    input: I,
    send: S,
    next_token: fn(&O) -> Option<&str>,
    set_token: fn(&mut I, String),
) -> PaginationStream<Result<O, SdkError<E>>>
where
    I: Clone + Send + 'static,
    O: Send + 'static,
    E: Send + 'static,
    S: Fn(I) -> PageFuture<O, E> + Send + 'static,
{
    let pages = Pages { input: Some(input), sent_token: None, repeated: None, send, next_token, set_token };
    PaginationStream { source: Box::new(pages) }
}

struct Pages<I, O, E, S> {
    /// The next request's input; `None` once the stream has ended.
    input: Option<I>,
    /// The token the next request carries.
    sent_token: Option<String>,
    /// The error to yield after a page that repeated its token.
    repeated: Option<SdkError<E>>,
    send: S,
    next_token: fn(&O) -> Option<&str>,
    set_token: fn(&mut I, String),
}

impl<I, O, E, S> Source<Result<O, SdkError<E>>> for Pages<I, O, E, S>
where
    I: Clone + Send + 'static,
    O: Send + 'static,
    E: Send + 'static,
    S: Fn(I) -> PageFuture<O, E> + Send + 'static,
{
    fn next(&mut self) -> BoxFuture<'_, Option<Result<O, SdkError<E>>>> {
        Box::pin(async move {
            if let Some(error) = self.repeated.take() {
                return Some(Err(error));
            }
            let mut input = self.input.take()?;
            let sent = self.sent_token.take();
            let result = (self.send)(input.clone()).await;
            if let Ok(output) = &result {
                match (self.next_token)(output).filter(|token| !token.is_empty()) {
                    None => {}
                    Some(token) if sent.as_deref() == Some(token) => {
                        let error = RepeatedToken { token: token.to_owned() };
                        self.repeated = Some(SdkError::construction_failure(error));
                    }
                    Some(token) => {
                        (self.set_token)(&mut input, token.to_owned());
                        self.sent_token = Some(token.to_owned());
                        self.input = Some(input);
                    }
                }
            }
            Some(result)
        })
    }
}

/// The items of `pages`, in order: `items_of` takes each page's items.
pub fn items<O, E, T>(
    pages: PaginationStream<Result<O, SdkError<E>>>,
    items_of: fn(O) -> Vec<T>,
) -> PaginationStream<Result<T, SdkError<E>>>
where
    O: Send + 'static,
    E: Send + 'static,
    T: Send + 'static,
{
    PaginationStream { source: Box::new(Items { pages, items_of, current: Vec::new().into_iter() }) }
}

struct Items<O, E, T> {
    pages: PaginationStream<Result<O, SdkError<E>>>,
    items_of: fn(O) -> Vec<T>,
    current: std::vec::IntoIter<T>,
}

impl<O, E, T> Source<Result<T, SdkError<E>>> for Items<O, E, T>
where
    O: Send + 'static,
    E: Send + 'static,
    T: Send + 'static,
{
    fn next(&mut self) -> BoxFuture<'_, Option<Result<T, SdkError<E>>>> {
        Box::pin(async move {
            loop {
                if let Some(item) = self.current.next() {
                    return Some(Ok(item));
                }
                match self.pages.next().await? {
                    Ok(page) => self.current = (self.items_of)(page).into_iter(),
                    Err(error) => return Some(Err(error)),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Input {
        token: Option<String>,
    }

    struct Output {
        token: Option<String>,
        items: Vec<u32>,
    }

    type Pages = PaginationStream<Result<Output, SdkError<String>>>;
    type TokensSent = Arc<Mutex<Vec<Option<String>>>>;

    /// Pages answered from `script` in order; records the tokens sent.
    fn scripted(script: Vec<(Option<&'static str>, Vec<u32>)>) -> (Pages, TokensSent) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&sent);
        let script = Arc::new(Mutex::new(script.into_iter()));
        let send = move |input: Input| -> PageFuture<Output, String> {
            log.lock().unwrap().push(input.token);
            let (token, items) = script.lock().unwrap().next().expect("no more pages scripted");
            Box::pin(async move { Ok(Output { token: token.map(str::to_owned), items }) })
        };
        let stream =
            pages(Input::default(), send, |o: &Output| o.token.as_deref(), |i: &mut Input, t| i.token = Some(t));
        (stream, sent)
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(future)
    }

    #[test]
    fn pages_follow_tokens_until_one_is_absent_or_empty() {
        let (stream, sent) = scripted(vec![(Some("a"), vec![1]), (Some("b"), vec![2]), (Some(""), vec![3])]);
        let pages = block_on(stream.try_collect()).unwrap();
        assert_eq!(pages.len(), 3);
        assert_eq!(*sent.lock().unwrap(), vec![None, Some("a".to_owned()), Some("b".to_owned())]);
    }

    #[test]
    fn items_flatten_pages_in_order() {
        let (stream, _) = scripted(vec![(Some("a"), vec![1, 2]), (Some("b"), vec![]), (None, vec![3])]);
        let items = block_on(items(stream, |o: Output| o.items).try_collect()).unwrap();
        assert_eq!(items, vec![1, 2, 3]);
    }

    #[test]
    fn repeated_token_ends_with_an_error_after_its_page() {
        let (mut stream, _) = scripted(vec![(Some("a"), vec![1]), (Some("a"), vec![2])]);
        block_on(async {
            assert!(stream.next().await.unwrap().is_ok());
            assert!(stream.next().await.unwrap().is_ok());
            let error = stream.next().await.unwrap().err().expect("an error");
            assert!(matches!(error, SdkError::ConstructionFailure(_)));
            assert!(stream.next().await.is_none());
        });
    }

    #[test]
    fn once_yields_its_value_then_ends() {
        let mut stream = PaginationStream::once(7);
        assert_eq!(block_on(stream.next()), Some(7));
        assert_eq!(block_on(stream.next()), None);
    }
}

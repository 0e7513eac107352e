//! Who is signed in, shared with every page and component through context (the App provides
//! it). Its own file so components need not import the App to read it.

use crate::api::auth::get_current_user;
use domain::user::CurrentUser;
use domain::AppError;
use leptos::prelude::*;

/// Who is signed in. Pages that sign in or out call `changed()` so the user is read again.
/// (The actions themselves live in those pages, inside `<Routes>`: only there does an action
/// see the error a plain, JavaScript-free form post brought back in the URL.)
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub me: Resource<Result<Option<CurrentUser>, AppError>>,
    version: RwSignal<u64>,
}

impl SessionContext {
    /// Gives the app the signed-in user, read now and again after each `changed()`.
    pub fn provide() {
        let version = RwSignal::new(0u64);
        let me = Resource::new(move || version.get(), |_| get_current_user());
        provide_context(SessionContext { me, version });
    }

    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Re-reads the user whenever `action` completes another run.
    pub fn follow<S>(&self, action: ServerAction<S>)
    where
        S: server_fn::ServerFn + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
        S::Error: Send + Sync + 'static,
    {
        let session = *self;
        Effect::new(move |previous: Option<usize>| {
            let now = action.version().get();
            if previous.is_some_and(|p| p != now) {
                session.changed();
            }
            now
        });
    }
}

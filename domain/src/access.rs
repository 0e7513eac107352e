//! Which pages exist and who may open them. The navigation is drawn from this table and the
//! server refuses the same pages, so the two can never disagree.

use crate::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub path: &'static str,
    pub label: &'static str,
    /// The navigation group, as named in the product.
    pub section: &'static str,
    pub roles: &'static [Role],
}

const EVERYONE: &[Role] = &[Role::Admin, Role::Supervisor, Role::Agent, Role::Auditor];
const ADMINS: &[Role] = &[Role::Admin];
/// People who answer customers (auditors read only what they are granted, elsewhere).
const STAFF: &[Role] = &[Role::Admin, Role::Supervisor, Role::Agent];
/// Administrators and supervisors (who watch queues and agents and move work).
const LEADS: &[Role] = &[Role::Admin, Role::Supervisor];
const OVERSIGHT: &[Role] = &[Role::Admin, Role::Auditor];

/// Pages that exist, in navigation order. Add a page here when it is built, not before.
pub const PAGES: &[Page] = &[
    Page {
        path: "/",
        label: "Home",
        section: "",
        roles: EVERYONE,
    },
    Page {
        path: "/conversations",
        label: "Conversations",
        section: "Service",
        roles: STAFF,
    },
    Page {
        path: "/contacts",
        label: "Contacts",
        section: "Service",
        roles: STAFF,
    },
    Page {
        path: "/history",
        label: "History",
        section: "Service",
        roles: EVERYONE,
    },
    Page {
        path: "/insights/live",
        label: "Live",
        section: "Insights",
        roles: LEADS,
    },
    Page {
        path: "/insights/reports",
        label: "Reports",
        section: "Insights",
        roles: LEADS,
    },
    Page {
        path: "/channels",
        label: "Channels",
        section: "Customer support",
        roles: ADMINS,
    },
    Page {
        path: "/workstreams",
        label: "Workstreams",
        section: "Customer support",
        roles: ADMINS,
    },
    Page {
        path: "/queues",
        label: "Queues",
        section: "Customer support",
        roles: ADMINS,
    },
    Page {
        path: "/agents",
        label: "Agents",
        section: "Customer support",
        roles: LEADS,
    },
    Page {
        path: "/users",
        label: "Users",
        section: "Customer support",
        roles: ADMINS,
    },
    Page {
        path: "/system",
        label: "System",
        section: "Customer support",
        roles: ADMINS,
    },
    Page {
        path: "/privacy",
        label: "Privacy",
        section: "Privacy and audit",
        roles: OVERSIGHT,
    },
    Page {
        path: "/audit",
        label: "Audit log",
        section: "Privacy and audit",
        roles: OVERSIGHT,
    },
    Page {
        path: "/preferences",
        label: "Preferences",
        section: "",
        roles: EVERYONE,
    },
];

/// The page a path belongs to (longest matching prefix), if any.
pub fn page_for(path: &str) -> Option<&'static Page> {
    PAGES
        .iter()
        .filter(|page| {
            path == page.path
                || (page.path != "/"
                    && path.starts_with(page.path)
                    && path[page.path.len()..].starts_with('/'))
        })
        .max_by_key(|page| page.path.len())
}

pub fn can_open(role: Role, path: &str) -> bool {
    page_for(path).is_some_and(|page| page.roles.contains(&role))
        // One conversation, read-only: auditors with a transcript grant (checked with the data).
        || (role == Role::Auditor && path.starts_with("/conversations/"))
}

/// The navigation a role sees.
pub fn navigation(role: Role) -> impl Iterator<Item = &'static Page> {
    PAGES.iter().filter(move |page| page.roles.contains(&role))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_cannot_open_admin_pages() {
        assert!(can_open(Role::Admin, "/users"));
        assert!(!can_open(Role::Agent, "/users"));
        assert!(!can_open(Role::Agent, "/users/7"));
        assert!(can_open(Role::Agent, "/"));
        assert!(can_open(Role::Auditor, "/audit"));
        assert!(can_open(Role::Auditor, "/conversations/7"));
        assert!(!can_open(Role::Auditor, "/conversations"));
        assert!(!can_open(Role::Supervisor, "/audit"));
        assert!(can_open(Role::Admin, "/channels/accounts/7"));
        assert!(!can_open(Role::Agent, "/channels/accounts"));
        assert!(can_open(Role::Auditor, "/privacy"));
        assert!(can_open(Role::Supervisor, "/insights/live"));
        assert!(!can_open(Role::Agent, "/insights/live"));
        assert!(!can_open(Role::Auditor, "/insights/live"));
        assert!(can_open(Role::Supervisor, "/insights/reports"));
        assert!(!can_open(Role::Agent, "/insights/reports"));
    }

    #[test]
    fn prefixes_match_whole_segments_only() {
        assert_eq!(page_for("/usersx"), None);
        assert_eq!(page_for("/users/3").map(|p| p.path), Some("/users"));
    }

    #[test]
    fn navigation_lists_only_allowed_pages() {
        let agent: Vec<_> = navigation(Role::Agent).map(|p| p.label).collect();
        assert_eq!(
            agent,
            vec![
                "Home",
                "Conversations",
                "Contacts",
                "History",
                "Preferences"
            ]
        );
    }
}

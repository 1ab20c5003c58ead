//! Rules about roles that every layer shares: what a withdrawal may not do.

super::messages::localized_error! {
    /// Why a role is not withdrawn.
    pub enum RoleError {
        /// An admin does not withdraw their own admin role.
        OwnAdminRole {
            code: "role.own_admin_role",
            en: "an admin cannot withdraw their own admin role",
            kk: "Өз әкімші рөліңізді қайтарып ала алмайсыз: мұны бөлімнің басқа әкімшісі жасайды.",
            ru: "Нельзя отозвать собственную роль администратора: это делает другой администратор отдела.",
        },
    }
}

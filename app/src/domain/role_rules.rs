//! Rules about roles that every layer shares: what a grant or a withdrawal may not do.

super::messages::localized_error! {
    /// Why a role is not granted or withdrawn.
    pub enum RoleError {
        /// An admin does not withdraw their own admin role.
        OwnAdminRole {
            code: "role.own_admin_role",
            en: "an admin cannot withdraw their own admin role",
            kk: "Өз әкімші рөліңізді қайтарып ала алмайсыз: мұны бөлімнің басқа әкімшісі жасайды.",
            ru: "Нельзя отозвать собственную роль администратора: это делает другой администратор отдела.",
        },
        /// A kindergarten holds at most `MAX_STAFF_PER_KINDERGARTEN` staff roles.
        TooManyStaff {
            code: "role.too_many_staff",
            en: "the kindergarten has the most staff roles it may hold",
            kk: "Балабақшада қызметкер рөлдерінің ең көп саны (200) берілген: алдымен қажетсіздерін қайтарып алыңыз.",
            ru: "У детского сада уже наибольшее число ролей сотрудников (200): сначала отзовите ненужные.",
        },
    }
}

//! Granting and reading staff/admin roles (by IIN).
use app::auth_model::Role;
use app::domain::AuditAction;
use app::domain::Iin;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

use super::entities::{departments, kindergartens, roles};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GrantError {
    #[error("not a valid IIN")]
    BadIin,
    #[error("unknown role (use staff, admin or region-admin)")]
    UnknownRole,
    #[error("a staff role needs --kindergarten ID")]
    StaffNeedsKindergarten,
    #[error("an admin role needs --department ID")]
    AdminNeedsDepartment,
    #[error("no kindergarten with that id")]
    NoSuchKindergarten,
    #[error("no department with that id")]
    NoSuchDepartment,
    #[error("database: {0}")]
    Db(String),
}

impl From<sea_orm::DbErr> for GrantError {
    fn from(e: sea_orm::DbErr) -> Self {
        GrantError::Db(e.to_string())
    }
}

impl From<GrantError> for app::error::AppError {
    fn from(e: GrantError) -> Self {
        match e {
            GrantError::NoSuchKindergarten | GrantError::NoSuchDepartment => Self::NotFound,
            GrantError::BadIin => Self::Invalid("request".into()),
            e => {
                tracing::error!(error = %e, "grant");
                Self::Unavailable
            }
        }
    }
}

/// Grants `role` (`staff` with a kindergarten, `admin` with a department) to the person with
/// `iin`; granting the same role twice changes nothing.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn grant(
    db: &DatabaseConnection,
    iin: &str,
    role: &str,
    kindergarten: Option<i32>,
    department: Option<i32>,
    granted_by: &str,
    now: i64,
) -> Result<Role, GrantError> {
    let iin = Iin::parse(iin)
        .map_err(|_| GrantError::BadIin)?
        .as_str()
        .to_string();
    // The department whose admins see the grant in their audit log.
    let mut audit_department = department;
    let role = match (role, kindergarten, department) {
        ("staff", Some(k), _) => {
            let kg = kindergartens::Entity::find_by_id(k)
                .one(db)
                .await?
                .ok_or(GrantError::NoSuchKindergarten)?;
            audit_department = Some(kg.department_id);
            Role::Staff { kindergarten_id: k }
        }
        ("staff", None, _) => return Err(GrantError::StaffNeedsKindergarten),
        ("admin", _, Some(d)) => {
            departments::Entity::find_by_id(d)
                .one(db)
                .await?
                .ok_or(GrantError::NoSuchDepartment)?;
            Role::Admin { department_id: d }
        }
        ("admin", _, None) => return Err(GrantError::AdminNeedsDepartment),
        ("region-admin", _, _) => Role::RegionAdmin,
        _ => return Err(GrantError::UnknownRole),
    };
    if roles_of(db, &iin).await?.contains(&role) {
        return Ok(role);
    }
    let iin_for_log = iin.clone();
    let (name, k, d) = match role {
        Role::Staff { kindergarten_id } => ("staff", Some(kindergarten_id), None),
        Role::Admin { department_id } => ("admin", None, Some(department_id)),
        Role::RegionAdmin => ("region-admin", None, None),
        // Never granted: the head's key makes the head (see `Role::Head`).
        Role::Head { .. } => return Err(GrantError::UnknownRole),
    };
    let txn = db.begin().await?;
    if role == Role::RegionAdmin {
        super::entities::region_admins::ActiveModel {
            iin: Set(iin),
            granted_at: Set(now),
            granted_by: Set(granted_by.chars().take(64).collect()),
        }
        .insert(&txn)
        .await?;
    } else {
        roles::ActiveModel {
            iin: Set(iin),
            role: Set(name.into()),
            kindergarten_id: Set(k),
            department_id: Set(d),
            granted_at: Set(now),
            granted_by: Set(granted_by.chars().take(64).collect()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    super::audit::record(
        &txn,
        super::audit::AuditEntry {
            department_id: audit_department,
            ..super::audit::entry(
                now,
                granted_by,
                AuditAction::RoleGranted,
                format!("person:{}", iin_for_log),
                serde_json::json!({ "role": name, "kindergarten": k, "department": d }).to_string(),
            )
        },
    )
    .await?;
    txn.commit().await?;
    super::audit::flush(db).await;
    Ok(role)
}

/// The kindergartens whose BIN is `bin` (one, as a rule: a BIN names one organisation).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn kindergartens_with_bin(
    db: &DatabaseConnection,
    bin: &str,
) -> Result<Vec<i32>, sea_orm::DbErr> {
    Ok(kindergartens::Entity::find()
        .filter(kindergartens::Column::Bin.eq(bin))
        .all(db)
        .await?
        .into_iter()
        .map(|k| k.id)
        .collect())
}

/// The roles of the person with `iin`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn roles_of(db: &DatabaseConnection, iin: &str) -> Result<Vec<Role>, sea_orm::DbErr> {
    let region = super::entities::region_admins::Entity::find_by_id(iin.to_string())
        .one(db)
        .await?
        .map(|_| Role::RegionAdmin);
    Ok(roles::Entity::find()
        .filter(roles::Column::Iin.eq(iin))
        .all(db)
        .await?
        .into_iter()
        .filter_map(
            |r| match (r.role.as_str(), r.kindergarten_id, r.department_id) {
                ("staff", Some(k), _) => Some(Role::Staff { kindergarten_id: k }),
                ("admin", _, Some(d)) => Some(Role::Admin { department_id: d }),
                _ => None,
            },
        )
        .chain(region)
        .collect())
}

/// Why a withdrawal is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WithdrawError {
    /// No such role in this department (or already withdrawn).
    #[error("no such role in this department")]
    NotFound,
    /// An admin does not withdraw their own admin role: the department would be left without
    /// anyone to run it by mistake.
    #[error("an admin cannot withdraw their own admin role")]
    OwnAdminRole,
    #[error("database: {0}")]
    Db(String),
}

impl From<sea_orm::DbErr> for WithdrawError {
    fn from(e: sea_orm::DbErr) -> Self {
        WithdrawError::Db(e.to_string())
    }
}

impl From<WithdrawError> for app::error::AppError {
    fn from(e: WithdrawError) -> Self {
        use app::domain::Localized;
        match e {
            WithdrawError::NotFound => Self::NotFound,
            WithdrawError::OwnAdminRole => {
                Self::Invalid(app::auth_model::RoleError::OwnAdminRole.code().into())
            }
            WithdrawError::Db(e) => {
                tracing::error!(error = %e, "database");
                Self::Unavailable
            }
        }
    }
}

/// Whose roles a withdrawal may touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithdrawScope {
    /// A department admin (or the region admin for that department): the department's admin
    /// roles and the staff roles of its kindergartens.
    Department(i32),
    /// A kindergarten's head: that kindergarten's staff roles only.
    Kindergarten(i32),
}

/// Withdraws role `role_id` if it lies in `scope`; audited as `role.withdrawn` under the
/// department it concerns. The person's next request already goes without it (roles are read
/// on every request).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn withdraw(
    db: &DatabaseConnection,
    role_id: i32,
    scope: WithdrawScope,
    by: &str,
    now: i64,
) -> Result<(), WithdrawError> {
    let row = roles::Entity::find_by_id(role_id)
        .one(db)
        .await?
        .ok_or(WithdrawError::NotFound)?;
    let staff_department = match (row.role.as_str(), row.kindergarten_id) {
        ("staff", Some(k)) => kindergartens::Entity::find_by_id(k)
            .one(db)
            .await?
            .map(|kg| kg.department_id),
        _ => None,
    };
    let department_id = match (scope, row.role.as_str()) {
        (WithdrawScope::Department(d), "staff") if staff_department == Some(d) => d,
        (WithdrawScope::Department(d), "admin") if row.department_id == Some(d) => d,
        (WithdrawScope::Kindergarten(k), "staff") if row.kindergarten_id == Some(k) => {
            staff_department.ok_or(WithdrawError::NotFound)?
        }
        _ => return Err(WithdrawError::NotFound),
    };
    if row.role == "admin" && row.iin == by {
        return Err(WithdrawError::OwnAdminRole);
    }
    let txn = db.begin().await?;
    let gone = roles::Entity::delete_many()
        .filter(roles::Column::Id.eq(role_id))
        .exec(&txn)
        .await?;
    if gone.rows_affected != 1 {
        return Err(WithdrawError::NotFound);
    }
    super::audit::record(
        &txn,
        super::audit::entry(
            now,
            by,
            AuditAction::RoleWithdrawn,
            format!("person:{}", row.iin),
            serde_json::json!({
                "role": row.role,
                "kindergarten": row.kindergarten_id,
                "department": row.department_id,
                "granted_by": row.granted_by,
                "granted_at": row.granted_at,
            })
            .to_string(),
        )
        .in_department(department_id),
    )
    .await?;
    txn.commit().await?;
    super::audit::flush(db).await;
    Ok(())
}

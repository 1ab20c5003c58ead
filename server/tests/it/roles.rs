//! Roles are granted by IIN (CLI `grant`, demo mode) and checked for what they need.
use server::db::roles::{GrantError, grant, roles_of};

async fn db() -> (sea_orm::DatabaseConnection, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "ekg-roles-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let config = server::config::Config::for_dir(&dir);
    let db = server::db::connect_and_migrate(&config).await.unwrap();
    server::demo::seed(&db).await.unwrap();
    (db, dir)
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[tokio::test]
async fn the_first_admin_is_granted_from_the_command_line_once() {
    use app::auth_model::Role;
    let (db, dir) = db().await;
    let iin = "900315401233";
    assert_eq!(
        grant(&db, iin, "admin", None, Some(1), "cli", 0)
            .await
            .unwrap(),
        Role::Admin { department_id: 1 }
    );
    assert_eq!(
        grant(&db, iin, "admin", None, Some(1), "cli", 0)
            .await
            .unwrap(),
        Role::Admin { department_id: 1 }
    );
    assert_eq!(
        roles_of(&db, iin).await.unwrap(),
        vec![Role::Admin { department_id: 1 }]
    );
    grant(&db, iin, "staff", Some(2), None, "cli", 0)
        .await
        .unwrap();
    assert_eq!(roles_of(&db, iin).await.unwrap().len(), 2);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_grant_that_does_not_make_sense_is_refused_with_its_reason() {
    let (db, dir) = db().await;
    let iin = "900315401233";
    assert_eq!(
        grant(&db, "123456789011", "admin", None, Some(1), "cli", 0).await,
        Err(GrantError::BadIin)
    );
    assert_eq!(
        grant(&db, iin, "owner", None, Some(1), "cli", 0).await,
        Err(GrantError::UnknownRole)
    );
    assert_eq!(
        grant(&db, iin, "staff", None, None, "cli", 0).await,
        Err(GrantError::StaffNeedsKindergarten)
    );
    assert_eq!(
        grant(&db, iin, "admin", Some(1), None, "cli", 0).await,
        Err(GrantError::AdminNeedsDepartment)
    );
    assert_eq!(
        grant(&db, iin, "staff", Some(999), None, "cli", 0).await,
        Err(GrantError::NoSuchKindergarten)
    );
    assert_eq!(
        grant(&db, iin, "admin", None, Some(999), "cli", 0).await,
        Err(GrantError::NoSuchDepartment)
    );
    assert!(
        roles_of(&db, iin).await.unwrap().is_empty(),
        "nothing was stored"
    );
    let _ = std::fs::remove_dir_all(dir);
}

//! The error every server function returns. Only codes travel to the browser, never
//! internal text; the browser shows the Kazakh or Russian message for the code.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The service cannot answer now (database down, overload); try again later.
    #[error("service unavailable")]
    Unavailable,
    /// The caller is not signed in.
    #[error("unauthenticated")]
    Unauthenticated,
    /// The caller may not do this or see this.
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Input rejected; the code names the rule (translated by the domain's messages).
    #[error("invalid input: {0}")]
    Invalid(String),
    /// The request never reached our code properly (network, encoding).
    #[error("transport")]
    Transport,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Transport,
            ServerFnErrorErr::Deserialization(_) | ServerFnErrorErr::Args(_) => {
                AppError::Invalid("request".into())
            }
            ServerFnErrorErr::MissingArg(_) => AppError::Invalid("request".into()),
            _ => AppError::Unavailable,
        }
    }
}

impl AppError {
    /// What the user reads.
    pub fn text(&self) -> Text {
        match self {
            AppError::Unavailable => Text::new(
                "Қызмет уақытша қолжетімсіз. Біраз уақыттан кейін қайталап көріңіз.",
                "Сервис временно недоступен. Попробуйте ещё раз чуть позже.",
            ),
            AppError::Unauthenticated => Text::new(
                "Жеке кабинетке ЭЦҚ арқылы кіріңіз.",
                "Войдите в личный кабинет с помощью ЭЦП.",
            ),
            AppError::Forbidden => Text::new(
                "Бұл әрекетке рұқсатыңыз жоқ.",
                "У вас нет прав на это действие.",
            ),
            AppError::NotFound => Text::new("Ештеңе табылмады.", "Ничего не найдено."),
            AppError::Invalid(code) => text_for_code(code).unwrap_or(Text::new(
                "Енгізілген деректерді тексеріңіз.",
                "Проверьте введённые данные.",
            )),
            AppError::Transport => Text::new(
                "Байланыс үзілді. Интернетті тексеріп, қайталап көріңіз.",
                "Связь прервалась. Проверьте интернет и попробуйте ещё раз.",
            ),
        }
    }
}

/// Both languages' texts of a localized error code value.
pub fn text_of<E: crate::domain::messages::Localized>(e: &E) -> Text {
    use crate::domain::Lang;
    Text::new(e.message(Lang::Kk), e.message(Lang::Ru))
}

fn find<E: crate::domain::messages::Localized>(all: &[E], code: &str) -> Option<Text> {
    all.iter().find(|e| e.code() == code).map(text_of)
}

/// The message of an error code sent by the server (`AppError::Invalid(code)`).
pub fn text_for_code(code: &str) -> Option<Text> {
    use crate::eds::{BerError, KeyFileError, SignError, VerifyError};
    find(crate::auth_model::AuthError::ALL, code)
        .or_else(|| find(VerifyError::ALL, code))
        .or_else(|| find(KeyFileError::ALL, code))
        .or_else(|| find(SignError::ALL, code))
        .or_else(|| find(BerError::ALL, code))
        .or_else(|| find(crate::eds::PartyError::ALL, code))
        .or_else(|| find(crate::eds::timestamp::TimestampError::ALL, code))
        .or_else(|| find(crate::api::SupportError::ALL, code))
        .or_else(|| find(crate::domain::QueueError::ALL, code))
        .or_else(|| find(crate::domain::ParenthoodError::ALL, code))
        .or_else(|| find(crate::domain::UploadError::ALL, code))
        .or_else(|| find(crate::domain::IinError::ALL, code))
        .or_else(|| find(crate::domain::PersonNameError::ALL, code))
        .or_else(|| find(crate::domain::ContractError::ALL, code))
        .or_else(|| find(crate::domain::TransitionError::ALL, code))
        .or_else(|| find(crate::domain::TemplateError::ALL, code))
        .or_else(|| find(crate::domain::mobile_sign::MobileSignError::ALL, code))
        .or_else(|| admin_text_for_code(code))
}

/// Texts of the codes only the administration pages meet. On the server they are always known;
/// in the browser a lazily loaded admin page registers them when it loads
/// ([`register_admin_texts`]), so a parent's first download does not carry them.
#[cfg(feature = "ssr")]
fn admin_text_for_code(code: &str) -> Option<Text> {
    admin_texts(code)
}

#[cfg(not(feature = "ssr"))]
fn admin_text_for_code(code: &str) -> Option<Text> {
    ADMIN_TEXTS.get().and_then(|texts| texts(code))
}

/// Set by the first admin page that loads: a pointer, so the texts stay in that page's chunk.
#[cfg(not(feature = "ssr"))]
static ADMIN_TEXTS: std::sync::OnceLock<fn(&str) -> Option<Text>> = std::sync::OnceLock::new();

/// The administration pages' error texts (tariffs, the registry, roles).
pub fn admin_texts(code: &str) -> Option<Text> {
    find(crate::domain::tariff::TariffError::ALL, code)
        .or_else(|| find(crate::domain::registry::RegistryError::ALL, code))
        .or_else(|| find(crate::auth_model::RoleError::ALL, code))
        .or_else(|| find(crate::domain::parenthood::DecisionError::ALL, code))
}

/// Called by the admin pages when they load (see [`admin_text_for_code`]).
#[inline(always)]
pub fn register_admin_texts() {
    #[cfg(not(feature = "ssr"))]
    let _ = ADMIN_TEXTS.set(admin_texts);
}

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
            AppError::Invalid(_) => Text::new(
                "Енгізілген деректерді тексеріңіз.",
                "Проверьте введённые данные.",
            ),
            AppError::Transport => Text::new(
                "Байланыс үзілді. Интернетті тексеріп, қайталап көріңіз.",
                "Связь прервалась. Проверьте интернет и попробуйте ещё раз.",
            ),
        }
    }
}

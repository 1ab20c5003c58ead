//! A status column stored as its stable text code (`sent_for_signing`, `active`, …) and read
//! back as the domain's own enum: `contracts.status` is a `Code<ContractStatus>`, never a
//! `String` to `parse` at every use. A row whose code this server does not know fails to load
//! with a type error (logged, «service unavailable») instead of being taken for another status.
use app::domain::{ContractStatus, ReferralStatus};
use sea_orm::sea_query::{
    ArrayType, ColumnType, Nullable, StringLen, Value, ValueType, ValueTypeErr,
};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable};

/// An enum stored as a text code.
pub trait StoredCode: Copy + 'static {
    /// The enum's name, for error messages.
    const NAME: &'static str;
    /// The stored code.
    fn code(self) -> &'static str;
    /// The value of a stored code, if it is one.
    fn from_code(code: &str) -> Option<Self>;
}

impl StoredCode for ContractStatus {
    const NAME: &'static str = "ContractStatus";
    fn code(self) -> &'static str {
        self.as_str()
    }
    fn from_code(code: &str) -> Option<Self> {
        ContractStatus::parse(code)
    }
}

impl StoredCode for ReferralStatus {
    const NAME: &'static str = "ReferralStatus";
    fn code(self) -> &'static str {
        self.as_str()
    }
    fn from_code(code: &str) -> Option<Self> {
        ReferralStatus::parse(code)
    }
}

/// A column holding a [`StoredCode`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Code<T>(pub T);

impl<T: StoredCode> From<Code<T>> for Value {
    fn from(c: Code<T>) -> Value {
        Value::String(Some(Box::new(c.0.code().to_owned())))
    }
}

impl<T: StoredCode> From<T> for Code<T> {
    fn from(value: T) -> Self {
        Code(value)
    }
}

impl<T: StoredCode> TryGetable for Code<T> {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        let text = String::try_get_by(res, idx)?;
        T::from_code(&text).map(Code).ok_or_else(|| {
            TryGetError::DbErr(DbErr::Type(format!("{}: unknown code {text:?}", T::NAME)))
        })
    }
}

impl<T: StoredCode> ValueType for Code<T> {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::String(Some(text)) => T::from_code(&text).map(Code).ok_or(ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }
    fn type_name() -> String {
        T::NAME.to_owned()
    }
    fn array_type() -> ArrayType {
        ArrayType::String
    }
    fn column_type() -> ColumnType {
        ColumnType::String(StringLen::None)
    }
}

impl<T: StoredCode> Nullable for Code<T> {
    fn null() -> Value {
        Value::String(None)
    }
}

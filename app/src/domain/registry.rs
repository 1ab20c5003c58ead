//! The kindergarten registry an education department imports (issue 26, item 1): departments,
//! their kindergartens and the kindergartens' groups, each kindergarten and group with a stable
//! external id (the department's own registry number), so importing the same file again
//! changes nothing and a corrected file updates in place.
//!
//! Two formats, one meaning (`docs/registry-example.csv`, `docs/registry-example.json`):
//! - CSV (UTF-8, comma-separated, RFC 4180 quoting, a header line): one line per group; the
//!   department and kindergarten columns repeat on each of its groups' lines (a kindergarten
//!   without groups: one line with the group columns empty). Columns: [`CSV_COLUMNS`].
//! - JSON: `{"departments": [{…, "kindergartens": [{…, "groups": [{…}]}]}]}` with the same
//!   field names.
//!
//! Every value is checked here (pure, no database): a rejected row names its line, its field and
//! the kk/ru message; the import applies nothing unless every row passes.
use serde::{Deserialize, Serialize};

use super::bin::Bin;
use super::kindergarten::Ownership;
use super::messages::Localized;

super::messages::localized_error! {
    /// Why a registry row is rejected.
    pub enum RegistryError {
        Missing {
            code: "registry.missing",
            en: "the value is required",
            kk: "Мән толтырылмаған.",
            ru: "Значение не заполнено.",
        },
        TooLong {
            code: "registry.too_long",
            en: "the value is too long or holds control characters",
            kk: "Мән тым ұзын немесе рұқсат етілмеген таңбалар бар (200 таңбаға дейін).",
            ru: "Значение слишком длинное или содержит недопустимые символы (до 200 символов).",
        },
        BadCode {
            code: "registry.bad_code",
            en: "the department and district codes are two digits each",
            kk: "Өңір мен аудан коды — екі цифрдан (мысалы, 01).",
            ru: "Код региона и района — две цифры (например, 01).",
        },
        BadExternalId {
            code: "registry.bad_external_id",
            en: "an external id is 1-64 letters, digits or . _ : -",
            kk: "Тіркелім нөмірі — 1–64 латын әрпі, цифр немесе . _ : - таңбалары.",
            ru: "Реестровый номер — 1–64 латинские буквы, цифры или символы . _ : -.",
        },
        BadOwnership {
            code: "registry.bad_ownership",
            en: "ownership is state or private",
            kk: "Меншік түрі: state (мемлекеттік) немесе private (жеке).",
            ru: "Форма собственности: state (государственный) или private (частный).",
        },
        BadFlag {
            code: "registry.bad_flag",
            en: "a yes/no value is 1 or 0 (true/false)",
            kk: "Иә/жоқ мәні: 1 немесе 0 (true/false).",
            ru: "Значение да/нет: 1 или 0 (true/false).",
        },
        BadAge {
            code: "registry.bad_age",
            en: "ages are whole years 0-7, from below to",
            kk: "Жас — 0-ден 7-ге дейінгі толық жыл, «бастап» «дейін»-нен кіші.",
            ru: "Возраст — полные годы от 0 до 7, «от» меньше «до».",
        },
        BadPlaces {
            code: "registry.bad_places",
            en: "places are a whole number 0-500",
            kk: "Орын саны — 0-ден 500-ге дейінгі бүтін сан.",
            ru: "Число мест — целое число от 0 до 500.",
        },
        BadBin {
            code: "registry.bad_bin",
            en: "the BIN is not valid (12 digits with a matching control digit)",
            kk: "БСН дұрыс емес: 12 цифр, соңғысы бақылау цифры. БСН-ді тексеріңіз.",
            ru: "БИН неверен: 12 цифр, последняя — контрольная. Проверьте БИН.",
        },
        BinRequired {
            code: "registry.bin_required",
            en: "a kindergarten with e-contracts needs its BIN",
            kk: "Электрондық шарт жасайтын балабақшаның БСН-і болуы керек: онсыз ол шартқа қол қоя алмайды.",
            ru: "У детского сада с электронными договорами должен быть БИН: без него он не сможет подписать договор.",
        },
        NoContractForm {
            code: "registry.no_contract_form",
            en: "a kindergarten takes e-contracts, paper ones, or both",
            kk: "Балабақша электрондық немесе қағаз шарт (не екеуін де) жасауы керек.",
            ru: "Детский сад должен заключать электронные или бумажные договоры (или оба вида).",
        },
        Inconsistent {
            code: "registry.inconsistent",
            en: "the same id has other values on an earlier line",
            kk: "Осы нөмірдің мәндері алдыңғы жолдағыдан өзгеше.",
            ru: "Значения с этим номером отличаются от указанных в предыдущей строке.",
        },
        Duplicate {
            code: "registry.duplicate",
            en: "the id appears twice",
            kk: "Бұл нөмір файлда екі рет кездеседі.",
            ru: "Этот номер встречается в файле дважды.",
        },
        BadFile {
            code: "registry.bad_file",
            en: "the file cannot be read as the registry CSV or JSON",
            kk: "Файлды тіркелім ретінде оқу мүмкін емес (CSV немесе JSON күтіледі, UTF-8).",
            ru: "Файл не читается как реестр (ожидается CSV или JSON в UTF-8).",
        },
    }
}

/// The CSV header, in this order.
pub const CSV_COLUMNS: [&str; 25] = [
    "department_code",
    "district_code",
    "region_kk",
    "region_ru",
    "department_name_kk",
    "department_name_ru",
    "place_kk",
    "place_ru",
    "kindergarten_id",
    "name_kk",
    "name_ru",
    "address_kk",
    "address_ru",
    "ownership",
    "bin",
    "e_contracts",
    "paper_allowed",
    "admission_age",
    "group_id",
    "group_name_kk",
    "group_name_ru",
    "age_from",
    "age_to",
    "places",
    "comment",
];

/// The most rows a file may hold (a region has a few thousand kindergartens).
pub const MAX_ROWS: usize = 100_000;

/// A rejected value: where, which field, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// 1-based line of the CSV (the header is line 1), or the JSON path's item number.
    pub line: usize,
    pub field: String,
    pub error: RegistryError,
}

impl Rejection {
    pub fn describe(&self) -> String {
        format!(
            "line {}, {}: {} / {}",
            self.line,
            self.field,
            self.error.message(super::lang::Lang::Kk),
            self.error.message(super::lang::Lang::Ru)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub line: usize,
    pub code: String,
    pub district_code: String,
    pub region_kk: String,
    pub region_ru: String,
    pub name_kk: String,
    pub name_ru: String,
    pub place_kk: String,
    pub place_ru: String,
    pub kindergartens: Vec<Kindergarten>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kindergarten {
    pub line: usize,
    pub external_id: String,
    pub name_kk: String,
    pub name_ru: String,
    pub address_kk: String,
    pub address_ru: String,
    pub ownership: Ownership,
    pub bin: Option<String>,
    pub e_contracts: bool,
    pub paper_allowed: bool,
    pub admission_age: u8,
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub line: usize,
    pub external_id: String,
    pub name_kk: String,
    pub name_ru: String,
    pub age_from: u8,
    pub age_to: u8,
    /// The group's places in total (free places follow the change, see the import).
    pub places: u32,
}

/// A whole registry file, every value checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Registry {
    pub departments: Vec<Department>,
}

// --- Raw records, as read from either format. ---

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepartment {
    #[serde(default, alias = "department_code")]
    code: String,
    #[serde(default)]
    district_code: String,
    #[serde(default)]
    region_kk: String,
    #[serde(default)]
    region_ru: String,
    #[serde(default, alias = "department_name_kk")]
    name_kk: String,
    #[serde(default, alias = "department_name_ru")]
    name_ru: String,
    #[serde(default)]
    place_kk: String,
    #[serde(default)]
    place_ru: String,
    #[serde(default)]
    kindergartens: Vec<RawKindergarten>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKindergarten {
    #[serde(default, alias = "kindergarten_id")]
    id: String,
    #[serde(default)]
    name_kk: String,
    #[serde(default)]
    name_ru: String,
    #[serde(default)]
    address_kk: String,
    #[serde(default)]
    address_ru: String,
    #[serde(default)]
    ownership: String,
    #[serde(default)]
    bin: String,
    #[serde(default)]
    e_contracts: serde_json::Value,
    #[serde(default)]
    paper_allowed: serde_json::Value,
    #[serde(default)]
    admission_age: serde_json::Value,
    #[serde(default)]
    groups: Vec<RawGroup>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    #[serde(default, alias = "group_id")]
    id: String,
    #[serde(default, alias = "group_name_kk")]
    name_kk: String,
    #[serde(default, alias = "group_name_ru")]
    name_ru: String,
    #[serde(default)]
    age_from: serde_json::Value,
    #[serde(default)]
    age_to: serde_json::Value,
    #[serde(default)]
    places: serde_json::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    departments: Vec<RawDepartment>,
}

/// A checker collecting rejections.
struct Check<'a> {
    rejected: &'a mut Vec<Rejection>,
    line: usize,
}

impl Check<'_> {
    fn reject(&mut self, field: &str, error: RegistryError) {
        self.rejected.push(Rejection {
            line: self.line,
            field: field.to_string(),
            error,
        });
    }

    fn text(&mut self, field: &str, v: &str) -> String {
        let v = v.trim();
        if v.is_empty() {
            self.reject(field, RegistryError::Missing);
        } else if v.chars().count() > 200 || v.chars().any(char::is_control) {
            self.reject(field, RegistryError::TooLong);
        }
        v.to_string()
    }

    fn code(&mut self, field: &str, v: &str) -> String {
        let v = v.trim();
        if v.len() != 2 || !v.bytes().all(|b| b.is_ascii_digit()) {
            self.reject(field, RegistryError::BadCode);
        }
        v.to_string()
    }

    fn external_id(&mut self, field: &str, v: &str) -> String {
        let v = v.trim();
        let ok = (1..=64).contains(&v.len())
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b));
        if !ok {
            self.reject(field, RegistryError::BadExternalId);
        }
        v.to_string()
    }

    fn flag(&mut self, field: &str, v: &serde_json::Value) -> bool {
        let s = scalar(v).to_lowercase();
        match s.as_str() {
            "1" | "true" | "yes" | "иә" | "да" => true,
            "0" | "false" | "no" | "жоқ" | "нет" => false,
            _ => {
                self.reject(field, RegistryError::BadFlag);
                false
            }
        }
    }

    fn number(
        &mut self,
        field: &str,
        v: &serde_json::Value,
        max: u32,
        error: RegistryError,
    ) -> u32 {
        match scalar(v).parse::<u32>() {
            Ok(n) if n <= max => n,
            _ => {
                self.reject(field, error);
                0
            }
        }
    }
}

/// A JSON scalar as text (CSV values arrive as strings, JSON ones may be numbers or booleans).
fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.trim().to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        _ => String::new(),
    }
}

fn check_department(raw: RawDepartment, line: usize, rejected: &mut Vec<Rejection>) -> Department {
    let mut c = Check { rejected, line };
    Department {
        line,
        code: c.code("department_code", &raw.code),
        district_code: c.code("district_code", &raw.district_code),
        region_kk: c.text("region_kk", &raw.region_kk),
        region_ru: c.text("region_ru", &raw.region_ru),
        name_kk: c.text("department_name_kk", &raw.name_kk),
        name_ru: c.text("department_name_ru", &raw.name_ru),
        place_kk: c.text("place_kk", &raw.place_kk),
        place_ru: c.text("place_ru", &raw.place_ru),
        kindergartens: Vec::new(),
    }
}

fn check_kindergarten(
    raw: RawKindergarten,
    line: usize,
    rejected: &mut Vec<Rejection>,
) -> Kindergarten {
    let mut c = Check { rejected, line };
    let ownership = match raw.ownership.trim().to_lowercase().as_str() {
        "state" | "мемлекеттік" | "государственный" => Ownership::State,
        "private" | "жеке" | "частный" => Ownership::Private,
        _ => {
            c.reject("ownership", RegistryError::BadOwnership);
            Ownership::State
        }
    };
    let e_contracts = c.flag("e_contracts", &raw.e_contracts);
    let paper_allowed = c.flag("paper_allowed", &raw.paper_allowed);
    if !e_contracts && !paper_allowed {
        c.reject("paper_allowed", RegistryError::NoContractForm);
    }
    let bin = raw.bin.trim();
    let bin = if bin.is_empty() {
        if e_contracts {
            c.reject("bin", RegistryError::BinRequired);
        }
        None
    } else {
        match Bin::parse(bin) {
            Ok(b) => Some(b.as_str().to_string()),
            Err(_) => {
                c.reject("bin", RegistryError::BadBin);
                None
            }
        }
    };
    let admission_age = c.number(
        "admission_age",
        &raw.admission_age,
        6,
        RegistryError::BadAge,
    ) as u8;
    Kindergarten {
        line,
        external_id: c.external_id("kindergarten_id", &raw.id),
        name_kk: c.text("name_kk", &raw.name_kk),
        name_ru: c.text("name_ru", &raw.name_ru),
        address_kk: c.text("address_kk", &raw.address_kk),
        address_ru: c.text("address_ru", &raw.address_ru),
        ownership,
        bin,
        e_contracts,
        paper_allowed,
        admission_age,
        groups: Vec::new(),
    }
}

fn check_group(raw: RawGroup, line: usize, rejected: &mut Vec<Rejection>) -> Group {
    let mut c = Check { rejected, line };
    let age_from = c.number("age_from", &raw.age_from, 7, RegistryError::BadAge) as u8;
    let age_to = c.number("age_to", &raw.age_to, 7, RegistryError::BadAge) as u8;
    if age_from >= age_to {
        c.reject("age_to", RegistryError::BadAge);
    }
    Group {
        line,
        external_id: c.external_id("group_id", &raw.id),
        name_kk: c.text("group_name_kk", &raw.name_kk),
        name_ru: c.text("group_name_ru", &raw.name_ru),
        age_from,
        age_to,
        places: c.number("places", &raw.places, 500, RegistryError::BadPlaces),
    }
}

/// Checks ids are unique across the file.
fn check_unique(reg: &Registry, rejected: &mut Vec<Rejection>) {
    let mut deps = std::collections::HashSet::new();
    let mut kgs = std::collections::HashSet::new();
    let mut groups = std::collections::HashSet::new();
    for d in &reg.departments {
        if !deps.insert((d.code.clone(), d.district_code.clone())) {
            rejected.push(Rejection {
                line: d.line,
                field: "department_code".into(),
                error: RegistryError::Duplicate,
            });
        }
        for k in &d.kindergartens {
            if !kgs.insert(k.external_id.clone()) {
                rejected.push(Rejection {
                    line: k.line,
                    field: "kindergarten_id".into(),
                    error: RegistryError::Duplicate,
                });
            }
            for g in &k.groups {
                if !groups.insert(g.external_id.clone()) {
                    rejected.push(Rejection {
                        line: g.line,
                        field: "group_id".into(),
                        error: RegistryError::Duplicate,
                    });
                }
            }
        }
    }
}

/// Reads the JSON form. A rejection's `line` is the record's number in document order
/// (departments, kindergartens and groups counted together, from 1).
pub fn parse_json(text: &str) -> Result<Registry, Vec<Rejection>> {
    let raw: RawFile = serde_json::from_str(text).map_err(|e| {
        vec![Rejection {
            line: e.line(),
            field: "json".into(),
            error: RegistryError::BadFile,
        }]
    })?;
    let mut rejected = Vec::new();
    let mut reg = Registry::default();
    let mut n = 0usize;
    for mut rd in raw.departments {
        n += 1;
        let raw_kgs = std::mem::take(&mut rd.kindergartens);
        let mut d = check_department(rd, n, &mut rejected);
        for mut rk in raw_kgs {
            n += 1;
            let raw_groups = std::mem::take(&mut rk.groups);
            let mut k = check_kindergarten(rk, n, &mut rejected);
            for rg in raw_groups {
                n += 1;
                k.groups.push(check_group(rg, n, &mut rejected));
            }
            d.kindergartens.push(k);
        }
        reg.departments.push(d);
        if n > MAX_ROWS {
            return Err(vec![Rejection {
                line: n,
                field: "rows".into(),
                error: RegistryError::BadFile,
            }]);
        }
    }
    check_unique(&reg, &mut rejected);
    if rejected.is_empty() {
        Ok(reg)
    } else {
        Err(rejected)
    }
}

/// Splits CSV text into records of fields (RFC 4180: quotes, doubled quotes, commas and line
/// breaks inside quotes); each record with the line it starts on.
fn csv_records(text: &str) -> Result<Vec<(usize, Vec<String>)>, Rejection> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1usize;
    let mut start = 1usize;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match ch {
            '"' if field.is_empty() => quoted = true,
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                if !(fields.len() == 1 && fields[0].is_empty()) {
                    out.push((start, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                start = line;
                if out.len() > MAX_ROWS {
                    return Err(Rejection {
                        line,
                        field: "rows".into(),
                        error: RegistryError::BadFile,
                    });
                }
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(Rejection {
            line: start,
            field: "csv".into(),
            error: RegistryError::BadFile,
        });
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((start, fields));
    }
    Ok(out)
}

/// Reads the CSV form (see the module doc).
pub fn parse_csv(text: &str) -> Result<Registry, Vec<Rejection>> {
    let records = csv_records(text).map_err(|r| vec![r])?;
    let Some(((_, header), rows)) = records.split_first() else {
        return Err(vec![Rejection {
            line: 1,
            field: "header".into(),
            error: RegistryError::BadFile,
        }]);
    };
    let header: Vec<&str> = header.iter().map(|h| h.trim()).collect();
    if header != CSV_COLUMNS {
        return Err(vec![Rejection {
            line: 1,
            field: "header".into(),
            error: RegistryError::BadFile,
        }]);
    }
    let mut rejected = Vec::new();
    let mut reg = Registry::default();
    for (line, values) in rows {
        let line = *line;
        if values.len() != CSV_COLUMNS.len() {
            rejected.push(Rejection {
                line,
                field: "columns".into(),
                error: RegistryError::BadFile,
            });
            continue;
        }
        let v = |name: &str| -> String {
            let i = CSV_COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
            values[i].clone()
        };
        let j = |name: &str| serde_json::Value::String(v(name));
        let d = check_department(
            RawDepartment {
                code: v("department_code"),
                district_code: v("district_code"),
                region_kk: v("region_kk"),
                region_ru: v("region_ru"),
                name_kk: v("department_name_kk"),
                name_ru: v("department_name_ru"),
                place_kk: v("place_kk"),
                place_ru: v("place_ru"),
                kindergartens: Vec::new(),
            },
            line,
            &mut rejected,
        );
        let k = check_kindergarten(
            RawKindergarten {
                id: v("kindergarten_id"),
                name_kk: v("name_kk"),
                name_ru: v("name_ru"),
                address_kk: v("address_kk"),
                address_ru: v("address_ru"),
                ownership: v("ownership"),
                bin: v("bin"),
                e_contracts: j("e_contracts"),
                paper_allowed: j("paper_allowed"),
                admission_age: j("admission_age"),
                groups: Vec::new(),
            },
            line,
            &mut rejected,
        );
        let group_cols = [
            "group_id",
            "group_name_kk",
            "group_name_ru",
            "age_from",
            "age_to",
            "places",
        ];
        let group = if group_cols.iter().all(|c| v(c).trim().is_empty()) {
            None
        } else {
            Some(check_group(
                RawGroup {
                    id: v("group_id"),
                    name_kk: v("group_name_kk"),
                    name_ru: v("group_name_ru"),
                    age_from: j("age_from"),
                    age_to: j("age_to"),
                    places: j("places"),
                },
                line,
                &mut rejected,
            ))
        };
        // The department and kindergarten repeat on each group's line: the same values.
        let di = match reg
            .departments
            .iter()
            .position(|x| x.code == d.code && x.district_code == d.district_code)
        {
            Some(i) => {
                let x = &reg.departments[i];
                if (
                    &x.region_kk,
                    &x.region_ru,
                    &x.name_kk,
                    &x.name_ru,
                    &x.place_kk,
                    &x.place_ru,
                ) != (
                    &d.region_kk,
                    &d.region_ru,
                    &d.name_kk,
                    &d.name_ru,
                    &d.place_kk,
                    &d.place_ru,
                ) {
                    rejected.push(Rejection {
                        line,
                        field: "department_code".into(),
                        error: RegistryError::Inconsistent,
                    });
                }
                i
            }
            None => {
                reg.departments.push(d);
                reg.departments.len() - 1
            }
        };
        let dep = &mut reg.departments[di];
        let ki = match dep
            .kindergartens
            .iter()
            .position(|x| x.external_id == k.external_id)
        {
            Some(i) => {
                let mut same = dep.kindergartens[i].clone();
                same.groups.clear();
                same.line = line;
                if same != k {
                    rejected.push(Rejection {
                        line,
                        field: "kindergarten_id".into(),
                        error: RegistryError::Inconsistent,
                    });
                }
                i
            }
            None => {
                dep.kindergartens.push(k);
                dep.kindergartens.len() - 1
            }
        };
        if let Some(g) = group {
            dep.kindergartens[ki].groups.push(g);
        }
    }
    check_unique(&reg, &mut rejected);
    if rejected.is_empty() {
        Ok(reg)
    } else {
        Err(rejected)
    }
}

/// A kindergarten as the admin types it on `/admin/kindergartens` (same rules as the registry;
/// a kindergarten made by hand has no registry number).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindergartenForm {
    pub name_kk: String,
    pub name_ru: String,
    pub address_kk: String,
    pub address_ru: String,
    pub ownership: String,
    pub bin: String,
    pub e_contracts: bool,
    pub paper_allowed: bool,
    pub admission_age: String,
}

/// Checks the admin's form; the first problem's error (with its field) otherwise.
pub fn check_form(f: &KindergartenForm) -> Result<Kindergarten, Rejection> {
    let mut rejected = Vec::new();
    let raw = RawKindergarten {
        id: "by-hand".into(),
        name_kk: f.name_kk.clone(),
        name_ru: f.name_ru.clone(),
        address_kk: f.address_kk.clone(),
        address_ru: f.address_ru.clone(),
        ownership: f.ownership.clone(),
        bin: f.bin.clone(),
        e_contracts: serde_json::Value::Bool(f.e_contracts),
        paper_allowed: serde_json::Value::Bool(f.paper_allowed),
        admission_age: serde_json::Value::String(f.admission_age.clone()),
        groups: Vec::new(),
    };
    let k = check_kindergarten(raw, 1, &mut rejected);
    match rejected.into_iter().next() {
        Some(r) => Err(r),
        None => Ok(k),
    }
}

/// Checks the region administrator's new department (the registry's rules); the first problem
/// otherwise. Takes the form's plain fields, so the domain stays free of UI types.
pub fn check_department_fields(
    code: &str,
    district_code: &str,
    region: (&str, &str),
    name: (&str, &str),
    place: (&str, &str),
) -> Result<Department, Rejection> {
    let mut rejected = Vec::new();
    let raw = RawDepartment {
        code: code.into(),
        district_code: district_code.into(),
        region_kk: region.0.into(),
        region_ru: region.1.into(),
        name_kk: name.0.into(),
        name_ru: name.1.into(),
        place_kk: place.0.into(),
        place_ru: place.1.into(),
        kindergartens: Vec::new(),
    };
    let d = check_department(raw, 1, &mut rejected);
    match rejected.into_iter().next() {
        Some(r) => Err(r),
        None => Ok(d),
    }
}

/// Reads a registry file by its content: JSON if it starts with `{`, else CSV.
pub fn parse(text: &str) -> Result<Registry, Vec<Rejection>> {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        parse_json(text)
    } else {
        parse_csv(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> String {
        CSV_COLUMNS.join(",")
    }

    fn row(
        kg: &str,
        bin: &str,
        e: &str,
        group: &str,
        from: &str,
        to: &str,
        places: &str,
    ) -> String {
        let bin_ok = crate::domain::bin::test_values::make_bin("990640", 1);
        let bin = if bin == "ok" { bin_ok.as_str() } else { bin };
        format!(
            "01,02,Қарағанды облысы,Карагандинская область,Білім бөлімі,\"Отдел образования, Актау\",Ақтау,Актау,{kg},№1 балабақша,Детский сад №1,Ақтау к. 1,пос. Актау 1,state,{bin},{e},1,1,{group},Күншуақ,Солнышко,{from},{to},{places},"
        )
    }

    #[test]
    fn a_csv_with_repeated_kindergarten_columns_reads_as_one_kindergarten_with_its_groups() {
        let text = format!(
            "{}\n{}\n{}\n",
            header(),
            row("KG-1", "ok", "1", "G-1", "1", "3", "20"),
            row("KG-1", "ok", "1", "G-2", "3", "5", "25")
        );
        let reg = parse(&text).unwrap();
        assert_eq!(reg.departments.len(), 1);
        assert_eq!(reg.departments[0].name_ru, "Отдел образования, Актау");
        let k = &reg.departments[0].kindergartens[0];
        assert_eq!(k.groups.len(), 2);
        assert_eq!(k.groups[1].places, 25);
        assert!(k.e_contracts && k.bin.is_some());
    }

    #[test]
    fn every_bad_value_is_reported_with_its_line_and_field_and_nothing_is_returned() {
        let text = format!(
            "{}\n{}\n{}\n{}\n",
            header(),
            row("KG-1", "123456789012", "1", "G-1", "1", "3", "20"),
            row("KG-2", "", "1", "G-2", "5", "3", "9000"),
            row("KG 3", "ok", "maybe", "G-3", "1", "3", "1"),
        );
        let err = parse(&text).unwrap_err();
        let has = |line: usize, field: &str| {
            err.iter()
                .any(|r| r.line == line && r.field.starts_with(field))
        };
        assert!(has(2, "bin"), "{err:?}");
        assert!(
            has(3, "bin") && has(3, "age_to") && has(3, "places"),
            "{err:?}"
        );
        assert!(
            has(4, "kindergarten_id") && has(4, "e_contracts"),
            "{err:?}"
        );
        assert!(err.iter().all(|r| !r.describe().is_empty()));
    }

    #[test]
    fn the_same_kindergarten_with_other_values_or_a_repeated_group_id_is_refused() {
        let mut second = row("KG-1", "ok", "1", "G-1", "1", "3", "20");
        second = second.replace("Ақтау к. 1", "Ақтау к. 2");
        let text = format!(
            "{}\n{}\n{}\n",
            header(),
            row("KG-1", "ok", "1", "G-1", "1", "3", "20"),
            second
        );
        let err = parse(&text).unwrap_err();
        assert!(
            err.iter()
                .any(|r| r.line == 3 && r.error == RegistryError::Inconsistent),
            "{err:?}"
        );
        assert!(
            err.iter().any(|r| r.error == RegistryError::Duplicate),
            "{err:?}"
        );
    }

    #[test]
    fn json_and_csv_of_the_same_registry_read_the_same() {
        let bin = crate::domain::bin::test_values::make_bin("990640", 1);
        let json = format!(
            r#"{{"departments":[{{"code":"01","district_code":"02","region_kk":"Қарағанды облысы","region_ru":"Карагандинская область","name_kk":"Білім бөлімі","name_ru":"Отдел образования, Актау","place_kk":"Ақтау","place_ru":"Актау",
              "kindergartens":[{{"id":"KG-1","name_kk":"№1 балабақша","name_ru":"Детский сад №1","address_kk":"Ақтау к. 1","address_ru":"пос. Актау 1","ownership":"state","bin":"{bin}","e_contracts":true,"paper_allowed":1,"admission_age":1,
                "groups":[{{"id":"G-1","name_kk":"Күншуақ","name_ru":"Солнышко","age_from":1,"age_to":3,"places":20}}]}}]}}]}}"#
        );
        let csv = format!(
            "{}\n{}\n",
            header(),
            row("KG-1", "ok", "1", "G-1", "1", "3", "20")
        );
        let (a, b) = (parse(&json).unwrap(), parse(&csv).unwrap());
        let strip = |mut r: Registry| {
            for d in &mut r.departments {
                d.line = 0;
                for k in &mut d.kindergartens {
                    k.line = 0;
                    for g in &mut k.groups {
                        g.line = 0;
                    }
                }
            }
            r
        };
        assert_eq!(strip(a), strip(b));
        let err = parse(r#"{"departments":[{"code":"01","extra":1}]}"#).unwrap_err();
        assert_eq!(err[0].error, RegistryError::BadFile);
    }

    #[test]
    fn the_admins_form_follows_the_registry_rules() {
        let mut f = KindergartenForm {
            name_kk: "№9 балабақша".into(),
            name_ru: "Детский сад №9".into(),
            address_kk: "Ақтау к., 9".into(),
            address_ru: "пос. Актау, 9".into(),
            ownership: "private".into(),
            bin: crate::domain::bin::test_values::make_bin("990640", 7),
            e_contracts: true,
            paper_allowed: false,
            admission_age: "2".into(),
        };
        assert_eq!(check_form(&f).unwrap().ownership, Ownership::Private);
        f.bin.clear();
        assert_eq!(
            check_form(&f).unwrap_err().error,
            RegistryError::BinRequired
        );
        f.e_contracts = false;
        assert_eq!(
            check_form(&f).unwrap_err().error,
            RegistryError::NoContractForm
        );
        f.paper_allowed = true;
        f.admission_age = "9".into();
        assert_eq!(check_form(&f).unwrap_err().field, "admission_age");
    }

    #[test]
    fn a_wrong_header_an_open_quote_or_a_short_line_is_a_bad_file() {
        assert_eq!(parse("a,b\n1,2\n").unwrap_err()[0].field, "header");
        let open = format!("{}\n\"unterminated,", header());
        assert_eq!(parse(&open).unwrap_err()[0].error, RegistryError::BadFile);
        let short = format!("{}\n01,02\n", header());
        assert_eq!(parse(&short).unwrap_err()[0].field, "columns");
    }
}

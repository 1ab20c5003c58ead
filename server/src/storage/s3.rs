//! [`S3DocumentStore`]: documents as objects in an S3-compatible bucket (AWS S3, MinIO,
//! Ceph RGW, Garage, …), through the `object_store` crate.
//!
//! Each document is one object named by its key at the root of the bucket (`<bucket>/<key>`).
//! A `put` is a single `PutObject`, which S3 makes atomic: readers see the old object or the
//! new one, never a part. Requests use path-style addressing (`<endpoint>/<bucket>/<key>`),
//! which every S3-compatible server understands.
use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, RetryConfig};

use super::{DocumentKey, DocumentStore, StorageError, StoredDocument};

/// Region used when the storage URL names none (what MinIO and most others expect).
pub const DEFAULT_REGION: &str = "us-east-1";

/// Where and how to reach the bucket. Built from a storage URL by [`S3Settings::from_url`] or
/// directly (tests).
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    /// Bucket name (it must exist: this store never creates it).
    pub bucket: String,
    /// Base URL of the S3 API, e.g. `http://127.0.0.1:9000`; `None` means AWS itself.
    pub endpoint: Option<String>,
    /// Signing region.
    pub region: String,
    /// Whether a plain-`http://` endpoint is allowed.
    pub allow_http: bool,
    /// `AWS_ACCESS_KEY_ID`.
    pub access_key_id: String,
    /// `AWS_SECRET_ACCESS_KEY`.
    pub secret_access_key: String,
    /// `AWS_SESSION_TOKEN`, for temporary credentials.
    pub session_token: Option<String>,
}

impl fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("allow_http", &self.allow_http)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl S3Settings {
    /// Parses `s3://BUCKET[?endpoint=URL][&region=REGION][&allow_http=true|false]`, taking
    /// the credentials from `env` (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional
    /// `AWS_SESSION_TOKEN`; pass `|k| std::env::var(k).ok()` for the real environment).
    ///
    /// Refused, so that a typo fails at startup rather than at the first upload: an unknown
    /// or repeated parameter, a path or credentials in the URL, an invalid bucket name, an
    /// endpoint that is not an `http(s)://` URL, an `http://` endpoint without
    /// `allow_http=true`, and missing credentials (this store never falls back to the EC2
    /// instance-metadata service).
    pub fn from_url(url: &str, env: impl Fn(&str) -> Option<String>) -> Result<Self, StorageError> {
        let bad = |why: &str| StorageError::Unavailable(format!("storage URL: {why}"));
        let parsed = url::Url::parse(url).map_err(|e| bad(&e.to_string()))?;
        if parsed.scheme() != "s3" {
            return Err(bad("an S3 URL starts with s3://"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(bad(
                "credentials do not belong in the URL: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
            ));
        }
        if parsed.port().is_some() {
            return Err(bad("s3://BUCKET takes no port: put it in endpoint=..."));
        }
        if !matches!(parsed.path(), "" | "/") || parsed.fragment().is_some() {
            return Err(bad(
                "s3://BUCKET takes no path (object prefixes are not supported)",
            ));
        }
        let bucket = parsed.host_str().unwrap_or_default().to_owned();
        if !is_valid_bucket(&bucket) {
            return Err(bad(&format!(
                "invalid bucket name {bucket:?} (3-63 of a-z 0-9 . -, starting and ending with a letter or digit)"
            )));
        }

        let (mut endpoint, mut region, mut allow_http) = (None, None, None);
        for (name, value) in parsed.query_pairs() {
            let slot = match name.as_ref() {
                "endpoint" => &mut endpoint,
                "region" => &mut region,
                "allow_http" => &mut allow_http,
                other => {
                    return Err(bad(&format!(
                        "unknown parameter {other:?} (known: endpoint, region, allow_http)"
                    )));
                }
            };
            if slot.replace(value.into_owned()).is_some() {
                return Err(bad(&format!("parameter {name:?} given twice")));
            }
        }
        let allow_http = match allow_http.as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(bad(&format!(
                    "allow_http must be true or false, not {other:?}"
                )));
            }
        };
        if let Some(endpoint) = &endpoint {
            let e = url::Url::parse(endpoint).map_err(|e| bad(&format!("endpoint: {e}")))?;
            match e.scheme() {
                "https" => {}
                "http" if allow_http => {}
                "http" => return Err(bad("an http:// endpoint needs allow_http=true")),
                _ => return Err(bad("the endpoint must be an http:// or https:// URL")),
            }
            if e.host_str().is_none_or(str::is_empty) {
                return Err(bad("the endpoint has no host"));
            }
        }
        let region = match region {
            Some(r) if r.is_empty() => return Err(bad("empty region")),
            Some(r) => r,
            None => DEFAULT_REGION.to_owned(),
        };

        let var = |k: &str| env(k).filter(|v| !v.is_empty());
        let (Some(access_key_id), Some(secret_access_key)) =
            (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY"))
        else {
            return Err(StorageError::Unavailable(
                "S3 storage needs the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables".into(),
            ));
        };
        Ok(Self {
            bucket,
            endpoint,
            region,
            allow_http,
            access_key_id,
            secret_access_key,
            session_token: var("AWS_SESSION_TOKEN"),
        })
    }
}

/// S3's bucket naming rules (the DNS-compatible subset every implementation accepts).
fn is_valid_bucket(name: &str) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    (3..=63).contains(&name.len())
        && name.bytes().all(|b| alnum(b) || b == b'-' || b == b'.')
        && name.bytes().next().is_some_and(alnum)
        && name.bytes().last().is_some_and(alnum)
        && !name.contains("..")
}

/// A [`DocumentStore`] in an S3-compatible bucket.
#[derive(Debug)]
pub struct S3DocumentStore {
    store: AmazonS3,
    description: String,
}

impl S3DocumentStore {
    /// A store for `settings`. Makes no request: use [`DocumentStore::prepare`] to check that
    /// the bucket is reachable.
    pub fn new(settings: S3Settings) -> Result<Self, StorageError> {
        let description = format!(
            "S3 bucket {} at {} (region {})",
            settings.bucket,
            settings.endpoint.as_deref().unwrap_or("AWS"),
            settings.region
        );
        let client = ClientOptions::new()
            .with_allow_http(settings.allow_http)
            .with_connect_timeout(Duration::from_secs(5))
            .with_timeout(Duration::from_secs(120));
        let retry = RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(60),
            ..RetryConfig::default()
        };
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.secret_access_key)
            .with_virtual_hosted_style_request(false)
            .with_client_options(client)
            .with_retry(retry);
        if let Some(endpoint) = &settings.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        if let Some(token) = &settings.session_token {
            builder = builder.with_token(token);
        }
        let store = builder
            .build()
            .map_err(|e| StorageError::Unavailable(format!("S3 configuration: {e}")))?;
        Ok(Self { store, description })
    }

    fn path_of(key: &DocumentKey) -> ObjectPath {
        ObjectPath::from(key.as_str())
    }
}

/// Any object-store failure other than "not found" means the backend is not usable.
fn unavailable(e: object_store::Error) -> StorageError {
    StorageError::Unavailable(e.to_string())
}

/// S3 answers 404 both for a missing object and for a missing bucket; only the first is a
/// missing document.
fn is_missing_bucket(e: &object_store::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.to_string().contains("NoSuchBucket") {
            return true;
        }
        source = err.source();
    }
    false
}

#[async_trait]
impl DocumentStore for S3DocumentStore {
    async fn put(&self, key: &DocumentKey, bytes: Bytes) -> Result<(), StorageError> {
        self.store
            .put(&Self::path_of(key), bytes.into())
            .await
            .map(|_| ())
            .map_err(unavailable)
    }

    async fn get(&self, key: &DocumentKey) -> Result<Option<Bytes>, StorageError> {
        let result = match self.store.get(&Self::path_of(key)).await {
            Ok(result) => result,
            Err(e @ object_store::Error::NotFound { .. }) if is_missing_bucket(&e) => {
                return Err(unavailable(e));
            }
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(unavailable(e)),
        };
        result.bytes().await.map(Some).map_err(unavailable)
    }

    async fn delete(&self, key: &DocumentKey) -> Result<(), StorageError> {
        match self.store.delete(&Self::path_of(key)).await {
            Ok(()) => Ok(()),
            Err(e @ object_store::Error::NotFound { .. }) if is_missing_bucket(&e) => {
                Err(unavailable(e))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn list(&self) -> Result<Vec<StoredDocument>, StorageError> {
        use futures_util::TryStreamExt;
        let mut objects = self.store.list(None);
        let mut found = Vec::new();
        while let Some(meta) = objects.try_next().await.map_err(unavailable)? {
            if let Ok(key) = DocumentKey::parse(meta.location.as_ref()) {
                found.push(StoredDocument {
                    key,
                    modified: meta.last_modified.into(),
                });
            }
        }
        Ok(found)
    }

    fn describe(&self) -> String {
        self.description.clone()
    }

    /// Lists one (empty) prefix of the bucket: fails if the endpoint is down, the credentials
    /// are refused or the bucket does not exist.
    async fn prepare(&self) -> Result<(), StorageError> {
        let probe = ObjectPath::from("ekg-startup-probe");
        self.store
            .list_with_delimiter(Some(&probe))
            .await
            .map(|_| ())
            .map_err(|e| StorageError::Unavailable(format!("{}: {e}", self.description)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::contract::store_contract;
    use crate::storage::moto::MotoServer;

    fn creds(k: &str) -> Option<String> {
        match k {
            "AWS_ACCESS_KEY_ID" => Some("AKIDEXAMPLE".into()),
            "AWS_SECRET_ACCESS_KEY" => Some("secret".into()),
            _ => None,
        }
    }

    #[test]
    fn parses_a_full_url() {
        let s = S3Settings::from_url(
            "s3://contracts-1?endpoint=http://127.0.0.1:9000&region=eu-central-1&allow_http=true",
            creds,
        )
        .unwrap();
        assert_eq!(s.bucket, "contracts-1");
        assert_eq!(s.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(s.region, "eu-central-1");
        assert!(s.allow_http);
        assert_eq!(s.access_key_id, "AKIDEXAMPLE");
        assert_eq!(s.secret_access_key, "secret");
        assert_eq!(s.session_token, None);
        assert!(
            !format!("{s:?}").contains("secret\""),
            "secret leaked in Debug"
        );
        let store = S3DocumentStore::new(s).unwrap();
        assert_eq!(
            store.describe(),
            "S3 bucket contracts-1 at http://127.0.0.1:9000 (region eu-central-1)"
        );
    }

    #[test]
    fn defaults_to_aws_https_and_us_east_1() {
        let s = S3Settings::from_url("s3://my.bucket", creds).unwrap();
        assert_eq!(
            (s.endpoint, s.region.as_str(), s.allow_http),
            (None, "us-east-1", false)
        );
        // A percent-encoded endpoint is decoded.
        let s = S3Settings::from_url(
            "s3://b12?endpoint=https%3A%2F%2Fs3.example.org%3A8443",
            creds,
        )
        .unwrap();
        assert_eq!(s.endpoint.as_deref(), Some("https://s3.example.org:8443"));
    }

    #[test]
    fn refuses_bad_urls() {
        for url in [
            "s3://",
            "s3://ab",
            "s3://Upper",
            "s3://bucket/prefix",
            "s3://bucket:9000",
            "s3://key:secret@bucket",
            "s3://bucket?endpoint=http://127.0.0.1:9000",
            "s3://bucket?endpoint=ftp://127.0.0.1",
            "s3://bucket?endpoint=not a url",
            "s3://bucket?allow_http=yes",
            "s3://bucket?region=",
            "s3://bucket?regoin=eu-west-1",
            "s3://bucket?region=a&region=b",
            "gs://bucket",
        ] {
            let err = S3Settings::from_url(url, creds).unwrap_err();
            assert!(
                matches!(err, StorageError::Unavailable(_)),
                "{url}: {err:?}"
            );
        }
    }

    #[test]
    fn requires_credentials() {
        let err = S3Settings::from_url("s3://bucket", |_| None).unwrap_err();
        assert!(err.to_string().contains("AWS_ACCESS_KEY_ID"), "{err}");
        let only_key = |k: &str| (k == "AWS_ACCESS_KEY_ID").then(|| "k".to_owned());
        assert!(S3Settings::from_url("s3://bucket", only_key).is_err());
    }

    /// The contract against a real S3 API: moto's server on 127.0.0.1.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn s3_store_meets_the_contract_against_moto() {
        let Some(moto) = MotoServer::start_or_skip() else {
            return;
        };
        let bucket = "ekg-documents";
        moto.create_bucket(bucket);
        let url = format!(
            "s3://{bucket}?endpoint={}&region=us-east-1&allow_http=true",
            moto.endpoint()
        );
        let settings = S3Settings::from_url(&url, |k| match k {
            "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" => Some("test".into()),
            _ => None,
        })
        .unwrap();
        let store = S3DocumentStore::new(settings.clone()).unwrap();
        store.prepare().await.unwrap();
        store_contract(&store).await;

        // Objects really are in moto, path-style at `<bucket>/<key>`.
        let key = DocumentKey::random().unwrap();
        store
            .put(&key, Bytes::from_static(b"%PDF-1.7"))
            .await
            .unwrap();
        assert!(moto.has_object(bucket, key.as_str()));
        store.delete(&key).await.unwrap();
        assert!(!moto.has_object(bucket, key.as_str()));

        // A missing bucket is an error, not a missing document.
        let missing = S3DocumentStore::new(S3Settings {
            bucket: "no-such-bucket".into(),
            ..settings
        })
        .unwrap();
        let key = DocumentKey::random().unwrap();
        let err = missing.prepare().await.unwrap_err();
        assert!(matches!(err, StorageError::Unavailable(_)), "{err:?}");
        let err = missing.get(&key).await.unwrap_err();
        assert!(matches!(err, StorageError::Unavailable(_)), "{err:?}");
        let err = missing
            .put(&key, Bytes::from_static(b"x"))
            .await
            .unwrap_err();
        assert!(matches!(err, StorageError::Unavailable(_)), "{err:?}");
    }

    /// A server that is not there: an error (quickly, with bounded retries), never a panic
    /// or `Ok(None)`.
    #[tokio::test]
    async fn unreachable_endpoint_is_unavailable() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let store = S3DocumentStore::new(S3Settings {
            bucket: "b12".into(),
            endpoint: Some(format!("http://127.0.0.1:{port}")),
            region: DEFAULT_REGION.into(),
            allow_http: true,
            access_key_id: "test".into(),
            secret_access_key: "test".into(),
            session_token: None,
        })
        .unwrap();
        let key = DocumentKey::random().unwrap();
        let started = std::time::Instant::now();
        let err = store.get(&key).await.unwrap_err();
        assert!(matches!(err, StorageError::Unavailable(_)), "{err:?}");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{:?}",
            started.elapsed()
        );
    }
}

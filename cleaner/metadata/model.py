"""The record extract_metadata() returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, init=False)
class Metadata:
    """What a page says about itself. Every field is None (or an empty tuple) when unknown.

    title: the headline, without a site-name suffix.
    authors: author names, best source first.
    published, modified: ISO 8601 date ("2025-12-22") or datetime ("2025-12-22T16:42:00+09:00").
    site_name: the site or publication name.
    language: primary language subtag, lower case ("en", "ko").
    canonical_url, image: absolute URLs when a base is known (``url`` or ``<base href>``).
    description: the page's summary.
    tags: keywords, categories and sections, deduplicated.
    """

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None

    def __init__(self, title: str | None = None, authors: tuple[str, ...] = (),
                 published: str | None = None, modified: str | None = None,
                 site_name: str | None = None, language: str | None = None,
                 canonical_url: str | None = None, description: str | None = None,
                 tags: tuple[str, ...] = (), image: str | None = None) -> None:
        # The fields above, set in one update: the generated __init__ of a frozen
        # dataclass sets each through object.__setattr__ (3.5x the time, once a page).
        self.__dict__.update(
            title=title, authors=authors, published=published, modified=modified,
            site_name=site_name, language=language, canonical_url=canonical_url,
            description=description, tags=tags, image=image)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["authors"] = list(self.authors)
        d["tags"] = list(self.tags)
        return d

"""cleaner: the main content of a web page, without the boilerplate around and after it.

    >>> import cleaner
    >>> article = cleaner.clean(html_bytes_or_str, url="https://example.com/a")
    >>> article.title, article.text
    >>> cleaner.explain(html_bytes_or_str).to_html()    # why each block was kept or dropped

For many records (Spark, Ray, plain loops): cleaner.iter_clean(records) and
cleaner.clean_batch(columns), see cleaner/stream.py.
Site-aware: profiles = cleaner.learn_sites(pairs); cleaner.clean(html, url, sites=profiles).
"""

from .article import Article
from .core import clean
from .explain import Explanation, explain
from .metadata import Metadata
from .options import Options
from .sites import ProfileError, SiteProfile, learn_sites
from .stream import clean_batch, iter_clean

__all__ = ["Article", "Explanation", "Metadata", "Options", "ProfileError", "SiteProfile",
           "__version__", "clean", "clean_batch", "explain", "iter_clean", "learn_sites"]
__version__ = "0.1.0"

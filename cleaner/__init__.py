"""cleaner: the main content of a web page, without the boilerplate around and after it.

    >>> import cleaner
    >>> article = cleaner.clean(html_bytes_or_str, url="https://example.com/a")
    >>> article.title, article.text
    >>> cleaner.explain(html_bytes_or_str).to_html()    # why each block was kept or dropped
"""

from .article import Article
from .core import clean
from .explain import Explanation, explain
from .options import Options

__all__ = ["Article", "Explanation", "Options", "__version__", "clean", "explain"]
__version__ = "0.1.0"

"""cleaner: the main content of a web page, without the boilerplate around and after it.

    >>> import cleaner
    >>> article = cleaner.clean(html_bytes_or_str, url="https://example.com/a")
    >>> article.title, article.text
"""

from .article import Article
from .core import clean
from .options import Options

__all__ = ["Article", "Options", "__version__", "clean"]
__version__ = "0.1.0"
